/**
 * `minikube` as a learner uses it against this cluster: status, ip, service URLs, addons,
 * dashboard, start/stop and node add, with minikube v1.35's output lines.
 */
import {
  ingressAddonDeleteRequests,
  ingressAddonRequests,
  ingressControllerReady,
} from '../../cluster/addons/ingress';
import {
  metricsServerAddonDeleteRequests,
  metricsServerAddonRequests,
} from '../../cluster/addons/metricsServer';
import type { Cmd, Ctx } from './types';

const IP = '192.168.49.2';

interface ListOf<T> {
  items?: T[];
}
interface NodeLike {
  metadata: { name: string };
}
interface ServiceLike {
  metadata: { name: string; namespace: string };
  spec?: {
    type?: string;
    ports?: { port: number; nodePort?: number; name?: string; targetPort?: number | string }[];
  };
}

async function get<T>(ctx: Ctx, path: string): Promise<{ status: number; body: T }> {
  const res = await ctx.session.transport.request({ method: 'GET', path });
  return { status: res.status, body: res.body as T };
}

/** minikube's addons and who maintains them, as `minikube addons list` prints them. */
const ADDONS: [string, string][] = [
  ['ambassador', '3rd party (Ambassador)'],
  ['amd-gpu-device-plugin', '3rd party (AMD)'],
  ['auto-pause', 'minikube'],
  ['cloud-spanner', 'Google'],
  ['csi-hostpath-driver', 'Kubernetes'],
  ['dashboard', 'Kubernetes'],
  ['default-storageclass', 'Kubernetes'],
  ['efk', '3rd party (Elastic)'],
  ['freshpod', 'Google'],
  ['gcp-auth', 'Google'],
  ['gvisor', 'minikube'],
  ['headlamp', '3rd party (kinvolk.io)'],
  ['inaccel', '3rd party (InAccel\n[info@inaccel.com])'],
  ['ingress', 'Kubernetes'],
  ['ingress-dns', 'minikube'],
  ['inspektor-gadget', '3rd party\n(inspektor-gadget.io)'],
  ['istio', '3rd party (Istio)'],
  ['istio-provisioner', '3rd party (Istio)'],
  ['kong', '3rd party (Kong HQ)'],
  ['kubeflow', '3rd party'],
  ['kubevirt', '3rd party (KubeVirt)'],
  ['logviewer', '3rd party (unknown)'],
  ['metallb', '3rd party (MetalLB)'],
  ['metrics-server', 'Kubernetes'],
  ['nvidia-device-plugin', '3rd party (NVIDIA)'],
  ['nvidia-driver-installer', '3rd party (NVIDIA)'],
  ['nvidia-gpu-device-plugin', '3rd party (NVIDIA)'],
  ['olm', '3rd party (Operator Framework)'],
  ['pod-security-policy', '3rd party (unknown)'],
  ['portainer', '3rd party (Portainer.io)'],
  ['registry', 'minikube'],
  ['registry-aliases', '3rd party (unknown)'],
  ['registry-creds', '3rd party (UPMC Enterprises)'],
  ['storage-provisioner', 'minikube'],
  ['storage-provisioner-gluster', '3rd party (Gluster)'],
  ['storage-provisioner-rancher', '3rd party (Rancher)'],
  ['volcano', 'third-party (volcano)'],
  ['volumesnapshots', 'Kubernetes'],
  ['yakd', '3rd party (marcnuri.com)'],
];

/** Images minikube names when it enables an addon. */
const ADDON_IMAGES: Record<string, string[]> = {
  'metrics-server': ['registry.k8s.io/metrics-server/metrics-server:v0.7.2'],
  ingress: [
    'registry.k8s.io/ingress-nginx/controller:v1.11.3',
    'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4',
    'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.4',
  ],
  dashboard: [
    'docker.io/kubernetesui/dashboard:v2.7.0',
    'docker.io/kubernetesui/metrics-scraper:v1.0.8',
  ],
};

/** Terminal columns of a string (emoji take two). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /\p{Extended_Pictographic}/u.test(ch) ? 2 : 1;
  return w;
}

/** A table as minikube draws it (olekukonko/tablewriter): `|`-separated, `-` rules. */
function table(header: string[], rows: string[][], alignRight: boolean[] = []): string {
  // A cell with a newline takes several lines, as tablewriter wraps long cells.
  rows = rows.flatMap((r) => {
    const parts = r.map((c) => c.split('\n'));
    const n = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: n }, (_, k) => parts.map((p) => p[k] ?? ''));
  });
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|\n';
  const center = (s: string, w: number) => {
    const pad = w - width(s);
    const left = Math.floor(pad / 2);
    return ' '.repeat(left) + s + ' '.repeat(pad - left);
  };
  const line = (cells: string[], head: boolean) =>
    '|' +
    cells
      .map((c, i) => {
        const pad = ' '.repeat(widths[i] - width(c));
        return ' ' + (head ? center(c, widths[i]) : alignRight[i] ? pad + c : c + pad) + ' ';
      })
      .join('|') +
    '|\n';
  return rule + line(header, true) + rule + rows.map((r) => line(r, false)).join('') + rule;
}

