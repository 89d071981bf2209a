/**
 * The annotations a Deployment and its new ReplicaSet share (kubernetes v1.33
 * pkg/controller/deployment/util/deployment_util.go: SetNewReplicaSetAnnotations,
 * copyDeploymentAnnotationsToReplicaSet, annotationsToSkip). They are what makes `kubectl
 * rollout undo` renumber: the ReplicaSet rolled back to takes the next revision and keeps its
 * old numbers in revision-history.
 */
import type { Deployment, ReplicaSet } from '../api/apps.ts';
import { copyPlain } from './object-meta.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Kept apart from what a ReplicaSet copies of its Deployment (deployment_util.go annotationsToSkip; kubectl rollback.go has the same list). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

/** sync.go maxRevHistoryLengthInChars. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** strconv.ParseInt(s, 10, 64): undefined where Go returns an error. */
export function parseRevision(s: string): number | undefined {
  return /^[+-]?\d{1,18}$/.test(s) ? Number(s) : undefined;
}

/** deploymentutil.Revision: 0 without the annotation, undefined when it does not parse. */
export function revisionOf(rs: ReplicaSet): number | undefined {
  const v = rs.metadata.annotations?.[REVISION];
  return v === undefined ? 0 : parseRevision(v);
}

/** deploymentutil.MaxRevision: the highest revision that parses, 0 for none. */
export function maxRevision(sets: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of sets) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** A new ReplicaSet's annotations: `into` with the Deployment's copied in (all but the skipped). */
export function copyDeploymentAnnotations(d: Deployment, into: Record<string, string>): Record<string, string> {
  copyInto(d, into);
  return into;
}

/** copyDeploymentAnnotationsToReplicaSet, on `into` (a copy): whether anything changed. */
function copyInto(d: Deployment, into: Record<string, string>): boolean {
  const from = d.metadata.annotations;
  if (!from) return false;
  let changed = false;
  for (const k in from) {
    if (ANNOTATIONS_TO_SKIP.has(k) || (k in into && into[k] === from[k])) continue;
    into[k] = from[k];
    changed = true;
  }
  return changed;
}

/**
 * SetNewReplicaSetAnnotations without the replica-count part (the caller sets those): on
 * `annotations` (a copy of the ReplicaSet's), copies the Deployment's, raises the revision to
 * `newRevision` when below it, and keeps the old number in revision-history. Returns whether
 * they changed; false, as Go does, when the ReplicaSet's revision does not parse.
 */
export function setNewReplicaSetAnnotations(d: Deployment, annotations: Record<string, string>, newRevision: number): boolean {
  let changed = copyInto(d, annotations);
  const had = REVISION in annotations;
  const oldRevision = had ? annotations[REVISION] : '';
  const oldInt = oldRevision === '' ? 0 : parseRevision(oldRevision);
  if (oldInt === undefined) return false;
  if (oldInt >= newRevision) return changed;
  annotations[REVISION] = String(newRevision);
  changed = true;
  // A ReplicaSet that had a revision and takes a newer one is being rolled back to.
  if (had) annotations[REVISION_HISTORY] = appendRevisionHistory(annotations[REVISION_HISTORY] ?? '', oldRevision);
  return changed;
}

/** Whether copyInto would change `current` (read without copying: the common sync changes nothing). */
function wouldCopy(d: Deployment, current: Readonly<Record<string, string>>): boolean {
  const from = d.metadata.annotations;
  if (!from) return false;
  for (const k in from) if (!ANNOTATIONS_TO_SKIP.has(k) && !(k in current && current[k] === from[k])) return true;
  return false;
}

/**
 * An existing new ReplicaSet's annotations brought up to date (sync.go getNewReplicaSet with
 * SetNewReplicaSetAnnotations, exists=true), or undefined when they already are.
 */
export function syncedNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number): Record<string, string> | undefined {
  const current = rs.metadata.annotations ?? {};
  const rev = current[REVISION];
  const oldInt = rev === undefined || rev === '' ? 0 : parseRevision(rev);
  if (oldInt === undefined) return undefined;
  if (oldInt >= newRevision && !wouldCopy(d, current)) return undefined;
  const out = copyPlain(current as Record<string, string>);
  return setNewReplicaSetAnnotations(d, out, newRevision) ? out : undefined;
}

/** The history with `old` appended, the oldest numbers dropped to stay within 2000 characters. */
function appendRevisionHistory(history: string, old: string): string {
  const olds = history.split(',');
  if (olds[0].length === 0) return old;
  let total = history.length + old.length + 1;
  let start = 0;
  while (total > MAX_REVISION_HISTORY_CHARS && start < olds.length) {
    total -= olds[start].length + 1;
    start++;
  }
  // Past the limit even with nothing kept, Go leaves the history as it was.
  if (total > MAX_REVISION_HISTORY_CHARS) return history;
  return [...olds.slice(start), old].join(',');
}
