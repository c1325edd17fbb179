import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './harness';
import { kubectlAvailable, startCluster, table } from './harness';

const enabled = kubectlAvailable();

describe.runIf(enabled)('real kubectl: discovery, version and nodes', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  });
  afterAll(() => c?.close());

  it('version reports a v1.32 server', async () => {
    const r = await c.kubectl(['version']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Server Version: v1\.32\.0$/m);
  });

  it('api-versions lists every group-version served', async () => {
    const r = await c.kubectl(['api-versions']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'apiextensions.k8s.io/v1',
      'apps/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'batch/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'networking.k8s.io/v1',
      'policy/v1',
      'storage.k8s.io/v1',
      'v1',
    ]);
  });

  it('api-resources shows names, short names, versions, scope and kinds', async () => {
    const r = await c.kubectl(['api-resources']);
    expect(r.code).toBe(0);
    const rows = table(r.stdout);
    expect(rows[0]).toBe('NAME | SHORTNAMES | APIVERSION | NAMESPACED | KIND');
    expect(rows).toContain('pods | po | v1 | true | Pod');
    expect(rows).toContain('deployments | deploy | apps/v1 | true | Deployment');
    expect(rows).toContain(
      'customresourcedefinitions | crd,crds | apiextensions.k8s.io/v1 | false | CustomResourceDefinition',
    );
    expect(rows).toContain(
      'horizontalpodautoscalers | hpa | autoscaling/v2 | true | HorizontalPodAutoscaler',
    );
    expect(rows).toContain('secrets | v1 | true | Secret');
  });

  it('api-resources filters by group and namespaced', async () => {
    const r = await c.kubectl([
      'api-resources',
      '--api-group=apps',
      '--namespaced=true',
      '-o',
      'name',
    ]);
    expect(r.stdout.trim().split('\n')).toEqual([
      'controllerrevisions.apps',
      'daemonsets.apps',
      'deployments.apps',
      'replicasets.apps',
      'statefulsets.apps',
    ]);
  });

  it('get nodes lists minikube nodes, Ready, with roles', async () => {
    const r = await c.kubectl(['get', 'nodes']);
    expect(r.stderr).toBe('');
    expect(table(r.stdout)).toEqual([
      'NAME | STATUS | ROLES | AGE | VERSION',
      'minikube | Ready | control-plane | <age> | v1.32.0',
      'minikube-m02 | Ready | <none> | <age> | v1.32.0',
      'minikube-m03 | Ready | <none> | <age> | v1.32.0',
    ]);
  });

  it('get nodes -o wide adds addresses, OS and runtime', async () => {
    const r = await c.kubectl(['get', 'nodes', '-o', 'wide']);
    expect(table(r.stdout)[1]).toBe(
      'minikube | Ready | control-plane | <age> | v1.32.0 | 192.168.49.2 | <none> | Ubuntu 22.04.5 LTS | 6.8.0-1017-gcp | docker://27.4.1',
    );
  });

  it('get namespaces shows the system namespaces Active', async () => {
    const r = await c.kubectl(['get', 'ns']);
    expect(table(r.stdout)).toEqual([
      'NAME | STATUS | AGE',
      'default | Active | <age>',
      'kube-node-lease | Active | <age>',
      'kube-public | Active | <age>',
      'kube-system | Active | <age>',
    ]);
  });

  it('get all in default shows the kubernetes service', async () => {
    const r = await c.kubectl(['get', 'all']);
    expect(table(r.stdout)).toEqual([
      'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE',
      'service/kubernetes | ClusterIP | 10.96.0.1 | <none> | 443/TCP | <age>',
    ]);
  });

  it('an unknown resource type is refused by kubectl', async () => {
    const r = await c.kubectl(['get', 'pdos']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: the server doesn\'t have a resource type "pdos"\n');
  });

  it('explain reads the served OpenAPI', async () => {
    const r = await c.kubectl(['explain', 'deployment.spec.replicas']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GROUP:\s+apps$/m);
    expect(r.stdout).toMatch(/^FIELD: replicas <integer>$/m);
  });
});
