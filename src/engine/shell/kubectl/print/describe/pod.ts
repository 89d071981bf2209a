/** kubectl describe pod (kubectl v1.33 pkg/describe/describe.go describePod). */
import type { Pod } from '../../../../api/core.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { formatAge, formatRfc1123z } from '../duration.ts';
import { describeContainers, describeVolumes, printTolerations } from './containers.ts';
import { controllerOf, describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';

type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };

/** qos.GetPodQOS, simplified to whole resource maps: BestEffort, Guaranteed or Burstable. */
export function podQOS(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const res = all.map((c) => (c.resources as Resources | undefined) ?? {});
  const any = res.some((r) => Object.keys(r.requests ?? {}).length || Object.keys(r.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = res.every((r) => {
    const limits = r.limits ?? {};
    if (!limits.cpu || !limits.memory) return false;
    const req = r.requests ?? {};
    return (req.cpu ?? limits.cpu) === limits.cpu && (req.memory ?? limits.memory) === limits.memory;
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Pod, cluster: ClusterReader): string {
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
  const initStatuses = (status as { initContainerStatuses?: NonNullable<typeof status.containerStatuses> }).initContainerStatuses;
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, initStatuses ?? [], '');
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses ?? [], '');
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
  describeVolumes(w, spec.volumes as Parameters<typeof describeVolumes>[1], '');
  w.write(0, `QoS Class:\t${podQOS(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerations(w, 'Tolerations', spec.tolerations);
  describeEvents(w, cluster.events('Pod', pod.metadata.namespace, pod.metadata.name), cluster.now());
  return w.toString();
}
