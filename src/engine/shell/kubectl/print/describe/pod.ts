/** kubectl describe pod (kubectl v1.33 pkg/describe/describe.go describePod). */
import type { Container, Pod } from '../../../../api/core.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatAge, formatRfc1123z } from '../duration.ts';
import { describeContainers, describeResources, type Resources, type SecurityContext } from './containers.ts';
import type { DescribeSettings } from './prefix-writer.ts';
import { controllerOf, describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';
import { quantityMilliValue } from '../../../../api/quantity.ts';
import { describeTopologySpreadConstraints, printTolerations, type TopologySpreadConstraint } from './scheduling.ts';
import { describeVolumes, type Volume } from './volumes.ts';

/**
 * qos.GetPodQOS (kubectl pkg/util/qos/qos.go): the stored status.qosClass, else ComputePodQOS
 * over the cpu and memory quantities above zero, summed over containers and init containers
 * (or the pod-level resources when set). Requests default to limits at admission, so a limit
 * without a request counts as both.
 */
export function podQOS(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const podLevel = pod.spec.resources as Resources | undefined;
  const all = podLevel ? [podLevel] : [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].map((c) => (c.resources as Resources | undefined) ?? {});
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const add = (into: Map<string, number>, list: Record<string, string> | undefined) => {
    for (const name of ['cpu', 'memory']) {
      const v = quantityMilliValue(list?.[name]);
      if (v > 0) into.set(name, (into.get(name) ?? 0) + v);
    }
  };
  for (const r of all) {
    add(requests, { ...r.limits, ...r.requests });
    add(limits, r.limits);
    if (!(quantityMilliValue(r.limits?.cpu) > 0 && quantityMilliValue(r.limits?.memory) > 0)) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) for (const [name, v] of requests) if (limits.get(name) !== v) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Pod, cluster: ClusterReader, settings: DescribeSettings = {}): string {
  const w = new PrefixWriter();
  const spec = pod.spec;
  const status = pod.status ?? {};
  const extra = status as { reason?: string; message?: string };
  const meta = pod.metadata as typeof pod.metadata & { deletionGracePeriodSeconds?: number };
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (typeof spec.priority === 'number') w.write(0, `Priority:\t${spec.priority}\n`);
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (typeof spec.runtimeClassName === 'string' && spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${formatRfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${formatAge(pod.metadata.deletionTimestamp, cluster.now())})\n`);
    w.write(0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (extra.reason) w.write(0, `Reason:\t${extra.reason}\n`);
  if (extra.message) w.write(0, `Message:\t${extra.message}\n`);
  const seccomp = (spec.securityContext as SecurityContext | undefined)?.seccompProfile;
  if (seccomp) {
    w.write(0, `SeccompProfile:\t${seccomp.type}\n`);
    if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  const podIPs = status.podIPs?.length ? status.podIPs : status.podIP ? [{ ip: status.podIP }] : [];
  if (podIPs.length === 0) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of podIPs) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const controlledBy = controllerOf(pod.metadata.ownerReferences);
  if (controlledBy) w.write(0, `Controlled By:\t${controlledBy}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.resources) {
    w.write(0, 'Resources:\n');
    describeResources(w, spec.resources as Resources, 1);
  }
  const more = status as { initContainerStatuses?: NonNullable<typeof status.containerStatuses>; ephemeralContainerStatuses?: NonNullable<typeof status.containerStatuses> };
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, more.initContainerStatuses ?? [], '', pod);
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses ?? [], '', pod);
  const ephemeral = (spec.ephemeralContainers ?? []) as Container[];
  if (ephemeral.length) describeContainers(w, 'Ephemeral Containers', ephemeral, more.ephemeralContainerStatuses ?? [], '', pod);
  const gates = (spec.readinessGates ?? []) as { conditionType: string }[];
  if (gates.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes as Volume[] | undefined, '');
  w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerations(w, 'Tolerations', spec.tolerations);
  describeTopologySpreadConstraints(w, spec.topologySpreadConstraints as TopologySpreadConstraint[] | undefined, '');
  if (settings.showEvents !== false) describeEvents(w, cluster.events('Pod', pod.metadata.namespace, pod.metadata.name), cluster.now());
  return w.toString();
}
