/**
 * LimitRanger: containers get the LimitRange's default requests and limits, and are refused
 * outside its min / max / ratio, with upstream's messages.
 */
import { forbidden } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { containersOf, quantityValue } from './resources';
import type { AdmissionPlugin } from './types';

interface LimitItem {
  type?: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  min?: Record<string, string>;
  max?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

function limitItems(ranges: KubeObject[], type: string): LimitItem[] {
  const out: LimitItem[] = [];
  for (const lr of ranges) {
    for (const item of (lr.spec as { limits?: LimitItem[] })?.limits ?? []) {
      if (item.type === type) out.push(item);
    }
  }
  return out;
}

export const limitRanger: AdmissionPlugin = {
  name: 'LimitRanger',
  admit(attrs, { store }) {
    if (attrs.rt.key !== 'pods' || attrs.operation !== 'CREATE' || attrs.subresource) return;
    const ranges = store.list('limitranges', { namespace: attrs.namespace }).items;
    if (!ranges.length) return;
    const items = limitItems(ranges, 'Container');
    const notes: string[] = [];
    for (const c of containersOf(attrs.object)) {
      const res = (c.resources ??= {});
      const setReq: string[] = [];
      const setLim: string[] = [];
      for (const item of items) {
        for (const [r, v] of Object.entries(item.default ?? {})) {
          if (res.limits?.[r] === undefined) {
            (res.limits ??= {})[r] = v;
            setLim.push(r);
          }
        }
        for (const [r, v] of Object.entries(item.defaultRequest ?? {})) {
          if (res.requests?.[r] === undefined) {
            (res.requests ??= {})[r] = v;
            setReq.push(r);
          }
        }
      }
      // A limit without a request implies a request of the same amount.
      for (const [r, v] of Object.entries(res.limits ?? {})) {
        if (res.requests?.[r] === undefined && setLim.includes(r)) {
          (res.requests ??= {})[r] = v;
          setReq.push(r);
        }
      }
      if (setReq.length) notes.push(`${setReq.join(', ')} request for container ${c.name}`);
      if (setLim.length) notes.push(`${setLim.join(', ')} limit for container ${c.name}`);
    }
    if (notes.length) {
      const meta = attrs.object.metadata;
      (meta.annotations ??= {})['kubernetes.io/limit-ranger'] =
        `LimitRanger plugin set: ${notes.join('; ')}`;
    }
  },
  validate(attrs, { store }) {
    if (attrs.rt.key !== 'pods' || attrs.operation !== 'CREATE' || attrs.subresource) return;
    const ranges = store.list('limitranges', { namespace: attrs.namespace }).items;
    if (!ranges.length) return;
    const errs: string[] = [];
    for (const item of limitItems(ranges, 'Container')) {
      for (const c of containersOf(attrs.object)) {
        const req = c.resources?.requests ?? {};
        const lim = c.resources?.limits ?? {};
        for (const [r, min] of Object.entries(item.min ?? {})) {
          if (req[r] === undefined)
            errs.push(`minimum ${r} usage per Container is ${min}.  No request is specified`);
          else if (quantityValue(req[r]) < quantityValue(min))
            errs.push(`minimum ${r} usage per Container is ${min}, but request is ${req[r]}`);
        }
        for (const [r, max] of Object.entries(item.max ?? {})) {
          if (lim[r] === undefined)
            errs.push(`maximum ${r} usage per Container is ${max}.  No limit is specified`);
          else if (quantityValue(lim[r]) > quantityValue(max))
            errs.push(`maximum ${r} usage per Container is ${max}, but limit is ${lim[r]}`);
        }
        for (const [r, ratio] of Object.entries(item.maxLimitRequestRatio ?? {})) {
          if (lim[r] === undefined || req[r] === undefined) continue;
          const actual = quantityValue(lim[r]) / quantityValue(req[r]);
          if (actual > quantityValue(ratio)) {
            errs.push(
              `${r} max limit to request ratio per Container is ${ratio}, but provided ratio is ${actual.toFixed(6)}`,
            );
          }
        }
      }
    }
    if (errs.length) {
      throw forbidden(
        { group: '', resource: 'pods' },
        attrs.name,
        errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`,
      );
    }
  },
};
