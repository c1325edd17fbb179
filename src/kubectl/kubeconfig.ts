/**
 * The kubeconfig, held in memory for the session (the browser has no ~/.kube/config). Its
 * shape and the defaults follow a fresh minikube: one cluster, context and user named
 * `minikube`, namespace `default`.
 */

export interface KubeCluster {
  server: string;
}

export interface KubeContext {
  cluster: string;
  user: string;
  namespace?: string;
}

export interface KubeConfig {
  clusters: Record<string, KubeCluster>;
  contexts: Record<string, KubeContext>;
  users: Record<string, Record<string, unknown>>;
  currentContext: string;
}

export function minikubeConfig(server: string): KubeConfig {
  return {
    clusters: { minikube: { server } },
    contexts: { minikube: { cluster: 'minikube', user: 'minikube', namespace: 'default' } },
    users: { minikube: {} },
    currentContext: 'minikube',
  };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The clientcmd v1 document (struct field order, as `config view -o json` prints it). */
export function toV1(cfg: KubeConfig, minify = false): Record<string, unknown> {
  let clusters = Object.keys(cfg.clusters).sort(byName);
  let contexts = Object.keys(cfg.contexts).sort(byName);
  let users = Object.keys(cfg.users).sort(byName);
  if (minify) {
    const ctx = cfg.contexts[cfg.currentContext];
    contexts = ctx ? [cfg.currentContext] : [];
    clusters = ctx && cfg.clusters[ctx.cluster] ? [ctx.cluster] : [];
    users = ctx && cfg.users[ctx.user] ? [ctx.user] : [];
  }
  const list = <T>(names: string[], key: string, get: (n: string) => T) =>
    names.length === 0 ? null : names.map((name) => ({ name, [key]: get(name) }));
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: list(clusters, 'cluster', (n) => ({ server: cfg.clusters[n].server })),
    users: list(users, 'user', (n) => cfg.users[n]),
    contexts: list(contexts, 'context', (n) => {
      const c = cfg.contexts[n];
      const out: Record<string, string> = { cluster: c.cluster, user: c.user };
      if (c.namespace) out.namespace = c.namespace;
      return out;
    }),
    'current-context': cfg.currentContext,
  };
}

/** The namespace of the current context, or "default". */
export function contextNamespace(cfg: KubeConfig, contextName?: string): string {
  return cfg.contexts[contextName || cfg.currentContext]?.namespace || 'default';
}
