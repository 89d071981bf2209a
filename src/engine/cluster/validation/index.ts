/**
 * The API server's validation, kind by kind, with v1.33's messages and field paths.
 * Callers pass objects that went through defaults/applyDefaults, as the API server
 * validates after defaulting; the errors come back in the order the API server lists them.
 */
import type { KubeObject, Kind } from '../../api/objects.ts';
import type { FieldError } from '../../api/status.ts';
import type { ClusterSettings } from '../types.ts';
import { resourceForKind } from '../../api/resources.ts';
import { validateDaemonSet, validateDaemonSetUpdate, validateDeployment, validateDeploymentUpdate, validateReplicaSet } from './apps.ts';
import { validateConfigMap, validateConfigMapUpdate, validateNamespace, validateNode } from './cluster-kinds.ts';
import { validateEndpointSlice, validateEndpoints } from './endpoints.ts';
import { invalid } from './field-error.ts';
import { validateObjectMetaUpdate } from './meta.ts';
import { validatePod } from './pod.ts';
import { renderString } from './render-value.ts';
import { validateService, validateServiceUpdate } from './service.ts';

export { validateServiceClusterIPsRelatedFields } from './service.ts';
export { validateServiceIPFamilies } from './service-ip-families.ts';

/** Validation on create (the registry strategy's Validate). */
export function validateCreate(obj: KubeObject, settings: ClusterSettings): FieldError[] {
  void settings;
  switch (obj.kind) {
    case 'Service': return validateService(obj);
    case 'Pod': return validatePod(obj);
    case 'Deployment': return validateDeployment(obj);
    case 'ReplicaSet': return validateReplicaSet(obj);
    case 'DaemonSet': return validateDaemonSet(obj);
    case 'Endpoints': return validateEndpoints(obj);
    case 'EndpointSlice': return validateEndpointSlice(obj);
    case 'ConfigMap': return validateConfigMap(obj);
    case 'Namespace': return validateNamespace(obj);
    case 'Node': return validateNode(obj);
  }
}

/** Validation on update (ValidateUpdate): identity and immutable fields, then the full object. */
export function validateUpdate(next: KubeObject, old: KubeObject, settings: ClusterSettings): FieldError[] {
  if (next.kind === 'Service' && old.kind === 'Service') return validateServiceUpdate(next, old);
  if (next.kind === 'Deployment' && old.kind === 'Deployment') return validateDeploymentUpdate(next, old);
  if (next.kind === 'DaemonSet' && old.kind === 'DaemonSet') return validateDaemonSetUpdate(next, old);
  const out: FieldError[] = [];
  validateObjectMetaUpdate(next.metadata, old.metadata, out);
  if (next.kind === 'ConfigMap' && old.kind === 'ConfigMap') validateConfigMapUpdate(next, old, out);
  if (next.kind === 'EndpointSlice' && old.kind === 'EndpointSlice' && next.addressType !== old.addressType) {
    out.push(invalid('addressType', renderString(next.addressType), 'field is immutable'));
  }
  out.push(...validateCreate(next, settings));
  return out;
}

/** The kind as errors.NewInvalid prints it: `Service`, `Deployment.apps`, `EndpointSlice.discovery.k8s.io`. */
export function qualifiedKind(kind: Kind): string {
  const group = resourceForKind(kind).group;
  return group ? `${kind}.${group}` : kind;
}
