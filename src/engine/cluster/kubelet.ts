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
  private fixed = new WeakMap<Container, FixedStatus>();

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
      // convertToAPIContainerStatuses' default waiting status: the image as the pod names it, nothing run yet.
      containerStatuses: pod.spec.containers.map((c) => ({
        name: c.name, image: c.image, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } },
        lastState: NO_LAST_STATE, ...mountsOf(c),
      })),
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

  /**
   * A running container as convertToAPIContainerStatuses reports it: containerd's name for the
   * image, lastState (an always-written struct), the mounts, and (InPlacePodVerticalScaling)
   * the resources it runs with. containerID and imageID are left out: svcsim has no container
   * runtime to draw the one from, nor the registry digest the other holds.
   */
  private containerStatusesFor(containers: readonly Container[], ready: boolean, time: string): ContainerStatus[] {
    return containers.map((c) => {
      const fixed = this.fixedOf(c);
      const status: ContainerStatus = {
        name: c.name,
        image: fixed.image,
        ready,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: time } },
        lastState: NO_LAST_STATE,
        resources: fixed.resources,
      };
      if (fixed.volumeMounts) status.volumeMounts = fixed.volumeMounts;
      return status;
    });
  }

  /** The parts of a running container's status its spec alone decides, one copy per container of a template. */
  private fixedOf(c: Container): FixedStatus {
    let f = this.fixed.get(c);
    if (!f) {
      f = { image: c.image === undefined ? undefined : containerdImageName(c.image), resources: runningResources(c), volumeMounts: mountsOf(c).volumeMounts };
      this.fixed.set(c, f);
    }
    return f;
  }

}

type ResourceList = Record<string, string>;

/** A container status's fields that depend on the container alone. */
interface FixedStatus {
  image: string | undefined;
  resources: NonNullable<ContainerStatus['resources']>;
  volumeMounts: ContainerStatus['volumeMounts'];
}

/** lastState of a container that never restarted: the empty ContainerState, shared (stored objects are not mutated). */
const NO_LAST_STATE: NonNullable<ContainerStatus['lastState']> = Object.freeze({});

/**
 * The container's mounts as the kubelet copies them into its status (kubelet_pods.go,
 * RecursiveReadOnlyMounts beta and on since v1.31): a read-only mount says recursiveReadOnly
 * Disabled, as containerd 1.7 offers no recursive read-only mounts.
 */
function mountsOf(c: Container): Pick<ContainerStatus, 'volumeMounts'> {
  const mounts = c.volumeMounts as { name: string; mountPath: string; readOnly?: boolean }[] | undefined;
  if (!mounts?.length) return {};
  return {
    volumeMounts: mounts.map((m) => (m.readOnly
      ? { name: m.name, mountPath: m.mountPath, readOnly: true, recursiveReadOnly: 'Disabled' as const }
      : { name: m.name, mountPath: m.mountPath })),
  };
}

/** The resources a running container reports: cpu, memory and ephemeral-storage as allocated (v1.33 convertContainerStatusResources). */
function runningResources(c: Container): NonNullable<ContainerStatus['resources']> {
  const res = c.resources as { limits?: ResourceList; requests?: ResourceList } | undefined;
  const out: NonNullable<ContainerStatus['resources']> = {};
  const limits = reported(res?.limits);
  const requests = reported(res?.requests);
  if (limits) out.limits = limits;
  if (requests) out.requests = requests;
  return out;
}

const REPORTED = ['cpu', 'ephemeral-storage', 'memory'];

function reported(list: ResourceList | undefined): ResourceList | undefined {
  if (!list) return undefined;
  let out: ResourceList | undefined;
  for (const k of REPORTED) if (list[k] !== undefined) (out ??= {})[k] = list[k];
  return out;
}

/**
 * The image name containerd reports for a container: the image's repo tag, fully qualified
 * (distribution/reference ParseDockerRef: Docker Hub names get `docker.io/`, one-part names
 * `library/`, and no tag means `latest`). A reference by digest is kept as written.
 */
export function containerdImageName(image: string): string {
  if (image === '' || image.includes('@')) return image;
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasDomain = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let domain = hasDomain ? first : 'docker.io';
  let path = hasDomain ? image.slice(slash + 1) : image;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const lastSlash = path.lastIndexOf('/');
  if (!path.slice(lastSlash + 1).includes(':')) path += ':latest';
  return `${domain}/${path}`;
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
