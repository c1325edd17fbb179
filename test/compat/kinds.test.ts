/**
 * Every served kind through the real kubectl: apply, get in each output format, describe, label,
 * annotate, patch, replace, scale and delete. Expected output is what kubectl v1.32 prints against
 * a v1.32 cluster holding the same objects (see fixtures.ts for the state that implies).
 *
 * Each phase is one table of cases over the kinds; phases run in order, the kinds of a phase run
 * concurrently. Each namespaced kind lives in a namespace of its own, so `-A`, `-l` and `--all`
 * see exactly its object (and what a real cluster puts in every namespace).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { KubeObject } from '../../src/cluster/api/types';
import type { KindFixture, Phase } from './fixtures';
import { KIND_FIXTURES, WIDGET_CRD, labelsOf, manifest, namespaceOf, slug } from './fixtures';
import type { RunResult, TestCluster } from './harness';
import { kubectlAvailable, startCluster, table } from './harness';

const enabled = kubectlAvailable();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed kubectl output

/** The labels after the apply phase: the re-apply adds rev=2. */
const APPLIED = { rev: '2' };

/** `a=b,c=d`, sorted by key as labels.String() prints them. */
function labelString(f: KindFixture, extra: Record<string, string> = {}): string {
  const all = { ...labelsOf(f, extra), ...f.serverLabels };
  return Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join(',');
}

/** `it.concurrent.each` over the kinds, with the kinds that have a known gap in `phase` as `fails`. */
function eachKind(
  phase: Phase,
  fn: (f: KindFixture) => Promise<void>,
  which: (f: KindFixture) => boolean = () => true,
): void {
  const ok = KIND_FIXTURES.filter((f) => which(f) && !f.gaps?.[phase]);
  const gap = KIND_FIXTURES.filter((f) => which(f) && f.gaps?.[phase]);
  if (ok.length) it.concurrent.each(ok)('$name', fn);
  if (gap.length) it.concurrent.fails.each(gap)('$name (known gap)', fn);
}

