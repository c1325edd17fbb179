/**
 * The container runtime's contract. The kubelet starts containers from an image of the
 * catalogue; a running container is a ContainerProcess that writes log lines, may exit, answers
 * simulated HTTP on its ports, runs `exec` commands, and reports CPU and memory use. Everything
 * happens on the virtual clock: a process never blocks, it schedules.
 */
import type { VirtualClock } from '../clock/VirtualClock';
import type { Random } from '../clock/Random';

/** A simulated HTTP request, as it reaches a container (or leaves one through `NetworkClient`). */
export interface HttpRequest {
  method: string;
  /** "http://web.default.svc.cluster.local:80/path?q=1" as the client wrote it. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** Which pod answered ("namespace/name"), filled in by the network for the diagram. */
  servedBy?: string;
  /** Virtual ms the server took to answer; a client (wget, curl) waits that long for it. */
  latencyMs?: number;
}

/** What a container sees of the network: DNS and HTTP, as the cluster network provides. */
export interface NetworkClient {
  /** A records for `name` from this pod's point of view (search path of its namespace). */
  resolve(name: string): { ips: string[]; canonical: string } | { error: string };
  /** Sends a request; `undefined` host or refused port give an error string as curl would print. */
  http(req: HttpRequest): HttpResponse | { error: string };
}

/** A file tree as a container sees it: volumes and the image's own files, by absolute path. */
export interface ContainerFS {
  read(path: string): string | undefined;
  write(path: string, content: string, append?: boolean): void;
  list(dir: string): string[] | undefined;
  remove(path: string): boolean;
}

/** Everything a container needs to run. */
export interface ContainerSpec {
  /** The image reference as written in the pod: "nginx", "nginx:1.27", "busybox:1.36". */
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  workingDir?: string;
  hostname: string;
  /** Pod IP, for programs that print it. */
  podIP: string;
  /** Memory limit in bytes (OOMKilled above it), if any. */
  memoryLimitBytes?: number;
  fs: ContainerFS;
}

export interface ContainerIO {
  clock: VirtualClock;
  random: Random;
  network: NetworkClient;
  /** A line the container wrote to stdout or stderr (without the newline). */
  log(stream: 'stdout' | 'stderr', line: string): void;
  /** The main process ended: exit code, and the reason the runtime reports ("Completed", "Error", "OOMKilled"). */
  exit(code: number, reason: string): void;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ContainerProcess {
  /** Sends a signal; TERM lets a program finish its shutdown, KILL ends it at once (exit 137). */
  signal(sig: 'TERM' | 'KILL'): void;
  /**
   * Runs a command inside the container (probes and `kubectl exec`). Commands that sleep finish
   * later: `done` is called when the command ends, on the virtual clock.
   */
  exec(argv: string[], stdin: string | undefined, done: (r: ExecResult) => void): void;
  /** True when something listens on the TCP port (tcpSocket probes, connections). */
  listens(port: number): boolean;
  /** Answers a request to one of its ports, or undefined when nothing listens there. */
  http(port: number, req: HttpRequest): HttpResponse | undefined;
  /** Current use: CPU in millicores, memory in bytes. */
  usage(): { cpuMillis: number; memoryBytes: number };
}

/** One image of the catalogue. */
export interface ImageInfo {
  /** Repository as normalised by the runtime: "docker.io/library/nginx", "registry.k8s.io/echoserver". */
  repository: string;
  /** Tags the registry has; references to other tags fail to pull. */
  tags: string[];
  /** Compressed size: pull time follows from it. */
  sizeBytes: number;
  /** Starts the image's program. */
  start(spec: ContainerSpec, io: ContainerIO): ContainerProcess;
}
