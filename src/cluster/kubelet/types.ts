/** What a pod worker needs from its node agent. */
import type { ResourceType } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { EventSource } from '../client/EventRecorder';
import type { ControllerContext } from '../controllers/types';
import type { ClusterNetwork } from '../network/types';
import type { ImageRegistry } from '../runtime/images';
import type { VolumeDir } from './volumes';

/** Lifecycle timings of the runtime, as data (kwok's Stages): what each step takes. */
export interface RuntimeTimings {
  /** RunPodSandbox and CNI: the pause container and the pod IP. */
  sandboxMs: number;
  /** CreateContainer. */
  createMs: number;
  /** StartContainer. */
  startMs: number;
  /** A pull: fixed overhead plus size / bandwidth. */
  pullOverheadMs: number;
  pullBytesPerSecond: number;
  /** A pull of an image already present (imagePullPolicy Always): the manifest check. */
  repullMs: number;
  /** PLEG relist: how long until the kubelet acts on a container's exit. */
  plegMs: number;
  /** A pod sync that failed is retried after this long (pod worker back-off). */
  retryMs: number;
  /** How soon after ErrImagePull the next sync reports ImagePullBackOff. */
  pullFailureResyncMs: number;
}

export const DEFAULT_TIMINGS: RuntimeTimings = {
  sandboxMs: 300,
  createMs: 60,
  startMs: 90,
  pullOverheadMs: 500,
  pullBytesPerSecond: 20_000_000,
  repullMs: 700,
  plegMs: 1000,
  retryMs: 10_000,
  pullFailureResyncMs: 1500,
};

export interface CachedImage {
  /** "nginx:latest" */
  name: string;
  repository: string;
  tag: string;
  digest: string;
  sizeBytes: number;
}

export interface NodeAgent {
  readonly ctx: ControllerContext;
  readonly network: ClusterNetwork;
  readonly registry: ImageRegistry;
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly timings: RuntimeTimings;
  readonly podsRT: ResourceType;
  readonly source: EventSource;
  /** False while the kubelet is stopped: nothing is reported. */
  readonly active: boolean;
  node(): KubeObject | undefined;
  image(key: string): CachedImage | undefined;
  addImage(img: CachedImage): void;
  /** Serialised pulls (serializeImagePulls): returns how long this pull waits for earlier ones. */
  reservePull(durationMs: number): number;
  hostDir(key: string): VolumeDir;
  workerGone(uid: string): void;
}
