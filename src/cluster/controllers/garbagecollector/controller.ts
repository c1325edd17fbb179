/**
 * The garbage collector (pkg/controller/garbagecollector): an object whose owners are all gone
 * is deleted; an owner deleted with `Orphan` first frees its dependents; an owner deleted with
 * `Foreground` waits until its dependents are gone.
 */
import { isApiError } from '../../api/errors';
import type { ResourceType } from '../../api/registry';
import type { KubeObject, OwnerReference } from '../../api/types';
import { WorkQueue } from '../../client/WorkQueue';
import type { Controller, ControllerContext } from '../types';
import { objectKey, splitKey } from '../types';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  private queue: WorkQueue;

  constructor(private ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
  }

  start(): void {
    this.ctx.store.watch('*', {}, (ev) => {
      const o = ev.object;
      const key = objectKey(ev.resource, o.metadata.namespace, o.metadata.name!);
      if (ev.type === 'DELETED') {
        // The dependents of a deleted object may now be orphans; a foreground owner may be done.
        for (const d of this.ctx.store.dependents(o.metadata.uid!)) {
          this.queue.add(
            objectKey(d.resource, d.object.metadata.namespace, d.object.metadata.name!),
          );
        }
        for (const ref of o.metadata.ownerReferences ?? []) this.enqueueOwner(ref, o);
        return;
      }
      if (o.metadata.ownerReferences?.length) this.queue.add(key);
      const fin = o.metadata.finalizers ?? [];
      if (
        o.metadata.deletionTimestamp &&
        (fin.includes('orphan') || fin.includes('foregroundDeletion'))
      ) {
        this.queue.add(key);
      }
    });
  }

  private enqueueOwner(ref: OwnerReference, dependent: KubeObject): void {
    const rt = this.ctx.registry.byKind(ref.apiVersion, ref.kind);
    if (!rt) return;
    const ns = rt.namespaced ? dependent.metadata.namespace : '';
    this.queue.add(objectKey(rt.key, ns, ref.name));
  }

  private typeOf(resource: string) {
    return this.ctx.registry.all().find((t) => t.key === resource);
  }

  private sync(key: string): void | number {
    const { resource, namespace, name } = splitKey(key);
    const obj = this.ctx.store.get(resource, namespace, name);
    if (!obj) return;
    const rt = this.typeOf(resource);
    if (!rt) return;
    const fin = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && fin.includes('orphan')) {
      this.orphanDependents(obj);
      this.removeFinalizer(rt, obj, 'orphan');
      return;
    }
    if (obj.metadata.deletionTimestamp && fin.includes('foregroundDeletion')) {
      const deps = this.ctx.store.dependents(obj.metadata.uid!);
      if (deps.length) {
        for (const d of deps) {
          if (d.object.metadata.deletionTimestamp) continue;
          this.deleteQuietly(d.resource, d.object, 'Foreground');
        }
        return;
      }
      this.removeFinalizer(rt, obj, 'foregroundDeletion');
      return;
    }
    const refs = obj.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const present: OwnerReference[] = [];
    let waitingOnForeground = false;
    for (const ref of refs) {
      const ort = this.ctx.registry.byKind(ref.apiVersion, ref.kind);
      const owner = ort
        ? this.ctx.store.get(
            ort.key,
            ort.namespaced ? (obj.metadata.namespace ?? '') : '',
            ref.name,
          )
        : undefined;
      if (owner && owner.metadata.uid === ref.uid) {
        present.push(ref);
        if (
          owner.metadata.deletionTimestamp &&
          owner.metadata.finalizers?.includes('foregroundDeletion')
        ) {
          waitingOnForeground = true;
        }
      }
    }
    if (present.length === refs.length) {
      if (waitingOnForeground && !obj.metadata.deletionTimestamp)
        this.deleteQuietly(resource, obj, 'Foreground');
      return;
    }
    if (present.length === 0) {
      if (!obj.metadata.deletionTimestamp) this.deleteQuietly(resource, obj, 'Background');
      return;
    }
    // Some owners remain: forget the ones that are gone.
    this.ctx.client.patch(rt, obj.metadata.namespace ?? '', obj.metadata.name!, {
      metadata: { ownerReferences: present, resourceVersion: obj.metadata.resourceVersion },
    });
  }

  private orphanDependents(owner: KubeObject): void {
    for (const d of this.ctx.store.dependents(owner.metadata.uid!)) {
      const rt = this.typeOf(d.resource);
      if (!rt) continue;
      const refs = (d.object.metadata.ownerReferences ?? []).filter(
        (r) => r.uid !== owner.metadata.uid,
      );
      this.ctx.client.patch(rt, d.object.metadata.namespace ?? '', d.object.metadata.name!, {
        metadata: { ownerReferences: refs.length ? refs : null },
      });
    }
  }

  private removeFinalizer(rt: ResourceType, obj: KubeObject, f: string): void {
    const finalizers = (obj.metadata.finalizers ?? []).filter((x) => x !== f);
    this.ctx.client.patch(rt, obj.metadata.namespace ?? '', obj.metadata.name!, {
      metadata: {
        finalizers: finalizers.length ? finalizers : null,
        resourceVersion: obj.metadata.resourceVersion,
      },
    });
  }

  private deleteQuietly(resource: string, obj: KubeObject, propagationPolicy: string): void {
    const rt = this.typeOf(resource);
    if (!rt) return;
    try {
      this.ctx.client.delete(rt, obj.metadata.namespace ?? '', obj.metadata.name!, {
        propagationPolicy,
        preconditions: { uid: obj.metadata.uid },
      });
    } catch (e) {
      if (isApiError(e) && (e.code === 404 || e.code === 409)) return;
      throw e;
    }
  }
}
