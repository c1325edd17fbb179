/** Starts the cluster's Worker and wires its frames to the stores. */
import { useClockStore } from '../stores/clockStore';
import { useClusterStore } from '../stores/clusterStore';
import { useTrafficStore } from '../stores/trafficStore';
import { useWorkspaceStore } from '../stores/workspaceStore';
import { useKubeletStore } from '../inspector/kubeletStore';
import { useTimelineStore } from '../timeline/timelineStore';
import { startWorker } from './startWorker';
import { WorkerClient } from './WorkerClient';
import type { WorkerLike } from './WorkerClient';

export function connectWorker(worker: WorkerLike = startWorker()): WorkerClient {
  const clock = useClockStore.getState();
  const cluster = useClusterStore.getState();
  const client = new WorkerClient(worker, {
    ready: (c, stoppedKubelets) => {
      clock.setClock(c);
      useKubeletStore.getState().reset(stoppedKubelets);
    },
    frame: (c, diff, traffic, events) => {
      if (diff) cluster.applyDiff(diff);
      if (traffic) useTrafficStore.getState().add(traffic);
      // After the diff, so a ReplicaSet's "N of M desired" counts the pod just created.
      if (events) useTimelineStore.getState().add(events);
      clock.setClock(c);
    },
    fault: (message) => clock.setFault(message),
  });
  // `kubectl edit` in the terminal waits for the editor: show it (it loads on first show).
  client.onEdits((edits) => {
    if (edits.length) useWorkspaceStore.getState().setEditorOpen(true);
  });
  return client;
}
