/** kubectl describe deployment and namespace (kubectl v1.33 pkg/describe/describe.go). */
import type { Deployment, ReplicaSet } from '../../../../api/apps.ts';
import type { Namespace, PodTemplateSpec } from '../../../../api/core.ts';
import { matchesSelector, selectorFromLabelSelector } from '../../../../api/labels.ts';
import { equalIgnoringHash } from '../../../../cluster/pod-template-hash.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatRfc1123z } from '../duration.ts';
import { formatLabelSelector } from '../labels.ts';
import { describeContainers } from './containers.ts';
import { describeTopologySpreadConstraints, printTolerations, type TopologySpreadConstraint } from './scheduling.ts';
import { describeVolumes, type Volume } from './volumes.ts';
import { describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';
import type { DescribeSettings } from './prefix-writer.ts';

/** intstr.String(): numbers print bare, percentages as written. */
const intOrString = (v: number | string | undefined, dflt: string) => (v === undefined ? dflt : String(v));

function printReplicaSets(rss: readonly ReplicaSet[]): string {
  const list = rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`).join(', ');
  return list || '<none>';
}

/**
 * deploymentutil.GetAllReplicaSetsInChunks as DeploymentDescriber uses it (kubectl pkg/util/deployment):
 * the sets the Deployment controls, oldest first (name breaks ties); the new one is the oldest
 * whose template equals the Deployment's but for pod-template-hash; every other set is old,
 * scaled to zero or not (describe prints allOldRSes).
 */
function replicaSetsOf(d: Deployment, cluster: ClusterReader): { oldRSs: ReplicaSet[]; newRSs: ReplicaSet[] } {
  const owned = cluster
    .list('ReplicaSet', d.metadata.namespace)
    .filter((rs) => matchesSelector(selectorFromLabelSelector(d.spec.selector), rs.metadata.labels))
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata.uid));
  const time = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;
  owned.sort((a, b) => time(a) - time(b) || (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const newRS = owned.find((rs) => equalIgnoringHash(rs.spec.template, d.spec.template));
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRSs: newRS ? [newRS] : [] };
}

export function describeDeployment(d: Deployment, cluster: ClusterReader, settings: DescribeSettings = {}): string {
  const w = new PrefixWriter();
  const st = d.status ?? {};
  const strategy = d.spec.strategy ?? { type: 'RollingUpdate' as const };
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(0, `CreationTimestamp:\t${formatRfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${formatLabelSelector(d.spec.selector)}\n`);
  w.write(0, `Replicas:\t${d.spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${strategy.type ?? 'RollingUpdate'}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const ru = strategy.rollingUpdate ?? {};
    w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable, '25%')} max unavailable, ${intOrString(ru.maxSurge, '25%')} max surge\n`);
  }
  describePodTemplate(w, d.spec.template);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const { oldRSs, newRSs } = replicaSetsOf(d, cluster);
  if (oldRSs.length || newRSs.length) {
    w.write(0, `OldReplicaSets:\t${printReplicaSets(oldRSs)}\n`);
    w.write(0, `NewReplicaSet:\t${printReplicaSets(newRSs)}\n`);
  }
  if (settings.showEvents !== false) describeEvents(w, cluster.events('Deployment', d.metadata.namespace, d.metadata.name), cluster.now());
  return w.toString();
}

/** DescribePodTemplate. */
export function describePodTemplate(w: PrefixWriter, t: PodTemplateSpec): void {
  w.write(0, 'Pod Template:\n');
  printLabelsMultiline(w, '  Labels', t.metadata?.labels);
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length) printAnnotationsMultiline(w, '  Annotations', t.metadata.annotations);
  if (typeof t.spec.serviceAccountName === 'string' && t.spec.serviceAccountName) w.write(1, `Service Account:\t${t.spec.serviceAccountName}\n`);
  if (t.spec.initContainers?.length) describeContainers(w, 'Init Containers', t.spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', t.spec.containers, undefined, '  ');
  describeVolumes(w, t.spec.volumes as Volume[] | undefined, '  ');
  describeTopologySpreadConstraints(w, t.spec.topologySpreadConstraints as TopologySpreadConstraint[] | undefined, '  ');
  if (typeof t.spec.priorityClassName === 'string' && t.spec.priorityClassName) w.write(1, `Priority Class Name:\t${t.spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', t.spec.nodeSelector);
  printTolerations(w, '  Tolerations', t.spec.tolerations);
}

/** describeNamespace with the empty quota and limit-range lists a plain cluster has. */
export function describeNamespace(ns: Namespace): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? 'Active'}\n`);
  // A terminating namespace carries the namespace controller's deletion conditions.
  const conditions = (ns.status as { conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[] } | undefined)?.conditions ?? [];
  if (conditions.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t------------------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${formatRfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  w.write(0, '\n');
  w.write(0, 'No resource quota.\n');
  w.write(0, '\n');
  w.write(0, 'No LimitRange resource.\n');
  return w.toString();
}
