/**
 * The HorizontalPodAutoscaler walkthrough (kubernetes.io), driven by the real kubectl against a
 * cluster with minikube's metrics-server add-on: `kubectl top` and `kubectl get hpa` as load
 * comes and goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { events, ok, rows, SUFFIX } from './util';

const enabled = kubectlAvailable();

/** php-apache.yaml of the walkthrough. */
const phpApache = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
`;

/** `kubectl top` rows as " | "-joined cells; not normalised, as "1m" there is CPU, not an age. */
function cells(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) =>
      l
        .trim()
        .split(/\s{2,}/)
        .join(' | '),
    );
}

describe.skipIf(!enabled)('scenario: autoscaling php-apache', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster({ metricsServer: true });
  });
  afterAll(() => c?.close());

  it('kubectl top and get hpa follow the load up and down', async () => {
    await ok(c, ['apply', '-f', '-'], phpApache);
    c.advance(60);
    expect(
      await ok(c, [
        'autoscale',
        'deployment',
        'php-apache',
        '--cpu-percent=50',
        '--min=1',
        '--max=10',
      ]),
    ).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    c.advance(30);
    expect(await rows(c, ['hpa'])).toEqual([
      'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
      'php-apache | Deployment/php-apache | cpu: 0%/50% | 1 | 10 | 1 | <age>',
    ]);

    const top = cells(await ok(c, ['top', 'pods']));
    expect(top[0]).toBe('NAME | CPU(cores) | MEMORY(bytes)');
    expect(top.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^php-apache-[a-z0-9]{10}-${SUFFIX}{5} \\| 1m \\| 10Mi$`)),
    ]);

    await ok(c, [
      'run',
      'load-generator',
      '--image=busybox:1.37',
      '--restart=Never',
      '--',
      '/bin/sh',
      '-c',
      'while sleep 0.01; do wget -q -O- http://php-apache; done',
    ]);
    // `kubectl get hpa --watch`, in 5-second steps: the first reading under load, at one replica.
    let first: string | undefined;
    for (let t = 0; t < 60 && !first; t += 5) {
      c.advance(5);
      const row = (await rows(c, ['hpa']))[1];
      if (!row.includes('cpu: 0%/50%')) first = row;
    }
    expect(first).toMatch(
      /^php-apache \| Deployment\/php-apache \| cpu: (1\d\d|2[0-4]\d|250)%\/50% \| 1 \| 10 \| 1 \| <age>$/,
    );
    c.advance(5);
    const hot = cells(await ok(c, ['top', 'pods', '--sort-by=cpu']));
    // Throttled at its 500m limit: 250% of the 200m request.
    expect(hot[1]).toMatch(/^php-apache-\S+ \| 500m \| 10Mi$/);
    expect(hot.find((r) => r.startsWith('load-generator '))).toMatch(
      /^load-generator \| \d+m \| 0Mi$/,
    );
    const nodes = cells(await ok(c, ['top', 'nodes']));
    expect(nodes[0]).toBe('NAME | CPU(cores) | CPU(%) | MEMORY(bytes) | MEMORY(%)');
    expect(nodes[1]).toMatch(/^minikube \| \d+m \| \d+% \| \d+Mi \| \d+%$/);

    // The load generator asks for about 580m: the walkthrough's 6 or 7 replicas near the target,
    // not maxReplicas.
    c.advance(180);
    const settled = (await rows(c, ['hpa']))[1];
    expect(settled).toMatch(
      /^php-apache \| Deployment\/php-apache \| cpu: (3[5-9]|4\d|5\d)%\/50% \| 1 \| 10 \| [4-8] \| <age>$/,
    );
    const replicas = settled.split(' | ')[5];
    expect(
      await ok(c, ['get', 'deployment', 'php-apache', '-o', 'jsonpath={.status.readyReplicas}']),
    ).toBe(replicas);

    const described = await ok(c, ['describe', 'hpa', 'php-apache']);
    expect(described).toMatch(
      /^ {2}ScalingLimited +False +DesiredWithinRange +the desired count is within the acceptable range$/m,
    );
    const rescales = events(described).filter((r) => r.includes('SuccessfulRescale'));
    expect(rescales[0]).toMatch(
      /^Normal \| SuccessfulRescale \| <age> \| horizontal-pod-autoscaler \| New size: [2-5]; reason: cpu resource utilization \(percentage of request\) above target$/,
    );

    await ok(c, ['delete', 'pod', 'load-generator', '--wait=false']);
    c.advance(120);
    expect((await rows(c, ['hpa']))[1]).toBe(
      `php-apache | Deployment/php-apache | cpu: 0%/50% | 1 | 10 | ${replicas} | <age>`,
    );
    // Held for the 5-minute downscale stabilisation window, then back to one.
    c.advance(300);
    expect((await rows(c, ['hpa']))[1]).toBe(
      'php-apache | Deployment/php-apache | cpu: 0%/50% | 1 | 10 | 1 | <age>',
    );
  });
});
