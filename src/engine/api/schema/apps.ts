/** apps/v1 Deployment, ReplicaSet and DaemonSet (k8s.io/api/apps/v1/types.go), v1.33 field names. */
import { bool, int32, int64, intOrString, list, named, str, struct, time } from './build.ts';
import { labelSelector, objectMeta } from './meta.ts';
import { podTemplateSpec } from './core-pod.ts';

const conditionStatus = named('v1.ConditionStatus');

export const deployment = struct('Deployment', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('DeploymentSpec', {
    replicas: int32,
    selector: labelSelector,
    template: podTemplateSpec,
    strategy: struct('DeploymentStrategy', {
      type: named('v1.DeploymentStrategyType'),
      rollingUpdate: struct('RollingUpdateDeployment', { maxUnavailable: intOrString, maxSurge: intOrString }),
    }),
    minReadySeconds: int32,
    revisionHistoryLimit: int32,
    paused: bool,
    progressDeadlineSeconds: int32,
  }),
  status: struct('DeploymentStatus', {
    observedGeneration: int64,
    replicas: int32,
    updatedReplicas: int32,
    readyReplicas: int32,
    availableReplicas: int32,
    unavailableReplicas: int32,
    terminatingReplicas: int32,
    conditions: list(
      struct('DeploymentCondition', {
        type: named('v1.DeploymentConditionType'),
        status: conditionStatus,
        lastUpdateTime: time,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
    collisionCount: int32,
  }),
});

export const replicaSet = struct('ReplicaSet', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('ReplicaSetSpec', {
    replicas: int32,
    minReadySeconds: int32,
    selector: labelSelector,
    template: podTemplateSpec,
  }),
  status: struct('ReplicaSetStatus', {
    replicas: int32,
    fullyLabeledReplicas: int32,
    readyReplicas: int32,
    availableReplicas: int32,
    terminatingReplicas: int32,
    observedGeneration: int64,
    conditions: list(
      struct('ReplicaSetCondition', {
        type: named('v1.ReplicaSetConditionType'),
        status: conditionStatus,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
  }),
});

export const daemonSet = struct('DaemonSet', {
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: struct('DaemonSetSpec', {
    selector: labelSelector,
    template: podTemplateSpec,
    updateStrategy: struct('DaemonSetUpdateStrategy', {
      type: named('v1.DaemonSetUpdateStrategyType'),
      rollingUpdate: struct('RollingUpdateDaemonSet', { maxUnavailable: intOrString, maxSurge: intOrString }),
    }),
    minReadySeconds: int32,
    revisionHistoryLimit: int32,
  }),
  status: struct('DaemonSetStatus', {
    currentNumberScheduled: int32,
    numberMisscheduled: int32,
    desiredNumberScheduled: int32,
    numberReady: int32,
    observedGeneration: int64,
    updatedNumberScheduled: int32,
    numberAvailable: int32,
    numberUnavailable: int32,
    collisionCount: int32,
    conditions: list(
      struct('DaemonSetCondition', {
        type: named('v1.DaemonSetConditionType'),
        status: conditionStatus,
        lastTransitionTime: time,
        reason: str,
        message: str,
      }),
    ),
  }),
});
