/**
 * Making and opening scenario links (see scenarioLink.ts) through the Worker's ordinary
 * requests: `kubectl get … -o json` and the shared files to make one; Reset, the files and
 * `kubectl apply` to open one. A broken link says why and leaves an empty cluster.
 */
import type { KubeObject } from '../../cluster/api/types';
import type { ClusterSettings } from '../../worker/protocol';
import { DEFAULT_SETTINGS } from '../../worker/protocol';
import type { WorkerClient } from '../bridge/WorkerClient';
import { usePersistStore } from './persistStore';
import {
  authored,
  decodeScenario,
  encodeScenario,
  LINK_PREFIX,
  SCENARIO_RESOURCES,
} from './scenarioLink';
import type { WorkerSupervisor } from './WorkerSupervisor';

/** A link that rebuilds this cluster's own objects and files on a cluster of `settings`. */
export async function createShareLink(
  client: WorkerClient,
  settings: ClusterSettings,
): Promise<string> {
  const got = await client.request('exec', {
    command: `kubectl get ${SCENARIO_RESOURCES} -A -o json`,
  });
  if (got.exitCode !== 0) throw new Error(got.stderr.trim() || 'kubectl get failed');
  const items = (JSON.parse(got.stdout) as { items: KubeObject[] }).items;
  const objects = items.map(authored).filter((o): o is KubeObject => o !== null);
  // Namespaces first, so the objects in them can be created.
  objects.sort((a, b) => Number(a.kind !== 'Namespace') - Number(b.kind !== 'Namespace'));
  const { files } = await client.request('fs.list', {});
  const fragment = await encodeScenario({ v: 1, settings, objects, files });
  return `${location.origin}${location.pathname}${fragment}`;
}

/** Opens the scenario of the page's URL fragment, if it has one. */
export async function openScenarioLink(
  client: WorkerClient,
  supervisor: WorkerSupervisor,
): Promise<void> {
  const fragment = location.hash;
  if (!fragment.startsWith(LINK_PREFIX)) return;
  // Opened once: a reload restores the autosave, not the link again.
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  const notify = usePersistStore.getState().notify;
  let scenario;
  try {
    scenario = await decodeScenario(fragment);
  } catch (e) {
    await supervisor.reset(DEFAULT_SETTINGS);
    await client.request('fs.list', {}); // the new Worker is up: its own notice is out
    notify(
      'alert',
      `This scenario link is broken: ${e instanceof Error ? e.message : String(e)}. An empty cluster started instead.`,
    );
    return;
  }
  await supervisor.reset(scenario.settings, scenario.files);
  let applied = '';
  if (scenario.objects.length) {
    const path = '/tmp/shared-scenario.json';
    await client.request('fs.write', {
      path,
      content: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: scenario.objects }),
    });
    const r = await client.request('exec', { command: `kubectl apply -f ${path}` });
    await client.request('fs.remove', { path });
    if (r.exitCode !== 0) applied = ` Some objects were refused: ${r.stderr.trim().split('\n')[0]}`;
  }
  const n = scenario.objects.length;
  const f = Object.keys(scenario.files).length;
  notify(
    applied ? 'alert' : 'info',
    `Opened the shared scenario: ${n} object${n === 1 ? '' : 's'} and ${f} file${f === 1 ? '' : 's'}.${applied}`,
  );
}
