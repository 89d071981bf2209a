/**
 * The simulated kubelet: a bound pod starts at once, every container running and ready (unless
 * the pod carries `svcsim.dev/ready: "false"`), and its status is filled the way a v1.33 kubelet
 * reports it (kubernetes pkg/kubelet/status/generate.go, kubelet_pods.go generateAPIPodStatus).
 * Pods started one after another at the same instant from the same template (a ReplicaSet's
 * batch) share their condition and container status arrays: stored objects are immutable, and
 * 100,000 pods stay small.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../api/core.ts';
import type { LazyEvents } from './event-log.ts';
import type { ClusterEvent } from './types.ts';

export const READY_ANNOTATION = 'svcsim.dev/ready';

export function isPodReadyWanted(pod: Pod): boolean {
  return pod.metadata.annotations?.[READY_ANNOTATION] !== 'false';
}

/** v1qos.GetPodQOS, reduced to the presence of requests and limits. */
export function qosClass(containers: readonly Container[]): string {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = c.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
    const req = res?.requests ?? {};
    const lim = res?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export class Kubelet {
  private conditionCache = new Map<string, PodCondition[]>();
  /** The last conditions handed out, for the run of pods started at one instant. */
  private lastConditions: { time: string; ready: boolean; containers: readonly Container[]; value: PodCondition[] } | undefined;
  private lastStatuses: { time: string; ready: boolean; containers: readonly Container[]; value: ContainerStatus[] } | undefined;
  /** The QoS class of the last container list asked about: pods of one template share the list. */
  private lastQos: { containers: readonly Container[]; qos: string } | undefined;
  /** One hostIPs list per node address, shared by the node's pods. */
  private hostIPsCache = new Map<string, { ip: string }[]>();

  /** The status of a pod that has just started on its node with this address. */
  start(pod: Pod, hostIP: string | undefined, podIP: string | undefined, time: string, hostIPs?: { ip: string }[]): PodStatus {
    const ready = isPodReadyWanted(pod);
    const containers = pod.spec.containers;
    const status: PodStatus = {
      phase: 'Running',
      conditions: this.conditions(ready, containers, time),
      hostIP,
      hostIPs: hostIP ? (hostIPs ?? this.hostIPs(hostIP)) : undefined,
      podIP,
      podIPs: podIP ? [{ ip: podIP }] : undefined,
      startTime: time,
      containerStatuses: this.containerStatuses(containers, ready, time),
      qosClass: this.qosOf(containers),
    };
    if (!hostIP) delete status.hostIPs;
    if (!podIP) delete status.podIPs;
    return status;
  }

  /** A pod bound to its node whose sandbox could not start: Pending, containers ContainerCreating. */
  waiting(pod: Pod, hostIP: string | undefined, time: string): PodStatus {
    const status: PodStatus = {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: time }],
      hostIP,
      startTime: time,
      containerStatuses: pod.spec.containers.map((c) => ({ name: c.name, image: c.image, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } })),
      qosClass: qosClass(pod.spec.containers),
    };
    if (hostIP) status.hostIPs = this.hostIPs(hostIP);
    return status;
  }

  private qosOf(containers: readonly Container[]): string {
    if (this.lastQos?.containers !== containers) this.lastQos = { containers, qos: qosClass(containers) };
    return this.lastQos.qos;
  }

  /** One hostIPs list per node address, shared by the node's pods. */
  hostIPs(ip: string): { ip: string }[] {
    let list = this.hostIPsCache.get(ip);
    if (!list) this.hostIPsCache.set(ip, (list = [{ ip }]));
    return list;
  }

  private conditions(ready: boolean, containers: readonly Container[], time: string): PodCondition[] {
    const last = this.lastConditions;
    if (last && last.time === time && last.ready === ready && last.containers === containers) return last.value;
    const value = this.conditionsFor(ready, containers, time);
    this.lastConditions = { time, ready, containers, value };
    return value;
  }

  private conditionsFor(ready: boolean, containers: readonly Container[], time: string): PodCondition[] {
    const names = ready ? '' : containers.map((c) => c.name).join(' ');
    const key = `${time}|${ready}|${names}`;
    let c = this.conditionCache.get(key);
    if (!c) {
      const notReady: Partial<PodCondition> = ready
        ? {}
        : { reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` };
      // v1.33 order, as `kubectl describe pod` lists them. lastProbeTime is never set for these
      // conditions and prints as null (a zero metav1.Time), as on a real pod.
      c = [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: time },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: time },
        { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: time, ...notReady },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: time, ...notReady },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: time },
      ];
      if (this.conditionCache.size > 10_000) this.conditionCache.clear();
      this.conditionCache.set(key, c);
    }
    return c;
  }

  private containerStatuses(containers: readonly Container[], ready: boolean, time: string): ContainerStatus[] {
    const last = this.lastStatuses;
    if (last && last.time === time && last.ready === ready && last.containers === containers) return last.value;
    const value = this.containerStatusesFor(containers, ready, time);
    this.lastStatuses = { time, ready, containers, value };
    return value;
  }

  private containerStatusesFor(containers: readonly Container[], ready: boolean, time: string): ContainerStatus[] {
    return containers.map((c) => ({
      name: c.name,
      image: c.image,
      ready,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: time } },
    }));
  }

}

/**
 * What the scheduler and the kubelet report while a pod starts
 * (pkg/scheduler/schedule_one.go, pkg/kubelet/kuberuntime/kuberuntime_container.go, images/image_manager.go).
 * svcsim's nodes hold every image, so the image is "already present".
 */
export function podStartEvents(
  namespace: string,
  name: string,
  uid: string | undefined,
  containers: readonly Container[],
  nodeName: string,
  time: string,
  scheduled: boolean,
): ClusterEvent[] {
  const involved = { kind: 'Pod' as const, namespace, name, uid };
  const time2 = { firstTimestamp: time, lastTimestamp: time, count: 1 };
  const out: ClusterEvent[] = [];
  if (scheduled) out.push({ type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${namespace}/${name} to ${nodeName}`, source: 'default-scheduler', involvedObject: involved, ...time2 });
  for (const c of containers) {
    // The kubelet's container events name the container (kubecontainer.GenerateContainerRef) and its node.
    const container = { ...involved, fieldPath: `spec.containers{${c.name}}` };
    const ev = (reason: string, message: string): ClusterEvent => ({ type: 'Normal', reason, message, source: 'kubelet', host: nodeName, involvedObject: container, ...time2 });
    out.push(ev('Pulled', `Container image "${c.image ?? ''}" already present on machine`));
    out.push(ev('Created', `Created container: ${c.name}`));
    out.push(ev('Started', `Started container ${c.name}`));
  }
  return out;
}

/** A pod's start-up events in compact form: what podStartEvents needs, nothing else (not the pod). */
export class PodStartEvents implements LazyEvents {
  constructor(
    private readonly namespace: string,
    private readonly name: string,
    private readonly uid: string | undefined,
    private readonly containers: readonly Container[],
    private readonly nodeName: string,
    private readonly time: string,
    private readonly scheduled: boolean,
  ) {}

  expand(): ClusterEvent[] {
    return podStartEvents(this.namespace, this.name, this.uid, this.containers, this.nodeName, this.time, this.scheduled);
  }
}
