/**
 * What brings system pods back when someone deletes them: the DaemonSet controller makes a new
 * pod (new name) for the node that lost one, and the kubelet re-creates a static pod's mirror
 * pod (same name). svcsim has no DaemonSet kind; the pod's owner reference is enough.
 */
import type { Pod } from '../api/core.ts';
import type { ControllerContext } from './controller-context.ts';
import { generateName } from './object-meta.ts';

export function ownerKind(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.kind;
}

/** True when a deleted pod is one its node agent will replace. */
export function isReplacedOnDelete(pod: Pod): boolean {
  const k = ownerKind(pod);
  return (k === 'DaemonSet' || k === 'Node') && pod.spec.nodeName !== undefined;
}

export function replacePod(ctx: ControllerContext, gone: Pod): void {
  const ns = gone.metadata.namespace ?? '';
  if (!ctx.store.get('Namespace', undefined, ns) || !ctx.store.get('Node', undefined, gone.spec.nodeName!)) return;
  const isStatic = ownerKind(gone) === 'Node';
  const base = gone.metadata.generateName ?? `${gone.metadata.name}-`;
  let name = gone.metadata.name;
  if (!isStatic) {
    do name = generateName(base, ctx.rand);
    while (ctx.store.get('Pod', ns, name));
  }
  if (ctx.store.get('Pod', ns, name)) return;
  const meta = { ...gone.metadata, name };
  delete meta.uid;
  delete meta.resourceVersion;
  delete meta.creationTimestamp;
  delete meta.deletionTimestamp;
  ctx.createObject({ ...gone, metadata: meta, status: { phase: 'Pending', qosClass: gone.status?.qosClass } });
}
