/**
 * What brings a static pod's mirror pod back when someone deletes it: the kubelet re-creates it
 * under the same name. (A DaemonSet's pods are the DaemonSet controller's: daemonset-controller.ts.)
 */
import type { Pod } from '../api/core.ts';
import type { ControllerContext } from './controller-context.ts';

export function ownerKind(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.kind;
}

/** True when a deleted pod is a mirror pod its kubelet will re-create. */
export function isReplacedOnDelete(pod: Pod): boolean {
  return ownerKind(pod) === 'Node' && pod.spec.nodeName !== undefined;
}

export function replacePod(ctx: ControllerContext, gone: Pod): void {
  const ns = gone.metadata.namespace ?? '';
  if (!ctx.store.get('Namespace', undefined, ns) || !ctx.store.get('Node', undefined, gone.spec.nodeName!)) return;
  const name = gone.metadata.name;
  if (ctx.store.get('Pod', ns, name)) return;
  const meta = { ...gone.metadata, name };
  delete meta.uid;
  delete meta.resourceVersion;
  delete meta.creationTimestamp;
  delete meta.deletionTimestamp;
  ctx.createObject({ ...gone, metadata: meta, status: { phase: 'Pending', qosClass: gone.status?.qosClass } });
}
