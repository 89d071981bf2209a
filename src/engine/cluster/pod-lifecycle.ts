/**
 * A pod from creation to Running: the scheduler binds it to a node, the node's kubelet gives
 * it an address and starts it. Both happen in one step of simulated time.
 */
import type { Pod } from '../api/core.ts';
import type { ControllerContext } from './controller-context.ts';
import type { Kubelet } from './kubelet.ts';
import { podStartEvents } from './kubelet.ts';
import type { PodNetwork } from './pod-network.ts';
import { nodeInternalIP } from './pod-network.ts';
import type { Scheduler } from './scheduler.ts';

export class PodLifecycle {
  constructor(
    private readonly ctx: ControllerContext,
    private readonly scheduler: Scheduler,
    private readonly network: PodNetwork,
    private readonly kubelet: Kubelet,
  ) {}

  /** Schedules and starts the stored pod if it needs it; 'unschedulable' when no node fits yet. */
  sync(namespace: string, name: string): 'ok' | 'unschedulable' {
    const pod = this.ctx.store.get('Pod', namespace, name);
    if (!pod) return 'ok';
    const r = this.run(pod);
    if (r === 'unschedulable') return r;
    if (r) {
      this.ctx.updateObject(r.pod);
      this.recordStart(r.pod, r.scheduled);
    }
    return 'ok';
  }

  /**
   * The pod as it is once scheduled and started, or undefined when nothing is to be done
   * (already running, deleting, or bound to a node that does not exist: it stays Pending, as
   * on a real cluster). Allocates its address.
   */
  run(pod: Pod): { pod: Pod; scheduled: boolean } | 'unschedulable' | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const phase = pod.status?.phase;
    if (pod.spec.nodeName && phase && phase !== 'Pending') return undefined;
    let nodeName = pod.spec.nodeName;
    const scheduled = !nodeName;
    if (!nodeName) {
      nodeName = this.scheduler.choose(pod);
      if (!nodeName) return 'unschedulable';
    }
    const node = this.ctx.store.get('Node', undefined, nodeName);
    if (!node) return undefined;
    const time = this.ctx.nowIso();
    const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName } };
    // Status fields written in the scenario (a podIP, a Ready condition) win over the kubelet's.
    const { phase: _phase, qosClass: _qos, ...written } = pod.status ?? {};
    const ip = written.podIP ?? this.network.addressFor(bound, node);
    if (ip === undefined) {
      if (pod.status?.containerStatuses?.some((c) => c.state?.waiting)) return undefined; // still waiting
      // The node's pod range is exhausted (or it has none): the sandbox never gets a network,
      // and the pod waits in ContainerCreating.
      return { pod: { ...bound, status: { ...this.kubelet.waiting(bound, nodeInternalIP(node), time), ...written } }, scheduled };
    }
    return { pod: { ...bound, status: { ...this.kubelet.start(bound, nodeInternalIP(node), ip, time), ...written } }, scheduled };
  }

  recordStart(pod: Pod, scheduled: boolean): void {
    const { namespace = '', name, uid } = pod.metadata;
    const containers = pod.spec.containers;
    const nodeName = pod.spec.nodeName ?? '';
    const time = pod.status?.startTime ?? this.ctx.nowIso();
    // The closure keeps names only, not the pod: later versions of the pod must not pin this one.
    this.ctx.eventLog.recordLazy({ kind: 'Pod', namespace, name }, () => podStartEvents(namespace, name, uid, containers, nodeName, time, scheduled));
  }
}
