/**
 * kubectl describe node (kubectl v1.33 pkg/describe/describe.go describeNode,
 * describeNodeLease, describeNodeResource). Pods carry no resource requests in svcsim unless a
 * scenario sets them; the tables print the requests as written.
 */
import type { Container, Node, Pod } from '../../../../api/core.ts';
import type { ClusterReader } from '../../../../cluster/types.ts';
import { nodeRoles } from '../columns.ts';
import { formatAge, formatRfc1123z } from '../duration.ts';
import { describeEvents, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline } from './prefix-writer.ts';
import type { DescribeSettings } from './prefix-writer.ts';

type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };

/** A quantity in base units (cpu in millicores, memory in bytes), enough for the percentages. */
function quantityValue(q: string | undefined, milli: boolean): number {
  if (!q) return 0;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (!m) return 0;
  const n = parseFloat(m[1]);
  const mult: Record<string, number> = { '': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const v = n * (mult[m[2]] ?? 1);
  return milli ? Math.round(v * 1000) : Math.round(v);
}

/**
 * resourcehelper.PodRequestsAndLimits for one resource, as the quantities whose sum it is: the
 * containers and sidecars (restartable init containers) add up; a plain init container runs
 * alone with the sidecars started before it, and the largest such total wins if it is larger.
 */
function podTotals(pod: Pod, kind: 'requests' | 'limits', resource: string): string[] {
  const milli = resource === 'cpu';
  const of = (c: Container) => ((c.resources as Resources | undefined)?.[kind] ?? {})[resource];
  const sum = (list: string[]) => list.reduce((s, v) => s + quantityValue(v, milli), 0);
  const main = pod.spec.containers.map(of).filter((x): x is string => !!x);
  const sidecars: string[] = [];
  let initMax: string[] = [];
  for (const c of pod.spec.initContainers ?? []) {
    const v = of(c);
    let running: string[];
    if (c.restartPolicy === 'Always') {
      if (v) {
        main.push(v);
        sidecars.push(v);
      }
      running = [...sidecars];
    } else running = v ? [v, ...sidecars] : [...sidecars];
    if (sum(running) > sum(initMax)) initMax = running;
  }
  return sum(initMax) > sum(main) ? initMax : main;
}

/** One summed quantity as Quantity.String() would print the usual cases ("0", "100m", "128Mi"). */
function sumQuantity(values: string[], milli: boolean): { text: string; value: number } {
  if (values.length === 0) return { text: '0', value: 0 };
  if (values.length === 1) return { text: values[0], value: quantityValue(values[0], milli) };
  const total = values.reduce((s, v) => s + quantityValue(v, milli), 0);
  if (milli) return { text: total % 1000 === 0 ? String(total / 1000) : `${total}m`, value: total };
  for (const [suffix, mult] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (total % mult === 0) return { text: `${total / mult}${suffix}`, value: total };
  }
  return { text: String(total), value: total };
}

const pct = (v: number, of: number) => (of > 0 ? Math.trunc((v / of) * 100) : 0);

export function describeNode(node: Node, cluster: ClusterReader, settings: DescribeSettings = {}): string {
  const w = new PrefixWriter();
  const status = node.status ?? {};
  const info = status.nodeInfo ?? {};
  w.write(0, `Name:\t${node.metadata.name}\n`);
  const roles = nodeRoles(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${formatRfc1123z(node.metadata.creationTimestamp)}\n`);
  const taints = [...(node.spec.taints ?? [])].sort((a, b) => (`${a.effect},${a.key}` < `${b.effect},${b.key}` ? -1 : 1));
  w.write(0, 'Taints:\t');
  if (taints.length === 0) w.writeLine('<none>');
  taints.forEach((t, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
  });
  w.write(0, `Unschedulable:\t${!!node.spec.unschedulable}\n`);
  // The kubelet renews its Lease in kube-node-lease every 10s; svcsim's holder is the node itself.
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${node.metadata.name}\n`);
  w.write(1, 'AcquireTime:\t<unset>\n');
  w.write(1, `RenewTime:\t${formatRfc1123z(new Date(cluster.now()).toISOString())}\n`);
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${formatRfc1123z(c.lastHeartbeatTime)} \t${formatRfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printResources = (title: string, list: Record<string, string> | undefined) => {
    const keys = Object.keys(list ?? {}).sort();
    if (!list || keys.length === 0) return;
    w.write(0, `${title}:\n`);
    for (const k of keys) w.write(0, `  ${k}:\t${list[k]}\n`);
  };
  printResources('Capacity', status.capacity);
  printResources('Allocatable', status.allocatable);
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
  if (node.spec.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);

  const pods = cluster
    .list('Pod')
    .filter((p) => p.spec.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const alloc = status.allocatable && Object.keys(status.allocatable).length ? status.allocatable : status.capacity ?? {};
  const cpuAlloc = quantityValue(alloc.cpu, true);
  const memAlloc = quantityValue(alloc.memory, false);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const totals = { cpuReq: [] as string[], cpuLim: [] as string[], memReq: [] as string[], memLim: [] as string[] };
  for (const p of pods) {
    const cr = sumQuantity(podTotals(p, 'requests', 'cpu'), true);
    const cl = sumQuantity(podTotals(p, 'limits', 'cpu'), true);
    const mr = sumQuantity(podTotals(p, 'requests', 'memory'), false);
    const ml = sumQuantity(podTotals(p, 'limits', 'memory'), false);
    totals.cpuReq.push(...podTotals(p, 'requests', 'cpu'));
    totals.cpuLim.push(...podTotals(p, 'limits', 'cpu'));
    totals.memReq.push(...podTotals(p, 'requests', 'memory'));
    totals.memLim.push(...podTotals(p, 'limits', 'memory'));
    w.write(
      1,
      `${p.metadata.namespace ?? ''}\t${p.metadata.name}\t\t${cr.text} (${pct(cr.value, cpuAlloc)}%)\t${cl.text} (${pct(cl.value, cpuAlloc)}%)\t${mr.text} (${pct(mr.value, memAlloc)}%)\t${ml.text} (${pct(ml.value, memAlloc)}%)\t${formatAge(p.metadata.creationTimestamp, cluster.now())}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const cr = sumQuantity(totals.cpuReq, true);
  const cl = sumQuantity(totals.cpuLim, true);
  const mr = sumQuantity(totals.memReq, false);
  const ml = sumQuantity(totals.memLim, false);
  w.write(1, `cpu\t${cr.text} (${pct(cr.value, cpuAlloc)}%)\t${cl.text} (${pct(cl.value, cpuAlloc)}%)\n`);
  w.write(1, `memory\t${mr.text} (${pct(mr.value, memAlloc)}%)\t${ml.text} (${pct(ml.value, memAlloc)}%)\n`);
  const storageAlloc = quantityValue(alloc['ephemeral-storage'], false);
  const sr = sumQuantity(pods.flatMap((p) => podTotals(p, 'requests', 'ephemeral-storage')), false);
  const sl = sumQuantity(pods.flatMap((p) => podTotals(p, 'limits', 'ephemeral-storage')), false);
  w.write(1, `ephemeral-storage\t${sr.text} (${pct(sr.value, storageAlloc)}%)\t${sl.text} (${pct(sl.value, storageAlloc)}%)\n`);
  for (const hp of Object.keys(alloc).filter((k) => k.startsWith('hugepages-')).sort()) w.write(1, `${hp}\t0 (0%)\t0 (0%)\n`);
  if (settings.showEvents !== false) describeEvents(w, cluster.events('Node', undefined, node.metadata.name), cluster.now());
  return w.toString();
}