async function status(ctx: Ctx): Promise<number> {
  const stopped = ctx.session.stopped;
  const state = stopped ? 'Stopped' : 'Running';
  let names = ['minikube'];
  if (!stopped) {
    const res = await get<ListOf<NodeLike>>(ctx, '/api/v1/nodes');
    names = (res.body.items ?? []).map((n) => n.metadata.name).sort();
  }
  let text = '';
  for (const n of names) {
    const primary = n === 'minikube';
    text += `${n}\ntype: ${primary ? 'Control Plane' : 'Worker'}\nhost: ${state}\nkubelet: ${state}\n`;
    if (primary) text += `apiserver: ${state}\nkubeconfig: ${stopped ? 'Stopped' : 'Configured'}\n`;
    text += '\n';
  }
  ctx.out(text);
  return stopped ? 7 : 0;
}

function notRunning(ctx: Ctx, what: string): number {
  ctx.err(
    `🤷  The control-plane node minikube host is not running: state=Stopped\n👉  To start a cluster, run: "minikube start"\n`,
  );
  void what;
  return 83;
}

async function service(ctx: Ctx, args: string[]): Promise<number> {
  let ns = 'default';
  let url = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--url') url = true;
    else if (a === '-n' || a === '--namespace') ns = args[++i] ?? ns;
    else if (a.startsWith('--namespace=')) ns = a.slice(12);
    else if (a === 'list') names.push(a);
    else if (!a.startsWith('-')) names.push(a);
  }
  if (ctx.session.stopped) return notRunning(ctx, 'service');
  if (names[0] === 'list') {
    const res = await get<ListOf<ServiceLike>>(ctx, '/api/v1/services');
    const rows = (res.body.items ?? []).map((s) => {
      const np = s.spec?.ports?.find((p) => p.nodePort);
      return [
        s.metadata.namespace,
        s.metadata.name,
        np ? `${np.name ?? ''}/${np.port}` : 'No node port',
        np ? `http://${IP}:${np.nodePort}` : '',
      ];
    });
    ctx.out(table(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], rows));
    return 0;
  }
  const name = names[0];
  if (!name) {
    ctx.err('❌  Exiting due to MK_USAGE: You must specify service name(s) or --all\n');
    return 64;
  }
  const res = await get<ServiceLike>(
    ctx,
    `/api/v1/namespaces/${encodeURIComponent(ns)}/services/${encodeURIComponent(name)}`,
  );
  if (res.status !== 200) {
    ctx.err(
      `\n❌  Exiting due to SVC_NOT_FOUND: Service '${name}' was not found in '${ns}' namespace.\nYou may select another namespace by using 'minikube service ${name} -n <namespace>'. Or list out all the services using 'minikube service list'\n\n`,
    );
    return 89;
  }
  const ports = (res.body.spec?.ports ?? []).filter((p) => p.nodePort);
  if (ports.length === 0) {
    ctx.err(`😿  service ${ns}/${name} has no node port\n`);
    if (url) return 0;
    ctx.out(table(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], [[ns, name, '', 'No node port']]));
    return 0;
  }
  if (url) {
    ctx.out(ports.map((p) => `http://${IP}:${p.nodePort}\n`).join(''));
    return 0;
  }
  const rows = ports.map((p, i) => [
    i === 0 ? ns : '',
    i === 0 ? name : '',
    p.name ? `${p.name}/${p.port}` : String(p.port),
    `http://${IP}:${p.nodePort}`,
  ]);
  ctx.out(table(['NAMESPACE', 'NAME', 'TARGET PORT', 'URL'], rows, [false, false, true, false]));
  ctx.out(`🎉  Opening service ${ns}/${name} in default browser...\n`);
  return 0;
}

