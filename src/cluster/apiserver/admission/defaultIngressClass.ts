/**
 * DefaultIngressClass (plugin/pkg/admission/network/defaultingressclass): a new Ingress that
 * names no class (no spec.ingressClassName and no `kubernetes.io/ingress.class` annotation) gets
 * the default IngressClass, the one annotated `ingressclass.kubernetes.io/is-default-class:
 * "true"` — the newest if there are several.
 */
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/types';
import type { AdmissionPlugin } from './types';

export const IS_DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';

/** The newest default IngressClass (ties by name), or undefined. */
export function defaultIngressClassOf(store: Store): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const ic of store.list('ingressclasses.networking.k8s.io').items) {
    if (ic.metadata.annotations?.[IS_DEFAULT_INGRESS_CLASS] !== 'true') continue;
    const t = ic.metadata.creationTimestamp ?? '';
    const bt = best?.metadata.creationTimestamp ?? '';
    if (!best || t > bt || (t === bt && ic.metadata.name! < best.metadata.name!)) best = ic;
  }
  return best;
}

export const defaultIngressClass: AdmissionPlugin = {
  name: 'DefaultIngressClass',
  admit(attrs, { store }) {
    if (attrs.operation !== 'CREATE' || attrs.subresource) return;
    if (attrs.rt.group !== 'networking.k8s.io' || attrs.rt.plural !== 'ingresses') return;
    const spec = (attrs.object.spec ??= {}) as { ingressClassName?: string | null };
    if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) return;
    if (attrs.object.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined) return;
    const def = defaultIngressClassOf(store);
    if (def) spec.ingressClassName = def.metadata.name;
  },
};
