/**
 * The API server's defaulting: v1 defaults (k8s.io/api `+default` markers and the
 * SetDefaults_* functions) and, for Services, the registry's create/update normalisation.
 * Each call returns a new object; the input is never changed. Allocation is not done here.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { ClusterSettings } from '../types.ts';
import { clonePlain } from './clone.ts';
import { prepareServiceForCreate, prepareServiceForUpdate, setServiceDefaults } from './service.ts';
import { setDaemonSetDefaults, setDeploymentDefaults, setPodDefaults, setReplicaSetDefaults } from './workloads.ts';

function setDefaults(o: KubeObject): void {
  switch (o.kind) {
    case 'Service': setServiceDefaults(o); break;
    case 'Pod': setPodDefaults(o); break;
    case 'Deployment': setDeploymentDefaults(o); break;
    case 'ReplicaSet': setReplicaSetDefaults(o); break;
    case 'DaemonSet': setDaemonSetDefaults(o); break;
    case 'Endpoints':
      for (const ss of o.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
      break;
    case 'EndpointSlice':
      for (const p of o.ports ?? []) {
        if (p.name === undefined) p.name = '';
        if (!p.protocol) p.protocol = 'TCP';
      }
      break;
    case 'Namespace':
      // SetDefaults_Namespace labels every named namespace with its own name.
      if (o.metadata?.name) o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
      o.status = { phase: 'Active', ...(o.status ?? {}) };
      break;
    case 'Node':
      // The API server decodes an absent spec as the empty struct.
      o.spec ??= {};
      break;
    case 'ConfigMap':
      break;
  }
}

/** Defaults for a create: v1 defaulting, then for Services clusterIPs, ipFamilies, ipFamilyPolicy. */
export function applyDefaults<T extends KubeObject>(obj: T, settings: ClusterSettings): T {
  const o = clonePlain(obj);
  setDefaults(o);
  if (o.kind === 'Service') prepareServiceForCreate(o, settings);
  return o;
}

/**
 * Defaults for an update (PUT, or the merged object of an apply): v1 defaulting, then for
 * Services the values the server allocated are kept when the client omitted them and fields the
 * new type does not use are dropped. Call before validateUpdate and before (re)allocating.
 */
export function applyUpdateDefaults<T extends KubeObject>(next: T, old: T, settings: ClusterSettings): T {
  const o = clonePlain(next);
  setDefaults(o);
  if (o.kind === 'Service' && old.kind === 'Service') prepareServiceForUpdate(o, old, settings);
  return o;
}
