/**
 * What the DaemonSet controller decides per node and stamps on its pods
 * (kubernetes pkg/controller/daemon/daemon_controller.go, util/daemonset_util.go).
 */
import type { DaemonSet } from '../api/apps.ts';
import type { Node, Pod } from '../api/core.ts';
import { matchesSelector, selectorFromMap } from '../api/labels.ts';
import { computeHash } from './pod-template-hash.ts';
import { tolerates } from './scheduler.ts';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** apps/v1 keeps the internal spec.templateGeneration in this annotation (pkg/apis/apps/v1/conversion.go). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** spec.templateGeneration as the annotation holds it (0 when absent or unreadable). */
export function templateGeneration(ds: DaemonSet): number {
  const n = Number(ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The registry strategy's PrepareForCreate / PrepareForUpdate (pkg/registry/apps/daemonset/strategy.go):
 * templateGeneration starts at 1 and grows by one with every template change.
 */
export function withTemplateGeneration(ds: DaemonSet, live: DaemonSet | undefined, templateChanged: boolean): DaemonSet {
  const next = live ? Math.max(templateGeneration(live), 1) + (templateChanged ? 1 : 0) : Math.max(templateGeneration(ds), 1);
  return { ...ds, metadata: { ...ds.metadata, annotations: { ...(ds.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(next) } } };
}

/**
 * The current revision's controller-revision-hash. The real controller hashes (FNV-32, not 32a)
 * the JSON patch its ControllerRevision stores, which holds every field the apiserver defaulted
 * into the template; svcsim neither stores ControllerRevisions nor defaults every such field, so
 * it hashes the stored template the way pod-template-hash is computed: same shape and stability,
 * not a real cluster's value.
 */
export function daemonSetRevisionHash(ds: DaemonSet): string {
  return computeHash(ds.spec.template, ds.status?.collisionCount);
}

/**
 * NodeShouldRunDaemonPod, as far as svcsim models nodes: the template's nodeSelector matches the
 * node's labels and every NoSchedule and NoExecute taint is tolerated (PreferNoSchedule is not a
 * bar). The real check runs the scheduler's NodeAffinity and TaintToleration predicates.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): boolean {
  const spec = ds.spec.template.spec;
  if (spec.nodeSelector && !matchesSelector(selectorFromMap(spec.nodeSelector), node.metadata.labels)) return false;
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerates(spec.tolerations, taint)) return false;
  }
  return true;
}

/** util.IsPodUpdated: the pod carries the current hash, or the template generation. */
export function isPodUpdated(pod: Pod, hash: string, generation: number): boolean {
  const labels = pod.metadata.labels ?? {};
  if (generation > 0 && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation)) return true;
  return hash !== '' && labels[CONTROLLER_REVISION_HASH_LABEL] === hash;
}

/** The template's labels plus the controller's two, keys sorted as the apiserver stores a map. */
export function daemonPodLabels(ds: DaemonSet, hash: string): Record<string, string> {
  const all: Record<string, string> = { ...(ds.spec.template.metadata?.labels ?? {}) };
  all[CONTROLLER_REVISION_HASH_LABEL] = hash;
  all[POD_TEMPLATE_GENERATION_LABEL] = String(templateGeneration(ds));
  const out: Record<string, string> = {};
  for (const k of Object.keys(all).sort()) out[k] = all[k];
  return out;
}
