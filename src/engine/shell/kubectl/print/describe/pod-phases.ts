/** getPodStatusForController (kubectl v1.33 pkg/describe/describe.go) for describe replicaset and daemonset. */
import type { DaemonSet, ReplicaSet } from '../../../../api/apps.ts';
import { matchesSelector, selectorFromLabelSelector } from '../../../../api/labels.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';

/**
 * Running / Waiting (Pending) / Succeeded / Failed counts of the pods the selector matches whose
 * controller is this object (by uid): orphans and other controllers' pods are skipped.
 */
export function podPhasesOf(owner: ReplicaSet | DaemonSet, cluster: ClusterReader): [number, number, number, number] {
  const selector = selectorFromLabelSelector(owner.spec.selector);
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const p of cluster.list('Pod', owner.metadata.namespace)) {
    if (!matchesSelector(selector, p.metadata.labels)) continue;
    const controller = (p.metadata.ownerReferences ?? []).find((o) => o.controller);
    if (!controller || controller.uid !== owner.metadata.uid) continue;
    const phase = p.status?.phase;
    if (phase === 'Running') counts[0]++;
    else if (phase === 'Pending') counts[1]++;
    else if (phase === 'Succeeded') counts[2]++;
    else if (phase === 'Failed') counts[3]++;
  }
  return counts;
}
