/**
 * NamespaceLifecycle: content may only be created in a namespace that exists and is not
 * terminating, and the system namespaces may not be deleted.
 */
import { forbidden, notFound } from '../../api/errors';
import type { AdmissionPlugin } from './types';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  admit(attrs, { store }) {
    const gr = { group: attrs.rt.group, resource: attrs.rt.plural };
    if (attrs.rt.key === 'namespaces') {
      if (attrs.operation === 'DELETE' && IMMORTAL.has(attrs.name)) {
        throw forbidden(gr, attrs.name, 'this namespace may not be deleted');
      }
      return;
    }
    if (!attrs.rt.namespaced || attrs.operation !== 'CREATE') return;
    const ns = store.get('namespaces', '', attrs.namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, attrs.namespace);
    // Events and the subresources of existing objects may still be written while terminating.
    if (attrs.subresource || attrs.rt.kind === 'Event') return;
    if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw forbidden(
        gr,
        attrs.name,
        `unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
      );
    }
  },
};
