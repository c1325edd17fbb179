/**
 * The controller manager: every controller of the cluster, in the order they start. Add a
 * controller here (one line) and it runs in every cluster.
 */
import { DeploymentController } from './deployment/controller';
import { GarbageCollector } from './garbagecollector/controller';
import { NamespaceController } from './namespace/controller';
import { REPLICATION_CONTROLLER_KIND, ReplicaSetController } from './replicaset/controller';
import { ServiceAccountController } from './serviceaccount/controller';
import { ServiceLBController } from './servicelb/controller';
import type { Controller, ControllerContext } from './types';

export function createControllers(ctx: ControllerContext): Controller[] {
  return [
    new GarbageCollector(ctx),
    new NamespaceController(ctx),
    new ServiceAccountController(ctx),
    new ReplicaSetController(ctx),
    new ReplicaSetController(ctx, REPLICATION_CONTROLLER_KIND),
    new DeploymentController(ctx),
    new ServiceLBController(ctx),
  ];
}
