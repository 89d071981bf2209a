/**
 * A pod from creation to Running: the scheduler binds it to a node, the node's kubelet gives
 * it an address and starts it. Both happen in one step of simulated time.
 */
import type { Node, Pod, PodCondition, PodStatus } from '../api/core.ts';
import type { ControllerContext } from './controller-context.ts';
import type { Kubelet } from './kubelet.ts';
import type { OneShotProcesses } from './one-shot-processes.ts';
import { isPodReadyWanted, PodStartEvents } from './kubelet.ts';
import { hasReadinessProbe, withReadiness, type Readiness } from './readiness-probes.ts';
import { copyPlain } from './object-meta.ts';
import type { PodNetwork } from './pod-network.ts';
import { nodeInternalIP } from './pod-network.ts';
import type { Scheduler } from './scheduler.ts';

/** Where a pod lands and the status its kubelet reports there. */
export interface Placement {
  nodeName: string;
  status: PodStatus;
  scheduled: boolean;
}

/** Status fields written in the scenario (a podIP, a Ready condition), beyond what the apiserver sets on create. */
function writtenStatus(status: PodStatus | undefined): Omit<PodStatus, 'phase' | 'qosClass'> | undefined {
  if (!status) return undefined;
  for (const k in status) {
    if (k === 'phase' || k === 'qosClass' || (k === 'conditions' && isUnschedulableOnly(status.conditions))) continue;
    const { phase: _phase, qosClass: _qos, ...written } = status;
    if (isUnschedulableOnly(written.conditions)) delete written.conditions;
    return written;
  }
  return undefined;
}

/** Conditions that only say the scheduler found no node yet: the scheduler's own, replaced once it does. */
function isUnschedulableOnly(conditions: PodStatus['conditions']): boolean {
  return conditions?.length === 1 && conditions[0].type === 'PodScheduled' && conditions[0].status === 'False';
}

/** The scheduler's PodScheduled=False condition for `message`, or undefined when the pod already says so. */
function unschedulableCondition(pod: Pod, message: string, time: string): PodCondition | undefined {
  const prev = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (prev && prev.status === 'False' && prev.reason === 'Unschedulable' && prev.message === message) return undefined;
  const since = prev?.status === 'False' ? (prev.lastTransitionTime ?? time) : time;
  return { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: since, reason: 'Unschedulable', message };
}

/** The keys of a Deployment's pod spec as defaulting and admission leave them, in order. */
const ADMITTED_KEYS = [
  'containers', 'dnsPolicy', 'restartPolicy', 'securityContext', 'terminationGracePeriodSeconds', 'schedulerName',
  'enableServiceLinks', 'serviceAccountName', 'serviceAccount', 'volumes', 'tolerations', 'priority', 'preemptionPolicy',
];

/** The last spec asked about and whether its keys are ADMITTED_KEYS (a ReplicaSet's pods share one spec). */
let lastSpec: object | undefined;
let lastUsual = false;

function hasAdmittedKeys(src: Record<string, unknown>): boolean {
  if (src === lastSpec) return lastUsual;
  let i = 0;
  let usual = true;
  for (const k in src) {
    if (k !== ADMITTED_KEYS[i++]) {
      usual = false;
      break;
    }
  }
  lastSpec = src;
  lastUsual = usual && i === ADMITTED_KEYS.length;
  return lastUsual;
}

/**
 * The spec with nodeName set, keys in the order a spread would give. The usual shape is one
 * literal (sized to its fields, and allocated where V8 puts long-lived literals); any other
 * is copied by the SpecCopy constructor.
 */
function boundSpec(spec: Pod['spec'], nodeName: string): Pod['spec'] {
  const src = spec as unknown as Record<string, unknown>;
  if (hasAdmittedKeys(src)) {
    return {
      containers: src.containers,
      dnsPolicy: src.dnsPolicy,
      restartPolicy: src.restartPolicy,
      securityContext: src.securityContext,
      terminationGracePeriodSeconds: src.terminationGracePeriodSeconds,
      schedulerName: src.schedulerName,
      enableServiceLinks: src.enableServiceLinks,
      serviceAccountName: src.serviceAccountName,
      serviceAccount: src.serviceAccount,
      volumes: src.volumes,
      tolerations: src.tolerations,
      priority: src.priority,
      preemptionPolicy: src.preemptionPolicy,
      nodeName,
    } as unknown as Pod['spec'];
  }
  const out = new SpecCopy() as Pod['spec'] & Record<string, unknown>;
  for (const k in src) out[k] = src[k];
  out.nodeName = nodeName;
  return out;
}