async function addons(ctx: Ctx, args: string[]): Promise<number> {
  const sub = args[0];
  const enabled = ctx.session.addons;
  if (sub === 'list' || sub === undefined) {
    // A cluster may have booted with metrics-server (createCluster({ addons })): its Deployment says.
    if (!ctx.session.stopped) {
      const ms = await get(ctx, '/apis/apps/v1/namespaces/kube-system/deployments/metrics-server');
      if (ms.status === 200) enabled.add('metrics-server');
      else if (ms.status === 404) enabled.delete('metrics-server');
    }
    const rows = ADDONS.map(([name, maintainer]) => [
      name,
      'minikube',
      enabled.has(name) ? 'enabled ✅' : 'disabled',
      maintainer,
    ]);
    ctx.out(table(['ADDON NAME', 'PROFILE', 'STATUS', 'MAINTAINER'], rows));
    return 0;
  }
  if (sub === 'enable' || sub === 'disable') {
    const name = args[1];
    if (!name) {
      ctx.err(`❌  Exiting due to MK_USAGE: usage: minikube addons ${sub} ADDON_NAME\n`);
      return 64;
    }
    const addon = ADDONS.find(([n]) => n === name);
    if (!addon) {
      ctx.err(
        `\n❌  Exiting due to MK_ADDON_${sub.toUpperCase()}: ${sub} failed: run callbacks: ${name} is not a valid addon\n\n`,
      );
      return 69;
    }
    if (ctx.session.stopped) return notRunning(ctx, 'addons');
    if (sub === 'disable') {
      if (name === 'ingress') await sendAll(ctx, ingressAddonDeleteRequests());
      if (name === 'metrics-server') await sendAll(ctx, metricsServerAddonDeleteRequests());
      enabled.delete(name);
      ctx.out(`🌑  "The '${name}' addon is disabled\n`);
      return 0;
    }
    let text = '';
    if (addon[1] === 'Kubernetes' || addon[1] === 'minikube') {
      text += `💡  ${name} is an addon maintained by ${addon[1]}. For any concerns contact minikube on GitHub.\nYou can view the list of minikube maintainers at: https://github.com/kubernetes/minikube/blob/master/OWNERS\n`;
    }
    for (const img of ADDON_IMAGES[name] ?? []) text += `    ▪ Using image ${img}\n`;
    if (name === 'ingress') {
      text += '🔎  Verifying ingress addon...\n';
      ctx.out(text);
      text = '';
      await sendAll(ctx, ingressAddonRequests());
      if (!(await waitForIngress(ctx))) {
        ctx.err(
          '\n❌  Exiting due to MK_ADDON_ENABLE: enable failed: run callbacks: running callbacks: [waiting for app.kubernetes.io/name=ingress-nginx pods: context deadline exceeded]\n\n',
        );
        return 69;
      }
    }
    // minikube does not wait for metrics-server: the Metrics API comes once its pod is Ready.
    if (name === 'metrics-server') await sendAll(ctx, metricsServerAddonRequests());
    if (name === 'dashboard') {
      text +=
        '💡  Some dashboard features require the metrics-server addon. To enable all features please run:\n\n\tminikube addons enable metrics-server\n\n';
    }
    text += `🌟  The '${name}' addon is enabled\n`;
    enabled.add(name);
    ctx.out(text);
    return 0;
  }
  ctx.err(
    `Error: unknown command "${sub}" for "minikube addons"\nRun 'minikube addons --help' for usage.\n`,
  );
  return 64;
}

/** The add-on's objects, created (or deleted) as `kubectl apply -f` (`delete -f`) would. */
async function sendAll(
  ctx: Ctx,
  reqs: { method: string; path: string; headers?: Record<string, string>; body?: unknown }[],
): Promise<void> {
  for (const req of reqs) await ctx.session.transport.request(req);
}

/** minikube waits up to 6 minutes for the controller pod to be Ready; so does virtual time. */
async function waitForIngress(ctx: Ctx): Promise<boolean> {
  const STEP_MS = 1000;
  for (let waited = 0; waited <= 6 * 60_000; waited += STEP_MS) {
    const res = await get<ListOf<{ metadata: { labels?: Record<string, string> } }>>(
      ctx,
      '/api/v1/namespaces/ingress-nginx/pods',
    );
    if (ingressControllerReady(res.body.items ?? [])) return true;
    if (!(await ctx.session.sleep(STEP_MS, ctx.signal))) return false;
  }
  return false;
}

const DASHBOARD_URL =
  'http://127.0.0.1:36143/api/v1/namespaces/kubernetes-dashboard/services/http:kubernetes-dashboard:/proxy/';

function dashboard(ctx: Ctx, args: string[]): number {
  if (ctx.session.stopped) return notRunning(ctx, 'dashboard');
  const url = args.includes('--url');
  let text = '';
  if (!ctx.session.addons.has('dashboard')) {
    text += '🔌  Enabling dashboard ...\n';
    for (const img of ADDON_IMAGES.dashboard) text += `    ▪ Using image ${img}\n`;
    text +=
      '💡  Some dashboard features require the metrics-server addon. To enable all features please run:\n\n\tminikube addons enable metrics-server\n\n';
    ctx.session.addons.add('dashboard');
  }
  text +=
    '🤔  Verifying dashboard health ...\n🚀  Launching proxy ...\n🤔  Verifying proxy health ...\n';
  if (url) {
    ctx.err(text);
    ctx.out(DASHBOARD_URL + '\n');
  } else ctx.out(text + `🎉  Opening ${DASHBOARD_URL} in your default browser...\n`);
  return 0;
}

