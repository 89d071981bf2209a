/** `kubectl describe` for one object: the describer for its kind. */
import type { KubeObject } from '../../../../api/objects.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { describeDaemonSet } from './daemonset.ts';
import { describeDeployment, describeNamespace } from './deployment.ts';
import { describeEndpoints, describeEndpointSlice } from './endpoints.ts';
import { describeNode } from './node.ts';
import { describePod } from './pod.ts';
import { describeService } from './service.ts';
import { describeGeneric } from './generic.ts';

export function describe(obj: KubeObject, cluster: ClusterReader): string {
  switch (obj.kind) {
    case 'Service': return describeService(obj, cluster);
    case 'Endpoints': return describeEndpoints(obj, cluster);
    case 'EndpointSlice': return describeEndpointSlice(obj, cluster);
    case 'Pod': return describePod(obj, cluster);
    case 'Node': return describeNode(obj, cluster);
    case 'Deployment': return describeDeployment(obj, cluster);
    case 'DaemonSet': return describeDaemonSet(obj, cluster);
    case 'Namespace': return describeNamespace(obj);
    default: return describeGeneric(obj, cluster);
  }
}
