/**
 * The Worker's side of the editor: the schema it builds from the API server's OpenAPI, and
 * `kubectl edit` in the terminal waiting for the page's editor (editor.open / editor.done).
 */
import { describe, expect, it } from 'vitest';
import { PlaygroundSession } from './PlaygroundSession';
import type { WallTime } from './ClockDriver';
import type { PageMessage, WorkerMessage } from './protocol';

/** Wall time that never moves by itself (the clock stays paused in these tests). */
const wall: WallTime = {
  now: () => 0,
  schedule: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

const tick = () => new Promise((r) => setTimeout(r, 0));

function newPage() {
  const messages: WorkerMessage[] = [];
  let output = '';
  let nextId = 1;
  const ref: { session?: PlaygroundSession } = {};
  const send = (msg: PageMessage) => ref.session!.receive(msg);
  const session = new PlaygroundSession({
    wall,
    paused: true,
    post: (msg) => {
      messages.push(msg);
      if (msg.type === 'terminal.output') output += msg.data;
      if (msg.type === 'frame') queueMicrotask(() => send({ type: 'frame.ack' }));
    },
  });
  ref.session = session;
  async function until<T>(find: () => T | undefined): Promise<T> {
    for (let i = 0; i < 500; i++) {
      const v = find();
      if (v !== undefined) return v;
      await tick();
    }
    throw new Error('timed out');
  }
  return {
    session,
    messages,
    send,
    until,
    get output() {
      return output;
    },
    async request(method: string, params: object): Promise<unknown> {
      const id = nextId++;
      send({ type: 'request', id, method, params } as PageMessage);
      const res = await until(() => messages.find((m) => m.type === 'response' && m.id === id));
      if (res.type !== 'response' || !res.ok) throw new Error(JSON.stringify(res));
      return res.result;
    },
    /** Types a line and waits for the next prompt. */
    async type(line: string): Promise<string> {
      const before = output.length;
      send({ type: 'terminal.input', data: line + '\r' });
      await until(() => (output.slice(before).includes('$ ') ? true : undefined));
      return output.slice(before);
    },
    /** Types a line that does not finish by itself; returns what it printed so far later. */
    start(line: string): () => string {
      const before = output.length;
      send({ type: 'terminal.input', data: line + '\r' });
      return () => output.slice(before);
    },
  };
}

type Json = Record<string, unknown>;

describe('editor.schema', () => {
  it('has a branch per served kind, with strict objects, descriptions and enums', async () => {
    const page = newPage();
    const { schema } = (await page.request('editor.schema', {})) as { schema: Json };
    const defs = schema.definitions as Record<string, Json>;
    const branches = schema.allOf as { if: Json; then: { $ref: string } }[];
    const branch = (apiVersion: string, kind: string) =>
      branches.find((b) => {
        const p = (b.if.properties as Record<string, { const: string }>) ?? {};
        return p.apiVersion.const === apiVersion && p.kind.const === kind;
      });
    for (const [v, k] of [
      ['v1', 'Pod'],
      ['v1', 'Service'],
      ['apps/v1', 'Deployment'],
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ]) {
      expect(branch(v, k), `${v} ${k}`).toBeDefined();
    }
    expect(branch('apps/v1', 'DeploymentList')).toBeUndefined();
    expect(branch('apps/v1', 'Deployment')!.then.$ref).toBe(
      '#/definitions/io.k8s.api.apps.v1.Deployment',
    );
    const spec = defs['io.k8s.api.apps.v1.DeploymentSpec'];
    // A misspelt field is an error, as for the API server's strict field validation.
    expect(spec.additionalProperties).toBe(false);
    const replicas = (spec.properties as Record<string, Json>).replicas;
    expect(replicas.type).toBe('integer');
    expect(replicas.description).toMatch(/Number of desired pods/);
    // Refs point into the schema's own definitions, never at OpenAPI components.
    expect(JSON.stringify(schema)).not.toContain('#/components/schemas/');
    const serviceType = (defs['io.k8s.api.core.v1.ServiceSpec'].properties as Record<string, Json>)
      .type;
    expect(serviceType.enum).toEqual(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
    // Maps keep their value schema; labels are free-form.
    const meta = defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties as Record<
      string,
      Json
    >;
    expect(meta.labels.additionalProperties).toEqual({ type: 'string' });
    // kubectl edit shows a pod template's `creationTimestamp: null`.
    expect(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].type).toEqual(['string', 'null']);
    const kinds = (schema.properties as Record<string, Json>).kind.enum as string[];
    expect(kinds).toContain('Deployment');
  });

  it("includes a custom resource's kind once its CRD is served", async () => {
    const page = newPage();
    const before = (await page.request('editor.schema', {})) as { schema: Json };
    expect(JSON.stringify(before.schema)).not.toContain('stable.example.com/v1');
    await page.request('fs.write', {
      path: 'crd.yaml',
      content: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec: {type: string, description: The schedule.}
`,
    });
    expect(await page.type('kubectl apply -f crd.yaml')).toContain('created');
    const { schema } = (await page.request('editor.schema', {})) as { schema: Json };
    const text = JSON.stringify(schema);
    expect(text).toContain('"const":"stable.example.com/v1"');
    expect(text).toContain('The schedule.');
  });
});

describe('kubectl edit', () => {
  it('opens in the editor and applies what is saved', async () => {
    const page = newPage();
    await page.type('kubectl create deployment web --image=nginx');
    const printed = page.start('kubectl edit deployment web');
    const open = await page.until(() => page.messages.find((m) => m.type === 'editor.open'));
    if (open.type !== 'editor.open') throw new Error('unreachable');
    expect(open.path).toMatch(/^\/tmp\/kubectl-edit-\d+\.yaml$/);
    expect(open.content).toMatch(/^# Please edit the object below/);
    expect(open.content).toContain('  replicas: 1\n');
    page.send({
      type: 'editor.done',
      id: open.id,
      content: open.content.replace('  replicas: 1\n', '  replicas: 3\n'),
    });
    await page.until(() => (printed().includes('$ ') ? true : undefined));
    expect(printed()).toContain('deployment.apps/web edited');
    expect(await page.type("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).toContain(
      '3',
    );
  });

  it('reopens a rejected save with the failures on top, as a new editor.open', async () => {
    const page = newPage();
    await page.type('kubectl create deployment web --image=nginx');
    const printed = page.start('kubectl edit deployment web');
    const opens = () => page.messages.filter((m) => m.type === 'editor.open');
    const first = await page.until(() => opens()[0]);
    if (first.type !== 'editor.open') throw new Error('unreachable');
    page.send({
      type: 'editor.done',
      id: first.id,
      content: first.content.replace('  replicas: 1\n', '  replicas: -1\n'),
    });
    const second = await page.until(() => opens()[1]);
    if (second.type !== 'editor.open') throw new Error('unreachable');
    expect(second.id).not.toBe(first.id);
    expect(second.content).toContain(
      '#\n# deployments.apps "web" was not valid:\n# * spec.replicas: Invalid value: -1: must be greater than or equal to 0\n#\napiVersion: apps/v1\n',
    );
    expect(second.content).toContain('  replicas: -1\n');
    expect(printed()).toContain('error: deployments.apps "web" is invalid');
    page.send({
      type: 'editor.done',
      id: second.id,
      content: second.content.replace('  replicas: -1\n', '  replicas: 2\n'),
    });
    await page.until(() => (printed().includes('$ ') ? true : undefined));
    expect(printed()).toContain('deployment.apps/web edited');
    expect(await page.type("kubectl get deployment web -o jsonpath='{.spec.replicas}'")).toContain(
      '2',
    );
  });

  it('gives up when a rejected file is saved again unchanged, keeping a copy in /tmp', async () => {
    const page = newPage();
    await page.type('kubectl create configmap c --from-literal=a=b');
    const printed = page.start('kubectl edit configmap c');
    const opens = () => page.messages.filter((m) => m.type === 'editor.open');
    const first = await page.until(() => opens()[0]);
    if (first.type !== 'editor.open') throw new Error('unreachable');
    // `data: 1` followed by an indented key is not YAML.
    page.send({
      type: 'editor.done',
      id: first.id,
      content: first.content.replace(/^data:/m, 'data: 1'),
    });
    const second = await page.until(() => opens()[1]);
    if (second.type !== 'editor.open') throw new Error('unreachable');
    expect(second.content).toMatch(
      /^# \* <nil>: Invalid value: "The edited file failed validation": yaml: line \d+: mapping values are not allowed in this context$/m,
    );
    page.send({ type: 'editor.done', id: second.id, content: second.content });
    await page.until(() => (printed().includes('$ ') ? true : undefined));
    const copy = /A copy of your changes has been stored to "(\/tmp\/kubectl-edit-\d+\.yaml)"/.exec(
      printed(),
    );
    expect(copy).not.toBeNull();
    expect(printed()).toContain('error: Edit cancelled, no valid changes were saved.');
    expect(await page.type('echo $?')).toContain('1');
    expect(await page.type(`cat ${copy![1]}`)).toContain('data: 1');
  });

  it('prints "Edit cancelled" when the editor cancels', async () => {
    const page = newPage();
    await page.type('kubectl create configmap c --from-literal=a=b');
    const printed = page.start('kubectl edit configmap c');
    const open = await page.until(() => page.messages.find((m) => m.type === 'editor.open'));
    if (open.type !== 'editor.open') throw new Error('unreachable');
    page.send({ type: 'editor.done', id: open.id, content: null });
    await page.until(() => (printed().includes('$ ') ? true : undefined));
    expect(printed()).toContain('Edit cancelled, no changes made.');
  });

  it('stops waiting on Ctrl-C and tells the page to drop the tab', async () => {
    const page = newPage();
    await page.type('kubectl create configmap c --from-literal=a=b');
    const printed = page.start('kubectl edit configmap c');
    const open = await page.until(() => page.messages.find((m) => m.type === 'editor.open'));
    if (open.type !== 'editor.open') throw new Error('unreachable');
    page.send({ type: 'terminal.input', data: '\x03' });
    await page.until(() =>
      page.messages.find((m) => m.type === 'editor.closed' && m.id === open.id),
    );
    await page.until(() => (printed().includes('$ ') ? true : undefined));
    // A late answer from the page changes nothing.
    page.send({ type: 'editor.done', id: open.id, content: 'data: {a: z}\n' });
    expect(await page.type("kubectl get cm c -o jsonpath='{.data.a}'")).toMatch(/\bb\b/);
  });
});
