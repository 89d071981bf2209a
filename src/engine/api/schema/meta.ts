/** meta/v1 structures (k8s.io/apimachinery/pkg/apis/meta/v1/types.go), v1.33 field names. */
import { anyValue, bool, int64, list, named, opaque, str, stringList, stringMap, struct, time } from './build.ts';

export const ownerReference = struct('OwnerReference', {
  apiVersion: str,
  kind: str,
  name: str,
  uid: named('types.UID'),
  controller: bool,
  blockOwnerDeletion: bool,
});

export const managedFieldsEntry = struct('ManagedFieldsEntry', {
  manager: str,
  operation: named('v1.ManagedFieldsOperationType'),
  apiVersion: str,
  time: time,
  fieldsType: str,
  fieldsV1: opaque('v1.FieldsV1'),
  subresource: str,
});

export const objectMeta = struct('ObjectMeta', {
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: named('types.UID'),
  resourceVersion: str,
  generation: int64,
  creationTimestamp: time,
  deletionTimestamp: time,
  deletionGracePeriodSeconds: int64,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: list(ownerReference),
  finalizers: stringList,
  managedFields: list(managedFieldsEntry),
});

/** `metadata` of a List (`kubectl get -o yaml` prints `resourceVersion: ""`, older ones `selfLink`). */
export const listMeta = struct('ListMeta', {
  selfLink: str,
  resourceVersion: str,
  continue: str,
  remainingItemCount: int64,
});

export const labelSelectorRequirement = struct('LabelSelectorRequirement', {
  key: str,
  operator: named('v1.LabelSelectorOperator'),
  values: stringList,
});

export const labelSelector = struct('LabelSelector', {
  matchLabels: stringMap,
  matchExpressions: list(labelSelectorRequirement),
});

/** metav1.Condition (Service status.conditions). */
export const condition = struct('Condition', {
  type: str,
  status: named('v1.ConditionStatus'),
  observedGeneration: int64,
  lastTransitionTime: time,
  reason: str,
  message: str,
});

export { anyValue };
