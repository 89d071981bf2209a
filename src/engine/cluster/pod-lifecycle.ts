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

  /** Schedules and starts the pod if it needs it; 'unschedulable' when no node fits yet. */
  sync(namespace: string, name: string): 'ok' | 'unschedulable' {
    const pod = this.ctx.store.get('Pod', namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return 'ok';
    const phase = pod.status?.phase;
    if (pod.spec.nodeName && phase && phase !== 'Pending') return 'ok';
    let nodeName = pod.spec.nodeName;
    const scheduled = !nodeName;
    if (!nodeName) {
      nodeName = this.scheduler.choose(pod);
      if (!nodeName) return 'unschedulable';
    }
    const node = this.ctx.store.get('Node', undefined, nodeName);
    if (!node) return 'ok'; // bound to a node that does not exist: stays Pending, as with a real cluster
    const time = this.ctx.nowIso();
    const bound: Pod = { ...pod, spec: { ...pod.spec, nodeName } };
    // Status fields written in the scenario (a podIP, a Ready condition) win over the kubelet's.
    const { phase: _phase, qosClass: _qos, ...written } = pod.status ?? {};
    const ip = written.podIP ?? this.network.addressFor(bound, node);
    const started: Pod = { ...bound, status: { ...this.kubelet.start(bound, nodeInternalIP(node), ip, time), ...written } };
    const stored = this.ctx.updateObject(started);
    this.ctx.eventLog.recordLazy({ kind: 'Pod', namespace, name }, () => podStartEvents(stored, nodeName, time, scheduled));
    return 'ok';
  }
}