function start(ctx: Ctx): number {
  const wasStopped = ctx.session.stopped;
  ctx.session.stopped = false;
  ctx.out(
    '😄  minikube v1.35.0 on Ubuntu 22.04\n' +
      '✨  Using the docker driver based on existing profile\n' +
      '👍  Starting "minikube" primary control-plane node in "minikube" cluster\n' +
      '🚜  Pulling base image v0.0.46 ...\n' +
      (wasStopped
        ? '🔄  Restarting existing docker container for "minikube" ...\n'
        : '🏃  Updating the running docker "minikube" container ...\n') +
      '🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n' +
      '🔎  Verifying Kubernetes components...\n' +
      '    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5\n' +
      `🌟  Enabled addons: ${[...ctx.session.addons].sort().reverse().join(', ')}\n` +
      '🏄  Done! kubectl is now configured to use "minikube" cluster and "default" namespace by default\n',
  );
  return 0;
}

async function stop(ctx: Ctx): Promise<number> {
  if (ctx.session.stopped) {
    ctx.out('✋  Stopping node "minikube"  ...\n🛑  1 node stopped.\n');
    return 0;
  }
  const res = await get<ListOf<NodeLike>>(ctx, '/api/v1/nodes');
  const names = (res.body.items ?? []).map((n) => n.metadata.name).sort();
  let text = '';
  for (const n of names)
    text += `✋  Stopping node "${n}"  ...\n🛑  Powering off "${n}" via SSH ...\n`;
  text += `🛑  ${names.length} node${names.length === 1 ? '' : 's'} stopped.\n`;
  ctx.session.stopped = true;
  ctx.out(text);
  return 0;
}

function node(ctx: Ctx, args: string[]): number {
  if (args[0] !== 'add') {
    ctx.err(
      `Error: unknown command "${args[0] ?? ''}" for "minikube node"\nRun 'minikube node --help' for usage.\n`,
    );
    return 64;
  }
  if (ctx.session.stopped) return notRunning(ctx, 'node');
  const name = ctx.session.backend.addNode();
  const short = name.replace(/^minikube-/, '');
  ctx.out(
    `😄  Adding node ${short} to cluster minikube as [worker]\n` +
      `👍  Starting "${name}" worker node in "minikube" cluster\n` +
      '🚜  Pulling base image v0.0.46 ...\n' +
      '🔥  Creating docker container (CPUs=2, Memory=2200MB) ...\n' +
      '🐳  Preparing Kubernetes v1.32.0 on Docker 27.4.1 ...\n' +
      '🔎  Verifying Kubernetes components...\n' +
      `🏄  Successfully added ${short} to minikube!\n`,
  );
  return 0;
}

export const minikube: Cmd = async (ctx) => {
  const [sub, ...rest] = ctx.argv.slice(1);
  switch (sub) {
    case 'status':
      return status(ctx);
    case 'ip':
      if (ctx.session.stopped) return notRunning(ctx, 'ip');
      ctx.out(IP + '\n');
      return 0;
    case 'service':
      return service(ctx, rest);
    case 'addons':
      return addons(ctx, rest);
    case 'dashboard':
      return dashboard(ctx, rest);
    case 'start':
      return start(ctx);
    case 'stop':
      return stop(ctx);
    case 'node':
      return node(ctx, rest);
    case 'version':
      ctx.out(
        'minikube version: v1.35.0\ncommit: dd5d320e41b5451cdf3c01891bc4e13d189586ed-dirty\n',
      );
      return 0;
    case 'kubectl':
      return ctx.session.lookup('kubectl')!({
        ...ctx,
        argv: ['kubectl', ...rest.filter((a) => a !== '--')],
      });
    case undefined:
      ctx.out(
        'minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\nBasic Commands:\n  start            Starts a local Kubernetes cluster\n  status           Gets the status of a local Kubernetes cluster\n  stop             Stops a running local Kubernetes cluster\n  dashboard        Access the Kubernetes dashboard running within the minikube cluster\n\nImages Commands:\n  addons           Enable or disable a minikube addon\n  ip               Retrieves the IP address of the specified node\n  node             Add, remove, or list additional nodes\n  service          Returns a URL to connect to a service\n  version          Print the version of minikube\n\nUse "minikube <command> --help" for more information about a given command.\n',
      );
      return 0;
  }
  ctx.err(`Error: unknown command "${sub}" for "minikube"\nRun 'minikube --help' for usage.\n`);
  return 64;
};
