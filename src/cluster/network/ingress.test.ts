import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { isNginxIngress, matchHost, matchPath, routeIngress } from './ingress';

describe('matchPath', () => {
  // The Ingress API's examples (concepts/services-networking/ingress, "Examples").
  it.each([
    ['Prefix', '/', '/any/path', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    ['ImplementationSpecific', '/foo', '/foobar', true],
    ['ImplementationSpecific', '/foo', '/fo', false],
  ])('%s %s against %s: %s', (pathType, rule, req, want) => {
    expect(matchPath(pathType, rule, req)).toBe(want);
  });
});

describe('matchHost', () => {
  it.each([
    ['foo.bar.com', 'foo.bar.com', true],
    ['foo.bar.com', 'bar.bar.com', false],
    ['*.foo.com', 'bar.foo.com', true],
    ['*.foo.com', 'baz.bar.foo.com', false],
    ['*.foo.com', 'foo.com', false],
  ])('%s against %s: %s', (rule, host, want) => {
    expect(matchHost(rule, host)).toBe(want);
  });
});

let seq = 0;
function newIngress(name: string, spec: Record<string, unknown>, created?: string): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: created ?? `2025-01-01T00:00:${String(seq++).padStart(2, '0')}Z`,
    },
    spec,
  };
}
const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
const rule = (host: string | undefined, paths: [string, string, string][]) => ({
  ...(host ? { host } : {}),
  http: {
    paths: paths.map(([path, pathType, svc]) => ({ path, pathType, backend: backend(svc) })),
  },
});

describe('routeIngress', () => {
  const ings = [
    newIngress('a', {
      rules: [
        rule('hello-world.example', [
          ['/', 'Prefix', 'web'],
          ['/v2', 'Prefix', 'web2'],
          ['/exact', 'Exact', 'exact'],
          ['/ex', 'Prefix', 'ex'],
        ]),
        rule('*.wild.example', [['/', 'Prefix', 'wild']]),
        rule(undefined, [['/any', 'Prefix', 'any']]),
      ],
    }),
    newIngress('b', { rules: [rule('only.example', [['/api', 'Prefix', 'api']])] }),
    newIngress('c', {
      defaultBackend: backend('fallback'),
      rules: [rule('with-default.example', [['/x', 'Exact', 'x']])],
    }),
  ];
  const to = (host: string, path: string) => routeIngress(ings, host, path)?.service;

  it.each([
    ['hello-world.example', '/', 'web'],
    ['hello-world.example', '/v2', 'web2'],
    ['hello-world.example', '/v2/deeper?q=1', 'web2'],
    ['hello-world.example', '/v2x', 'web'],
    ['HELLO-WORLD.example:80', '/v2', 'web2'],
    ['hello-world.example', '/exact', 'exact'],
    ['hello-world.example', '/exact/more', 'web'],
    ['hello-world.example', '/ex/more', 'ex'],
    ['a.wild.example', '/', 'wild'],
    ['unknown.example', '/any/thing', 'any'],
    ['192.168.49.2', '/any', 'any'],
    ['only.example', '/api/v1', 'api'],
    ['with-default.example', '/x', 'x'],
    ['with-default.example', '/y', 'fallback'],
  ])('%s%s goes to %s', (host, path, svc) => {
    expect(to(host, path)).toBe(svc);
  });

  it.each([
    ['unknown.example', '/'],
    ['a.b.wild.example', '/x'],
  ])("%s%s goes to an Ingress's spec.defaultBackend (the catch-all server's)", (host, path) => {
    expect(to(host, path)).toBe('fallback');
  });

  it.each([
    ['unknown.example', '/'],
    ['only.example', '/'],
    ['a.b.wild.example', '/x'],
  ])('%s%s has no backend without a defaultBackend (the 404 page)', (host, path) => {
    expect(routeIngress(ings.slice(0, 2), host, path)).toBeUndefined();
  });

  it('gives a location claimed by two Ingresses to the older one', () => {
    const older = newIngress(
      'old',
      { rules: [rule('h.example', [['/', 'Prefix', 'old']])] },
      '2025-01-01T00:00:00Z',
    );
    const newer = newIngress(
      'new',
      { rules: [rule('h.example', [['/', 'Prefix', 'new']])] },
      '2025-01-02T00:00:00Z',
    );
    expect(routeIngress([newer, older], 'h.example', '/')?.service).toBe('old');
  });
});

describe('isNginxIngress', () => {
  const nginx = (isDefault: boolean): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name: 'nginx',
      annotations: isDefault ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : {},
    },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  it.each([
    ['class nginx', { ingressClassName: 'nginx' }, {}, false, true],
    ['another class', { ingressClassName: 'traefik' }, {}, true, false],
    ['no class, nginx default', {}, {}, true, true],
    ['no class, no default', {}, {}, false, false],
    ['legacy annotation', {}, { 'kubernetes.io/ingress.class': 'nginx' }, false, true],
  ])('%s', (_name, spec, annotations, isDefault, want) => {
    const ing = newIngress('x', spec);
    ing.metadata.annotations = annotations;
    expect(isNginxIngress(ing, [nginx(isDefault)])).toBe(want);
  });
});
