/** The Pod and PodTemplate printers (printPod, printPodTemplate in upstream printers.go). */
import type { KubeObject } from '../types';
import type { Any } from './helpers';
import { humanDuration } from './duration';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  age,
  col,
  formatLabels,
  int,
  layoutContainerCells,
  str,
  timeOf,
} from './helpers';
import type { PrintContext, TablePrinter, TableRowCondition } from './types';

const podColumns = [
  NAME_COLUMN,
  col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 'The aggregate status of the containers in this pod.'),
  col(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  AGE_COLUMN,
  col('IP', 'string', 'core/v1.PodStatus.podIP', { priority: 1 }),
  col('Node', 'string', 'core/v1.PodSpec.nodeName', { priority: 1 }),
  col('Nominated Node', 'string', 'core/v1.PodStatus.nominatedNodeName', { priority: 1 }),
  col('Readiness Gates', 'string', 'core/v1.PodSpec.readinessGates', { priority: 1 }),
];

const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function isRestartableInitContainer(c: Any): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(pod: Any, type: string): boolean {
  for (const c of pod.status?.conditions ?? []) {
    if (c?.type === type && c?.status === 'True') return true;
  }
  return false;
}

function isPodInitializedConditionTrue(pod: Any): boolean {
  for (const c of pod.status?.conditions ?? []) {
    if (c?.type !== 'Initialized') continue;
    return c?.status === 'True';
  }
  return false;
}

/** The pod's READY, STATUS and RESTARTS cells, with upstream's full reasoning. */
export function podSummary(
  pod: Any,
  ctx: PrintContext,
): { ready: string; reason: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers: Any[] = spec.initContainers ?? [];
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate = 0; // 0 stands for Go's zero time
  let lastRestartableInitContainerRestartDate = 0;

  const podPhase = str(status.phase);
  let reason = podPhase;
  if (str(status.reason) !== '') reason = status.reason;

  // A pod held by scheduling gates says so.
  for (const c of status.conditions ?? []) {
    if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const byName = new Map<string, Any>();
  for (const c of initContainers) {
    byName.set(c?.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  const finishedAt = (c: Any): number => timeOf(c?.lastState?.terminated?.finishedAt) ?? 0;

  let initializing = false;
  const initStatuses: Any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i] ?? {};
    restarts += int(container.restartCount);
    if (container.lastState?.terminated) {
      const t = finishedAt(container);
      if (lastRestartDate < t) lastRestartDate = t;
    }
    const restartable = isRestartableInitContainer(byName.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += int(container.restartCount);
      if (container.lastState?.terminated) {
        const t = finishedAt(container);
        if (lastRestartableInitContainerRestartDate < t)
          lastRestartableInitContainerRestartDate = t;
      }
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (str(terminated.reason) === '') {
        reason =
          int(terminated.signal) !== 0
            ? `Init:Signal:${int(terminated.signal)}`
            : `Init:ExitCode:${int(terminated.exitCode)}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
      initializing = true;
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
      initializing = true;
    }
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(pod)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses: Any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i] ?? {};
      restarts += int(container.restartCount);
      if (container.lastState?.terminated) {
        const t = finishedAt(container);
        if (lastRestartDate < t) lastRestartDate = t;
      }
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && str(waiting.reason) !== '') {
        reason = waiting.reason;
      } else if (terminated && str(terminated.reason) !== '') {
        reason = terminated.reason;
      } else if (terminated) {
        reason =
          int(terminated.signal) !== 0
            ? `Signal:${int(terminated.signal)}`
            : `ExitCode:${int(terminated.exitCode)}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod with a container still running is not "Completed".
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = timeOf(pod.metadata?.deletionTimestamp) !== undefined;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Failed' && podPhase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== 0) {
    restartsStr = `${restarts} (${humanDuration(ctx.now - lastRestartDate)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsStr };
}

function podIP(pod: Any): string {
  const ips: Any[] = pod.status?.podIPs ?? [];
  if (ips.length > 0) return str(ips[0]?.ip);
  // The internal object derives podIPs from podIP when only the latter is set.
  return str(pod.status?.podIP);
}

function readinessGates(pod: Any): string {
  const gates: Any[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let trueConditions = 0;
  for (const gate of gates) {
    for (const c of pod.status?.conditions ?? []) {
      if (c?.type === gate?.conditionType) {
        if (c?.status === 'True') trueConditions++;
        break;
      }
    }
  }
  return `${trueConditions}/${gates.length}`;
}

export const podPrinter: TablePrinter = {
  columns: podColumns,
  row(obj: KubeObject, ctx: PrintContext): unknown[] {
    const pod = obj as Any;
    const { ready, reason, restarts } = podSummary(pod, ctx);
    return [
      obj.metadata.name ?? '',
      ready,
      reason,
      restarts,
      age(obj, ctx),
      podIP(pod) || '<none>',
      str(pod.spec?.nodeName) || '<none>',
      str(pod.status?.nominatedNodeName) || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(obj: KubeObject): TableRowCondition[] | undefined {
    const phase = (obj as Any).status?.phase;
    if (phase === 'Succeeded') {
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    }
    if (phase === 'Failed') {
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    }
    return undefined;
  },
};

export const podTemplatePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    col('Containers', 'string', 'Names of each container in the template.'),
    col('Images', 'string', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  row(obj: KubeObject): unknown[] {
    const t = (obj as Any).template;
    const [names, images] = layoutContainerCells(t?.spec?.containers);
    return [obj.metadata.name ?? '', names, images, formatLabels(t?.metadata?.labels)];
  },
};
