/**
 * The Ingress chapter with the real kubectl, as minikube's tutorial goes
 * (kubernetes.io/docs/tasks/access-application-cluster/ingress-minikube): the `ingress` add-on's
 * objects applied as minikube applies them, the admission Jobs Completed and the controller
 * Running; two hello-app Deployments behind NodePort Services; the example Ingress getting its
 * ADDRESS at the controller's next status sync and its Sync events; HTTP through the node's
 * port 80 and the controller Service by Host and path, nginx's 404 and 503; bad Ingresses
 * refused as upstream refuses them. Our kubectl prints what the real one prints for each view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingressAddonObjects } from '../../src/cluster/addons/ingress';
import { HttpTransport, minikubeConfig, runKubectl } from '../../src/kubectl';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { events, ok, rows, SUFFIX } from './util';

const enabled = kubectlAvailable();

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
spec:
  ingressClassName: nginx
  rules:
    - host: hello-world.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 8080
          - path: /v2
            pathType: Prefix
            backend:
              service:
                name: web2
                port:
                  number: 8080
`;

const NOT_FOUND =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe.skipIf(!enabled)('scenario: Ingress with minikube’s ingress add-on', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.close();
  });

  /** What our own kubectl prints for the same command. */
  async function ours(args: string[]): Promise<string> {
    let out = '';
    await runKubectl(args, {
      transport: new HttpTransport(c.url),
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      kubeconfig: minikubeConfig(c.url),
    });
    return out;
  }

  async function same(args: string[]): Promise<string> {
    const theirs = await ok(c, args);
    expect(await ours(args)).toBe(theirs);
    return theirs;
  }

  const http = (path: string, host?: string) => {
    const r = c.cluster.network.fromOutside({
      method: 'GET',
      url: `http://192.168.49.2${path}`,
      headers: host ? { host } : {},
    });
    if ('error' in r) throw new Error(r.error);
    return r;
  };

  it('enables the add-on: admission Jobs Completed, controller Running', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: ingressAddonObjects() };
    await ok(c, ['apply', '-f', '-'], JSON.stringify(list));
    c.advance(30);
    const pods = await rows(c, ['pods', '-n', 'ingress-nginx']);
    expect(pods[0]).toBe('NAME | READY | STATUS | RESTARTS | AGE');
    expect(pods.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ingress-nginx-admission-create-${SUFFIX}{5} \\| 0/1 \\| Completed \\| 0 \\| <age>$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^ingress-nginx-admission-patch-${SUFFIX}{5} \\| 0/1 \\| Completed \\| 0 \\| <age>$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^ingress-nginx-controller-${SUFFIX}+-${SUFFIX}{5} \\| 1/1 \\| Running \\| 0 \\| <age>$`,
        ),
      ),
    ]);
    await same(['get', 'pods', '-n', 'ingress-nginx']);
    expect(await rows(c, ['ingressclass'])).toEqual([
      'NAME | CONTROLLER | PARAMETERS | AGE',
      expect.stringMatching(/^nginx \| k8s\.io\/ingress-nginx \| <none> \| <age>$/),
    ]);
    const svc = await rows(c, ['svc', '-n', 'ingress-nginx']);
    expect(svc[1]).toMatch(
      /^ingress-nginx-controller \| NodePort \| <cluster-ip> \| <none> \| 80:3\d{4}\/TCP,443:3\d{4}\/TCP \| <age>$/,
    );
    expect(svc[2]).toMatch(
      /^ingress-nginx-controller-admission \| ClusterIP \| <cluster-ip> \| <none> \| 443\/TCP \| <age>$/,
    );
  });

  it('deploys the two hello-apps and the example Ingress', async () => {
    await ok(c, ['create', 'deployment', 'web', '--image=gcr.io/google-samples/hello-app:1.0']);
    await ok(c, ['expose', 'deployment', 'web', '--type=NodePort', '--port=8080']);
    await ok(c, ['create', 'deployment', 'web2', '--image=gcr.io/google-samples/hello-app:2.0']);
    await ok(c, ['expose', 'deployment', 'web2', '--port=8080', '--type=NodePort']);
    c.advance(10);
    expect(await ok(c, ['apply', '-f', c.file('example-ingress.yaml', INGRESS)])).toBe(
      'ingress.networking.k8s.io/example-ingress created\n',
    );
    expect(await rows(c, ['ingress'])).toEqual([
      'NAME | CLASS | HOSTS | ADDRESS | PORTS | AGE',
      'example-ingress | nginx | hello-world.example | 80 | <age>',
    ]);
    // The controller's status sync runs every 60 s.
    c.advance(60);
    const got = await rows(c, ['ingress']);
    expect(got[1]).toMatch(
      /^example-ingress \| nginx \| hello-world\.example \| 192\.168\.49\.2 \| 80 \| <age>$/,
    );
    await same(['get', 'ingress']);
  });

  it('describes the Ingress with its backends, address and Sync events', async () => {
    const d = await same(['describe', 'ingress', 'example-ingress']);
    expect(d).toContain('Address:          192.168.49.2\n');
    expect(d).toContain('Ingress Class:    nginx\n');
    expect(d).toMatch(/\/\s+web:8080 \(10\.244\.0\.\d+:8080\)\n/);
    expect(d).toMatch(/\/v2\s+web2:8080 \(10\.244\.0\.\d+:8080\)\n/);
    expect(events(d)).toEqual([
      expect.stringMatching(
        /^Normal \| Sync \| <age> \(x2 over <age>\) \| nginx-ingress-controller \| Scheduled for sync$/,
      ),
    ]);
  });

  it('routes by Host and path through the node’s port 80', async () => {
    const pods = await ok(c, ['get', 'pods', '-l', 'app=web', '-o', 'name']);
    const web = pods.trim().replace('pod/', '');
    expect(http('/', 'hello-world.example').body).toBe(
      `Hello, world!\nVersion: 1.0.0\nHostname: ${web}\n`,
    );
    expect(http('/v2', 'hello-world.example').body).toMatch(
      /^Hello, world!\nVersion: 2\.0\.0\nHostname: web2-/,
    );
    expect(http('/v2/more', 'hello-world.example').body).toContain('Version: 2.0.0');
    expect(http('/v2x', 'hello-world.example').body).toContain('Version: 1.0.0');
    const miss = http('/', 'other.example');
    expect([miss.status, miss.body]).toEqual([404, NOT_FOUND]);
    expect(http('/').status).toBe(404);
  });

  it('reaches the controller Service from a pod and on its NodePort', async () => {
    const client = c.cluster.network.clientFor('default', 'client');
    const r = client.http({
      method: 'GET',
      url: 'http://ingress-nginx-controller.ingress-nginx/',
      headers: { host: 'hello-world.example' },
    });
    expect('error' in r ? r.error : r.body).toContain('Version: 1.0.0');
    const plain = client.http({
      method: 'GET',
      url: 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local/',
    });
    expect('error' in plain ? plain.error : plain.body).toBe(NOT_FOUND);
    const np = await ok(c, [
      'get',
      'svc',
      '-n',
      'ingress-nginx',
      'ingress-nginx-controller',
      '-o',
      'jsonpath={.spec.ports[0].nodePort}',
    ]);
    const viaNodePort = c.cluster.network.fromOutside({
      method: 'GET',
      url: `http://192.168.49.2:${np}/v2`,
      headers: { host: 'hello-world.example' },
    });
    expect('error' in viaNodePort ? viaNodePort.error : viaNodePort.body).toContain(
      'Version: 2.0.0',
    );
  });

  it('answers 503 while a backend has no ready endpoints', async () => {
    await ok(c, ['scale', 'deployment', 'web2', '--replicas=0']);
    c.advance(40);
    const r = http('/v2', 'hello-world.example');
    expect(r.status).toBe(503);
    expect(r.body).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>');
    await ok(c, ['scale', 'deployment', 'web2', '--replicas=1']);
    c.advance(10);
    expect(http('/v2', 'hello-world.example').status).toBe(200);
  });

  it('refuses an invalid pathType and a relative path as upstream does', async () => {
    const bad = INGRESS.replace('name: example-ingress', 'name: bad')
      .replace('pathType: Prefix', 'pathType: Regex')
      .replace('- path: /v2', '- path: v2');
    const r = await c.kubectl(['apply', '-f', c.file('bad.yaml', bad)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Ingress "bad" is invalid: \n' +
        '* spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"\n' +
        '* spec.rules[0].http.paths[1].path: Invalid value: "v2": must be an absolute path\n',
    );
  });
});
