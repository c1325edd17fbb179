/**
 * The controller manager: every controller of the cluster, in the order they start. Add a
 * controller here (one line) and it runs in every cluster.
 */
import { CronJobController } from './cronjob/cronjob_controllerv2';
import { DaemonSetsController } from './daemonset/controller';
import { DeploymentController } from './deployment/controller';
import { DisruptionController } from './disruption/disruption';
import { EndpointController } from './endpoints/endpoints_controller';
import { EndpointSliceController } from './endpointslice/endpointslice_controller';
import { GarbageCollector } from './garbagecollector/controller';
import { HostPathProvisioner } from './hostpathprovisioner/controller';
import { JobController } from './job/job_controller';
import { IngressNginxController } from './ingress/controller';
import { NamespaceController } from './namespace/controller';
import { NodeLifecycleController } from './nodelifecycle/node_lifecycle_controller';
import { PersistentVolumeController } from './persistentvolume/pv_controller';
import { HorizontalController } from './podautoscaler/horizontal';
import { REPLICATION_CONTROLLER_KIND, ReplicaSetController } from './replicaset/controller';
import { ResourceQuotaController } from './resourcequota/resource_quota_controller';
import { ServiceAccountController } from './serviceaccount/controller';
import { ServiceLBController } from './servicelb/controller';
import { StorageProtectionController } from './storageprotection/controller';
import { StatefulSetController } from './statefulset/stateful_set';
import { TaintEvictionController } from './tainteviction/taint_eviction';
import type { Controller, ControllerContext } from './types';

export function createControllers(ctx: ControllerContext): Controller[] {
  return [
    new GarbageCollector(ctx),
    new NamespaceController(ctx),
    new ServiceAccountController(ctx),
    new ReplicaSetController(ctx),
    new ReplicaSetController(ctx, REPLICATION_CONTROLLER_KIND),
    new DeploymentController(ctx),
    new DaemonSetsController(ctx),
    new StatefulSetController(ctx),
    new JobController(ctx),
    new CronJobController(ctx),
    new EndpointController(ctx),
    new EndpointSliceController(ctx),
    new ServiceLBController(ctx),
    new StorageProtectionController(ctx),
    new PersistentVolumeController(ctx),
    new HostPathProvisioner(ctx),
    new ResourceQuotaController(ctx),
    new NodeLifecycleController(ctx),
    new TaintEvictionController(ctx),
    new DisruptionController(ctx),
    new HorizontalController(ctx),
    // minikube's ingress add-on: idle until its controller pod is Ready.
    new IngressNginxController(ctx),
  ];
}