/** A plain object's own constructor, so copies get in-object room for their fields (see placedPod). */
const SpecCopy = function SpecCopy() {} as unknown as new () => Record<string, unknown>;
SpecCopy.prototype = Object.prototype;

/** True when the pod's keys are apiVersion, kind, metadata, spec, status in that order. */
function isUsualShape(pod: Pod): boolean {
  let i = 0;
  for (const k in pod) if (k !== POD_KEYS[i++]) return false;
  return i === POD_KEYS.length;
}
const POD_KEYS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

/**
 * The pod bound to its node with its new status: one new object, the spec copied with nodeName
 * set, keys in the order a spread would give. The spec copy is made by a constructor whose
 * prototype is Object.prototype: V8 sizes such objects to hold their fields, where a `{}`
 * grown by stores spills past four fields into a second array (100,000 pods, 100,000 arrays).
 */
export function placedPod(pod: Pod, p: Placement, owned = false): Pod {
  const spec = boundSpec(pod.spec, p.nodeName);
  if (isUsualShape(pod)) {
    // A pod not stored yet and given away by its maker takes its spec and status in place.
    if (owned) {
      pod.spec = spec;
      pod.status = p.status;
      return pod;
    }
    return { apiVersion: pod.apiVersion, kind: pod.kind, metadata: pod.metadata, spec, status: p.status };
  }
  const out = copyPlain(pod);
  out.spec = spec;
  out.status = p.status;
  return out;
}

/** A node as pods starting there need it: its InternalIP, and the hostIPs list its pods share. */
interface NodeInfo {
  node: Node;
  hostIP: string | undefined;
  hostIPs: { ip: string }[] | undefined;
}

