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
import type { DescribeSettings } from './prefix-writer.ts';

export function describe(obj: KubeObject, cluster: ClusterReader, settings: DescribeSettings = {}): string {
  switch (obj.kind) {
    case 'Service': return describeService(obj, cluster, settings);
    case 'Endpoints': return describeEndpoints(obj, cluster, settings);
    case 'EndpointSlice': return describeEndpointSlice(obj, cluster, settings);
    case 'Pod': return describePod(obj, cluster, settings);
    case 'Node': return describeNode(obj, cluster, settings);
    case 'Deployment': return describeDeployment(obj, cluster, settings);
    case 'DaemonSet': return describeDaemonSet(obj, cluster, settings);
    case 'Namespace': return describeNamespace(obj);
    default: return describeGeneric(obj, cluster, settings);
  }
}