describe.runIf(enabled)('real kubectl: every kind', () => {
  let c: TestCluster;
  /** The object as `get -o json` returned it in the get phase, for `replace`. */
  const fetched = new Map<string, Json>();

  /** kubectl with `-n <the fixture's namespace>` for namespaced kinds. */
  const k = (f: KindFixture, args: string[], opts?: { stdin?: string }): Promise<RunResult> =>
    c.kubectl(f.namespaced ? [...args, '-n', namespaceOf(f)] : args, opts);
  const file = (f: KindFixture, suffix: string, content: string): string =>
    c.file(`${slug(f)}-${suffix}.yaml`, content);
  /** Creates the fixture in-process: set-up for the delete cases, cheaper than a kubectl run. */
  const seed = (f: KindFixture): void => {
    const rt = c.cluster.registry.byKind(f.apiVersion, f.kind);
    if (!rt) throw new Error(`no resource type for ${f.apiVersion} ${f.kind}`);
    c.cluster.client.create(rt, parse(manifest(f, APPLIED)) as KubeObject);
  };

  beforeAll(async () => {
    c = await startCluster();
    const namespaces = KIND_FIXTURES.filter((f) => f.namespaced).map((f) =>
      stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespaceOf(f) } }),
    );
    const r = await c.kubectl([
      'apply',
      '-f',
      c.file('setup.yaml', [...namespaces, WIDGET_CRD].join('---\n')),
    ]);
    expect(r.stderr).toBe('');
  });
  afterAll(() => c?.close());

  describe('apply creates, re-apply configures, then unchanged; create again is AlreadyExists', () => {
    eachKind('apply', async (f) => {
      const first = file(f, 'v1', manifest(f));
      const created = await c.kubectl(['apply', '-f', first]);
      expect(created.stderr).toBe('');
      expect(created.stdout).toBe(`${f.ref}/${f.objName} created\n`);
      const second = file(f, 'v2', manifest(f, APPLIED));
      const configured = await c.kubectl(['apply', '-f', second]);
      expect(configured.stderr).toBe('');
      expect(configured.stdout).toBe(`${f.ref}/${f.objName} configured\n`);
      const [unchanged, again] = await Promise.all([
        c.kubectl(['apply', '-f', second]),
        c.kubectl(['create', '-f', first]),
      ]);
      expect(unchanged.stdout).toBe(
        `${f.ref}/${f.objName} ${f.reapplyConfigures ? 'configured' : 'unchanged'}\n`,
      );
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(
        `Error from server (AlreadyExists): error when creating "${first}": ${f.plural} "${f.objName}" already exists\n`,
      );
    });
  });

  describe('get: table, wide, yaml, json, name, jsonpath, custom-columns, labels, -l, -A', () => {
    eachKind('get', async (f) => {
      const ns = namespaceOf(f);
      const get = (...args: string[]) => k(f, ['get', f.resource, ...args]);
      const [plain, wide, yaml, json, jsonpath, custom, labels, match, none, all] =
        await Promise.all([
          get(f.objName),
          get(f.objName, '-o', 'wide'),
          get(f.objName, '-o', 'yaml'),
          get(f.objName, '-o', 'json'),
          get(f.objName, '-o', 'jsonpath={.metadata.name}'),
          get(f.objName, '-o', 'custom-columns=N:.metadata.name'),
          get(f.objName, '--show-labels'),
          get('-l', `case=${slug(f)}`, '-o', 'name'),
          get('-l', 'case=nope'),
          c.kubectl(['get', f.resource, '-A']),
        ]);
      expect(plain.stderr).toBe('');
      expect(table(plain.stdout)).toEqual([f.header, f.row]);
      expect(table(wide.stdout)[0]).toBe(f.wide);
      if (f.wideRow) expect(table(wide.stdout)[1]).toBe(f.wideRow);

      const y = parse(yaml.stdout) as Json;
      expect([y.apiVersion, y.kind, y.metadata?.name]).toEqual([f.apiVersion, f.kind, f.objName]);
      const j = JSON.parse(json.stdout) as Json;
      expect([j.apiVersion, j.kind, j.metadata?.name]).toEqual([f.apiVersion, f.kind, f.objName]);
      expect(j.metadata.labels).toEqual({ ...labelsOf(f, APPLIED), ...f.serverLabels });
      fetched.set(f.name, j);

      expect(jsonpath.stdout).toBe(f.objName);
      expect(table(custom.stdout)).toEqual(['N', f.objName]);
      expect(table(labels.stdout)).toEqual([
        `${f.header} | LABELS`,
        `${f.row} | ${labelString(f, APPLIED)}`,
      ]);
      expect(match.stdout).toBe(`${f.ref}/${f.objName}\n`);
      expect(none.stdout).toBe('');
      expect(none.stderr).toBe(
        f.namespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n',
      );
      const rows = table(all.stdout);
      if (f.namespaced) {
        expect(rows[0]).toBe(`NAMESPACE | ${f.header}`);
        expect(rows).toContain(`${ns} | ${f.row}`);
      } else {
        expect(rows[0]).toBe(f.header);
        expect(rows).toContain(f.row);
      }
    });
  });

  describe('the same stored object through the other group-version', () => {
    eachKind(
      'alias',
      async (f) => {
        const other = await k(f, [
          'get',
          f.alias!.resource,
          f.objName,
          '-o',
          'jsonpath={.apiVersion} {.kind} {.metadata.name}',
        ]);
        expect(other.stderr).toBe('');
        expect(other.stdout).toBe(`${f.alias!.apiVersion} ${f.kind} ${f.objName}`);
      },
      (f) => !!f.alias,
    );
  });

  describe('finalizers the server adds at create', () => {
    eachKind(
      'finalizers',
      async (f) => {
        const o = fetched.get(f.name);
        expect(o).toBeDefined();
        expect(o![f.finalizers!.path].finalizers).toEqual(f.finalizers!.names);
      },
      (f) => !!f.finalizers,
    );
  });

  describe('describe', () => {
    eachKind('describe', async (f) => {
      const r = await k(f, ['describe', f.resource, f.objName]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^Name:\\s+${f.objName.replace(/\./g, '\\.')}$`));
      if (f.describeNoLabels) return;
      const labels = labelString(f, APPLIED).split(',');
      const at = lines.findIndex((l) => l.startsWith('Labels:'));
      const pad = lines[at].indexOf(labels[0]);
      expect(lines.slice(at, at + labels.length)).toEqual(
        labels.map((l, i) => (i === 0 ? 'Labels:'.padEnd(pad) : ' '.repeat(pad)) + l),
      );
      // describe leaves last-applied-configuration out; what a controller added remains.
      const at2 = lines.findIndex((l) => l.startsWith('Annotations:'));
      const pad2 = lines[at2].search(/(?<=^Annotations:\s+)\S/);
      const annotations = Object.entries(f.serverAnnotations ?? {}).map(([k, v]) => `${k}: ${v}`);
      expect(lines.slice(at2, at2 + Math.max(1, annotations.length))).toEqual(
        (annotations.length ? annotations : ['<none>']).map(
          (a, i) => (i === 0 ? 'Annotations:'.padEnd(pad2) : ' '.repeat(pad2)) + a,
        ),
      );
    });

    it('ConfigMap: the whole layout, with its (empty) Events section', async () => {
      const f = fixture('ConfigMap');
      const [r, value] = await Promise.all([
        k(f, ['describe', 'configmap', 'demo']),
        k(f, ['get', 'configmap', 'demo', '-o', 'jsonpath={.data.key}']),
      ]);
      // kubectl ends each data value with a blank line of its own.
      expect(value.stdout).toBe('value');
      expect(r.stdout).toBe(
        [
          'Name:         demo',
          'Namespace:    kinds-configmap',
          'Labels:       case=configmap',
          '              rev=2',
          '              suite=kinds',
          'Annotations:  <none>',
          '',
          'Data',
          '====',
          'key:',
          '----',
          'value',
          '',
          '',
          'BinaryData',
          '====',
          '',
          'Events:  <none>',
          '',
        ].join('\n'),
      );
    });

    it('Secret: type and data sizes, no Events section', async () => {
      const f = fixture('Secret');
      const r = await k(f, ['describe', 'secret', 'demo']);
      expect(r.stdout).toBe(
        [
          'Name:         demo',
          'Namespace:    kinds-secret',
          'Labels:       case=secret',
          '              rev=2',
          '              suite=kinds',
          'Annotations:  <none>',
          '',
          'Type:  Opaque',
          '',
          'Data',
          '====',
          'key:  5 bytes',
          '',
        ].join('\n'),
      );
    });

    it('Namespace: the metadata.name label, status, quotas and limit ranges', async () => {
      const f = fixture('Namespace');
      const r = await k(f, ['describe', 'namespace', 'kinds-demo']);
      expect(r.stdout).toBe(
        [
          'Name:         kinds-demo',
          'Labels:       case=namespace',
          '              kubernetes.io/metadata.name=kinds-demo',
          '              rev=2',
          '              suite=kinds',
          'Annotations:  <none>',
          'Status:       Active',
          '',
          'No resource quota.',
          '',
          'No LimitRange resource.',
          '',
        ].join('\n'),
      );
    });

    // The claim is not here: its missing class earns it a ProvisioningFailed event, as upstream.
    it('Deployment, StatefulSet and Service end with "Events:  <none>"', async () => {
      const cases = ['Deployment', 'StatefulSet', 'Service'].map(fixture);
      const out = await Promise.all(cases.map((f) => k(f, ['describe', f.resource, f.objName])));
      for (const r of out) expect(r.stdout).toMatch(/\nEvents:\s+<none>\n$/);
    });
  });

  describe('replace, label, annotate, patch (strategic, merge, json), scale', () => {
    eachKind('mutate', async (f) => {
      const current = fetched.get(f.name);
      expect(current).toBeDefined();
      const edited = structuredClone(current!);
      edited.metadata.labels.replaced = 'yes';
      const replaced = await c.kubectl([
        'replace',
        '-f',
        file(f, 'replace', JSON.stringify(edited)),
      ]);
      expect(replaced.stderr).toBe('');
      expect(replaced.stdout).toBe(`${f.ref}/${f.objName} replaced\n`);

      const target = [f.resource, f.objName];
      const label = await k(f, ['label', ...target, 'touched=yes']);
      expect(label.stdout).toBe(`${f.ref}/${f.objName} labeled\n`);
      const annotate = await k(f, ['annotate', ...target, 'note=hello']);
      expect(annotate.stdout).toBe(`${f.ref}/${f.objName} annotated\n`);

      const strategic = await k(f, [
        'patch',
        ...target,
        '-p',
        '{"metadata":{"labels":{"patched":"strategic"}}}',
      ]);
      if (f.noStrategic) {
        expect(strategic.code).toBe(1);
        expect(strategic.stderr).toBe(
          `error: application/strategic-merge-patch+json is not supported by ${f.apiVersion}, Kind=${f.kind}: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n`,
        );
      } else {
        expect(strategic.stderr).toBe('');
        expect(strategic.stdout).toBe(`${f.ref}/${f.objName} patched\n`);
      }
      const merge = await k(f, [
        'patch',
        ...target,
        '--type=merge',
        '-p',
        '{"metadata":{"annotations":{"merged":"yes"}}}',
      ]);
      expect(merge.stderr).toBe('');
      expect(merge.stdout).toBe(`${f.ref}/${f.objName} patched\n`);
      const json = await k(f, [
        'patch',
        ...target,
        '--type=json',
        '-p',
        '[{"op":"add","path":"/metadata/labels/json","value":"yes"}]',
      ]);
      expect(json.stderr).toBe('');
      expect(json.stdout).toBe(`${f.ref}/${f.objName} patched\n`);

      if (f.scalable) {
        const scaled = await k(f, ['scale', ...target, '--replicas=3']);
        expect(scaled.stderr).toBe('');
        expect(scaled.stdout).toBe(`${f.ref}/${f.objName} scaled\n`);
      }

      const after = await k(f, ['get', ...target, '-o', 'json']);
      const o = JSON.parse(after.stdout) as Json;
      expect(o.metadata.labels).toEqual({
        ...labelsOf(f, APPLIED),
        ...f.serverLabels,
        replaced: 'yes',
        touched: 'yes',
        json: 'yes',
        ...(f.noStrategic ? {} : { patched: 'strategic' }),
      });
      expect(o.metadata.annotations.note).toBe('hello');
      expect(o.metadata.annotations.merged).toBe('yes');
      if (f.scalable) expect(o.spec.replicas).toBe(3);
    });
  });

  describe('delete by name, by -f and by -l', () => {
    eachKind('delete', async (f) => {
      const deleted = `${f.ref} "${f.objName}" deleted\n`;
      const source = file(f, 'v2', manifest(f, APPLIED));
      const byName = await k(f, ['delete', f.resource, f.objName]);
      expect(byName.stderr).toBe('');
      expect(byName.stdout).toBe(deleted);
      const gone = await k(f, ['get', f.resource, f.objName]);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toBe(
        `Error from server (NotFound): ${f.plural} "${f.objName}" not found\n`,
      );

      seed(f);
      const byFile = await c.kubectl(['delete', '-f', source]);
      expect(byFile.stderr).toBe('');
      expect(byFile.stdout).toBe(deleted);

      seed(f);
      const bySelector = await k(f, ['delete', f.resource, '-l', `case=${slug(f)}`]);
      expect(bySelector.stderr).toBe('');
      expect(bySelector.stdout).toBe(deleted);
    });
  });

  describe('delete --all', () => {
    const run = async (f: KindFixture) => {
      seed(f);
      const r = await k(f, ['delete', f.resource, '--all']);
      expect(r.stderr).toBe('');
      const names = [f.objName, ...(f.siblings ?? [])].sort();
      expect(r.stdout).toBe(names.map((n) => `${f.ref} "${n}" deleted\n`).join(''));
    };
    const cases = KIND_FIXTURES.filter((f) => !f.noDeleteAll);
    const ok = cases.filter((f) => !f.gaps?.deleteAll);
    const gap = cases.filter((f) => f.gaps?.deleteAll);
    // The CustomResourceDefinition case runs last, on its own: its --all also takes the Widget
    // kind's CRD, which the other cases still use until they are done.
    const crd = (f: KindFixture) => f.kind === 'CustomResourceDefinition';
    if (ok.some((f) => !crd(f))) it.concurrent.each(ok.filter((f) => !crd(f)))('$name', run);
    if (gap.some((f) => !crd(f)))
      it.concurrent.fails.each(gap.filter((f) => !crd(f)))('$name (known gap)', run);
    for (const f of cases.filter(crd)) (f.gaps?.deleteAll ? it.fails : it)(f.name, () => run(f));
  });
});

function fixture(name: string): KindFixture {
  const f = KIND_FIXTURES.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
}