export class PodLifecycle {
  /** Nodes by name with their InternalIP, valid while no node changes. */
  private readonly nodes = new Map<string, NodeInfo>();
  private nodesVersion = -1;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly scheduler: Scheduler,
    private readonly network: PodNetwork,
    private readonly kubelet: Kubelet,
    private readonly processes: OneShotProcesses,
    private readonly readiness: Readiness,
  ) {}

  /**
   * Schedules and starts the stored pod if it needs it; 'unschedulable' when no node fits yet.
   * `retry`: the pod already failed and a node changed. The v1.33 scheduler's queueing hints
   * requeue it only for a change that may let it fit, so a retry that still fails leaves no
   * new event (the 5-minute flush of unschedulable pods is not simulated).
   */
  sync(namespace: string, name: string, retry = false): 'ok' | 'unschedulable' {
    const pod = this.ctx.store.get('Pod', namespace, name);
    if (!pod) return 'ok';
    const r = this.run(pod);
    if (r === 'unschedulable') {
      if (!retry) this.failedScheduling(pod);
      return r;
    }
    if (r) {
      this.recordStart(this.ctx.updateObject(r.pod), r.scheduled);
    }
    return 'ok';
  }

  /**
   * A scheduling attempt that found no node (schedule_one.go handleSchedulingFailure): the
   * FailedScheduling event, and the PodScheduled=False condition when its message is new.
   */
  private failedScheduling(pod: Pod): void {
    const message = this.scheduler.explain(pod);
    const time = this.ctx.nowIso();
    const condition = unschedulableCondition(pod, message, time);
    if (condition) {
      const others = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      this.ctx.updateObject({ ...pod, status: { ...pod.status, phase: 'Pending', conditions: [...others, condition] } });
    }
    const { namespace, name, uid } = pod.metadata;
    this.ctx.eventLog.record({ kind: 'Pod', namespace, name, uid }, 'Warning', 'FailedScheduling', message, 'default-scheduler', time);
  }

  /**
   * The pod as it is once scheduled and started, or undefined when nothing is to be done
   * (already running, deleting, or bound to a node that does not exist: it stays Pending, as
   * on a real cluster). Allocates its address.
   */
  run(pod: Pod): { pod: Pod; scheduled: boolean } | 'unschedulable' | undefined {
    const p = this.place(pod);
    if (p === undefined || p === 'unschedulable') return p;
    return { pod: placedPod(pod, p), scheduled: p.scheduled };
  }

  /** run() without building the pod: the node, the status, whether the scheduler chose the node. */
  place(pod: Pod): Placement | 'unschedulable' | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const phase = pod.status?.phase;
    if (pod.spec.nodeName && phase && phase !== 'Pending') return undefined;
    let nodeName = pod.spec.nodeName;
    const scheduled = !nodeName;
    if (!nodeName) {
      nodeName = this.scheduler.choose(pod);
      if (!nodeName) return 'unschedulable';
    }
    const info = this.node(nodeName);
    if (!info) return undefined;
    const { node, hostIP, hostIPs } = info;
    const time = this.ctx.nowIso();
    // The kubelet and the network read containers, annotations and hostNetwork, not nodeName:
    // the unbound pod stands in for the bound one.
    const written = writtenStatus(pod.status);
    const ip = written?.podIP ?? this.network.addressFor(pod, node);
    if (ip === undefined) {
      if (pod.status?.containerStatuses?.some((c) => c.state?.waiting)) return undefined; // still waiting
      // The node's pod range is exhausted (or it has none): the sandbox never gets a network,
      // and the pod waits in ContainerCreating.
      const waiting = this.kubelet.waiting(pod, hostIP, time);
      return { nodeName, status: written ? { ...waiting, ...written } : waiting, scheduled };
    }
    const started = this.kubelet.start(pod, hostIP, ip, time, hostIPs);
    if (written) return { nodeName, status: { ...started, ...written }, scheduled };
    // Readiness probes: a container is ready once its first counted probe passes.
    if (hasReadinessProbe(pod) && isPodReadyWanted(pod)) {
      const unready = this.readiness.starting({ ...pod, spec: { ...pod.spec, nodeName } }, ip, Date.parse(time));
      if (unready.length) return { nodeName, status: withReadiness(started, pod.spec.containers, unready, time), scheduled };
    }
    return { nodeName, status: started, scheduled };
  }

  private node(name: string): NodeInfo | undefined {
    const version = this.ctx.store.version('Node');
    if (version !== this.nodesVersion) {
      this.nodes.clear();
      this.nodesVersion = version;
    }
    let info = this.nodes.get(name);
    if (!info) {
      const node = this.ctx.store.get('Node', undefined, name);
      if (!node) return undefined;
      const hostIP = nodeInternalIP(node);
      this.nodes.set(name, (info = { node, hostIP, hostIPs: hostIP ? this.kubelet.hostIPs(hostIP) : undefined }));
    }
    return info;
  }

  recordStart(pod: Pod, scheduled: boolean): void {
    // Most pods run their image's entrypoint: the test is two reads.
    const c = pod.spec.containers[0];
    if (c !== undefined && (c.command !== undefined || c.args !== undefined)) this.processes.noteStart(pod, Date.parse(pod.status?.startTime ?? this.ctx.nowIso()));
    const unhealthy = this.readiness.takeEvents(pod.metadata.uid);
    const { namespace = '', name, uid } = pod.metadata;
    const containers = pod.spec.containers;
    const nodeName = pod.spec.nodeName ?? '';
    if (scheduled && pod.status?.startTime) {
      this.ctx.eventLog.recordPodStart(pod);
      if (unhealthy) this.ctx.eventLog.recordLazyAt('Pod', namespace, name, unhealthy);
      return;
    }
    const time = pod.status?.startTime ?? this.ctx.nowIso();
    // The record keeps names only, not the pod: later versions of the pod must not pin this one.
    this.ctx.eventLog.recordLazyAt('Pod', namespace, name, new PodStartEvents(namespace, name, uid, containers, nodeName, time, scheduled));
    if (unhealthy) this.ctx.eventLog.recordLazyAt('Pod', namespace, name, unhealthy);
  }
}
