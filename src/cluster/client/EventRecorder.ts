/**
 * Records core/v1 Events as upstream's record.EventRecorder does: named
 * `<object>.<16 hex digits>`, with source, first / last timestamps and a count; a repeat of the
 * same event (same object, reason, message, source) within ten minutes bumps the count of the
 * existing Event instead of adding one (the event correlator).
 */
import { isApiError } from '../api/errors';
import type { TypeRegistry } from '../api/registry';
import type { KubeObject } from '../api/types';
import type { VirtualClock } from '../clock/VirtualClock';
import type { Client } from './Client';

export interface EventSource {
  /** "deployment-controller", "default-scheduler", "kubelet", … */
  component: string;
  /** The node, for kubelet events. */
  host?: string;
}

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;
const IGNORE_UNKNOWN_FIELDS = { fieldValidation: 'Ignore' };

interface Seen {
  name: string;
  namespace: string;
  count: number;
  at: number;
}

export class EventRecorder {
  private seen = new Map<string, Seen>();
  private seq = 0;

  constructor(
    private client: Client,
    private registry: TypeRegistry,
    private clock: VirtualClock,
  ) {}

  /**
   * Records `reason` / `message` about `obj`. `fieldPath` names a part of it
   * ("spec.containers{nginx}"). Failures to record are dropped, as upstream does.
   */
  event(
    source: EventSource,
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const namespace = obj.metadata.namespace || 'default';
    const involved: Record<string, unknown> = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    if (!obj.metadata.namespace) delete involved.namespace;
    if (fieldPath) involved.fieldPath = fieldPath;
    const key = [
      source.component,
      source.host,
      obj.metadata.uid,
      fieldPath,
      reason,
      message,
      type,
    ].join('\u0000');
    const now = this.clock.now();
    const ts = this.clock.timestamp();
    const rt = this.registry.byResource('', 'v1', 'events')!;
    const prior = this.seen.get(key);
    try {
      if (prior && now - prior.at < AGGREGATE_WINDOW_MS) {
        prior.count++;
        prior.at = now;
        this.client.patch(rt, prior.namespace, prior.name, {
          count: prior.count,
          lastTimestamp: ts,
        });
        return;
      }
      const name = `${obj.metadata.name}.${this.hexName(now)}`;
      const ev: KubeObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: involved,
        reason,
        message,
        source: source.host
          ? { component: source.component, host: source.host }
          : { component: source.component },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      };
      // Built from known fields only: no unknown-field warnings to look for.
      this.client.create(rt, ev, IGNORE_UNKNOWN_FIELDS);
      this.seen.set(key, { name, namespace, count: 1, at: now });
    } catch (e) {
      if (!isApiError(e)) throw e;
    }
  }

  /** Upstream names events by the UnixNano of their time, in hex; a counter keeps them unique. */
  private hexName(nowMs: number): string {
    const nanos = BigInt(nowMs) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return nanos.toString(16).padStart(16, '0');
  }
}
