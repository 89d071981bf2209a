/**
 * The Deployment controller (kubernetes pkg/controller/deployment: sync.go, rolling.go,
 * recreate.go, util/deployment_util.go). A rolling update moves as a real one does: each sync
 * scales the new ReplicaSet up within maxSurge or the old ones down within maxUnavailable,
 * counting only pods their ReplicaSet reports available, and the syncs that follow at once
 * (before a new pod can be ready) are run in the same call. The rollout goes on when the new
 * pods turn ready: at once for most pods, later for a readiness probe's initial delay.
 */
import type { Deployment, ReplicaSet } from '../api/apps.ts';
import type { PodTemplateSpec } from '../api/core.ts';
import { matchesSelector, selectorFromLabelSelector } from '../api/labels.ts';
import type { ControllerContext } from './controller-context.ts';
import { deepEqual } from './deep-equal.ts';
import { computeHash, equalIgnoringHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash.ts';
import type { InvolvedObject } from './event-log.ts';
import { copyPlain, withField } from './object-meta.ts';
import { DueTimes } from './due-times.ts';
import { copyDeploymentAnnotations, DESIRED_REPLICAS, MAX_REPLICAS, maxRevision, REVISION, syncedNewReplicaSetAnnotations } from './replicaset-annotations.ts';

type Condition = NonNullable<NonNullable<Deployment['status']>['conditions']>[number];

/** intstr.GetScaledValueFromIntOrPercent. */
function scaled(v: number | string | undefined, fallback: string, total: number, roundUp: boolean): number {
  const value = v ?? fallback;
  if (typeof value === 'number') return value;
  const pct = Number(value.replace('%', ''));
  const x = (pct * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** deploymentutil.ResolveFenceposts: maxSurge rounds up, maxUnavailable down; never both 0. */
function fenceposts(d: Deployment, desired: number): { surge: number; unavailable: number } {
  if (d.spec.strategy?.type === 'Recreate') return { surge: 0, unavailable: desired };
  const ru = d.spec.strategy?.rollingUpdate;
  const surge = scaled(ru?.maxSurge, '25%', desired, true);
  let unavailable = scaled(ru?.maxUnavailable, '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** progressDeadlineSeconds of math.MaxInt32: no deadline (deploymentutil.HasProgressDeadline). */
const MAX_INT32 = 2147483647;

/** deploymentutil.NewDeploymentCondition: both times now. */
function newCondition(time: string, type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string): Condition {
  return { type, status, lastUpdateTime: time, lastTransitionTime: time, reason, message };
}

/**
 * deploymentutil.SetDeploymentCondition: nothing changes while the status and reason stay (the
 * old message and times are kept); otherwise the condition goes to the end of the list, keeping
 * its lastTransitionTime when only the reason changed.
 */
function setCondition(conditions: readonly Condition[], c: Condition): Condition[] {
  const current = conditions.find((k) => k.type === c.type);
  if (current && current.status === c.status && current.reason === c.reason) return conditions as Condition[];
  const next = current && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime } : c;
  return [...conditions.filter((k) => k.type !== c.type), next];
}

type Counts = { replicas: number; updated: number; ready: number; available: number };

/** deploymentutil.DeploymentProgressing: more pods updated, ready or available, or fewer old ones. */
function madeProgress(before: Deployment['status'], now: Counts): boolean {
  const b = { replicas: before?.replicas ?? 0, updated: before?.updatedReplicas ?? 0, ready: before?.readyReplicas ?? 0, available: before?.availableReplicas ?? 0 };
  return now.updated > b.updated || now.replicas - now.updated < b.replicas - b.updated || now.ready > b.ready || now.available > b.available;
}

/** deploymentutil.DeploymentTimedOut: no progress since the condition's lastUpdateTime, for longer than the deadline. */
function timedOut(progressing: Condition, deadlineSeconds: number, nowMs: number): boolean {
  if (progressing.reason === 'NewReplicaSetAvailable') return false;
  if (progressing.reason === 'ProgressDeadlineExceeded') return true;
  return progressing.lastUpdateTime !== undefined && Date.parse(progressing.lastUpdateTime) + deadlineSeconds * 1000 < nowMs;
}

function total(counts: Map<ReplicaSet, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

function oldTotal(counts: Map<ReplicaSet, number>, olds: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of olds) n += counts.get(rs) ?? 0;
  return n;
}

/** The controller reference as (Deployment name, uid), ['', ''] for none; undefined when another kind controls it. */
function controllerKey(rs: ReplicaSet): [string, string] | undefined {
  const ref = rs.metadata.ownerReferences?.find((o) => o.controller);
  if (!ref) return ['', ''];
  return ref.kind === 'Deployment' ? [ref.name, ref.uid] : undefined;
}

/**
 * `{ ...labels, 'pod-template-hash': hash }` made by stores: spread copies got a V8 hidden
 * class each (two per ReplicaSet), see copyPlain.
 */
function withHash(labels: Readonly<Record<string, string>> | undefined, hash: string): Record<string, string> {
  const out: Record<string, string> = labels ? copyPlain(labels as Record<string, string>) : {};
  out[POD_TEMPLATE_HASH_LABEL] = hash;
  return out;
}

function replicasOf(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, then by name. */
function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** What one rolling-update sync reads and moves: replica counts, available pods, fenceposts. */
interface RollingSync {
  counts: Map<ReplicaSet, number>;
  avail: Map<ReplicaSet, number>;
  involved: InvolvedObject;
  time: string;
  newRS: ReplicaSet;
  olds: readonly ReplicaSet[];
  desired: number;
  surge: number;
  unavailable: number;
}

/** The spec with minReadySeconds set, or left out at 0 (omitempty). */
function withMinReadySeconds(spec: ReplicaSet['spec'], seconds: number): ReplicaSet['spec'] {
  const { minReadySeconds: _old, ...rest } = spec;
  return seconds ? { ...rest, minReadySeconds: seconds } : rest;
}

/** What a scaling sync reads: the Deployment, its ReplicaSets and their counts. */
interface ScalingSync {
  counts: Map<ReplicaSet, number>;
  /** ReplicaSets written even at the same size (their desired-replicas and max-replicas annotations). */
  resized: Set<ReplicaSet>;
  involved: InvolvedObject;
  time: string;
  d: Deployment;
  newRS: ReplicaSet | undefined;
  olds: readonly ReplicaSet[];
  desired: number;
  surge: number;
}

/** An integer annotation as strconv.Atoi reads it, or undefined. */
function annotatedInt(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/** sync.go isScalingEvent: an active ReplicaSet was sized for another replica count. */
function isScalingEvent(d: Deployment, owned: readonly ReplicaSet[]): boolean {
  for (const rs of owned) {
    if (replicasOf(rs) === 0) continue;
    const desired = annotatedInt(rs, DESIRED_REPLICAS);
    if (desired !== undefined && desired !== (d.spec.replicas ?? 1)) return true;
  }
  return false;
}

/**
 * deploymentutil.GetProportion: the ReplicaSet's share of the pods to add (or remove), from its
 * size against the max-replicas it was sized for, never past what is left to share.
 */
function proportion(size: number, rs: ReplicaSet, d: Deployment, desired: number, surge: number, toAdd: number, added: number): number {
  if (size === 0 || toAdd === added) return 0;
  let fraction: number;
  if (desired === 0) fraction = -size;
  else {
    const annotated = annotatedInt(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
    // Never proportionally from zero (the controller's own invariant; no division by it here).
    if (annotated <= 0) return 0;
    // integer.RoundToInt32: math.Round, halves away from zero.
    const x = (size * (desired + surge)) / annotated;
    fraction = Math.sign(x) * Math.round(Math.abs(x)) - size;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export class DeploymentController {
  /** namespace -> counts of ReplicaSets by controller (see countController). */
  private readonly controllers = new Map<string, Map<string, number>>();
  /** Rollouts in progress: when each is looked at again for its progress deadline, by namespace/name. */
  readonly deadlines = new DueTimes();

  constructor(private readonly ctx: ControllerContext) {}

  /**
   * One syncDeployment. True when the Deployment must be synced again at once: a scaling event
   * of an unpaused Deployment only resizes its ReplicaSets (sync.go sync), and the rollout step
   * a real controller takes when those writes bring the Deployment back (rolloutRolling, e.g. a
   * new ReplicaSet larger than a scaled-down count) is that second sync.
   */
  sync(namespace: string, name: string): boolean {
    const d = this.ctx.store.get('Deployment', namespace, name);
    if (!d) {
      this.deadlines.delete(`${namespace}/${name}`);
      return false;
    }
    const owned = this.claimReplicaSets(d);
    const template = d.spec.template;
    let newRS = owned.find((rs) => equalIgnoringHash(rs.spec.template, template));
    const olds = owned.filter((rs) => rs !== newRS).sort(byCreationTimestamp);
    const desired = d.spec.replicas ?? 1;
    const { surge, unavailable } = fenceposts(d, desired);
    let collisionCount = d.status?.collisionCount;

    // Replica counts as the rollout moves them, applied at the end.
    const counts = new Map<ReplicaSet, number>(owned.map((rs) => [rs, replicasOf(rs)]));
    const involved = { kind: 'Deployment' as const, namespace, name, uid: d.metadata.uid };
    const time = this.ctx.nowIso();
    const scale = { counts, involved, time };

    // A new ReplicaSet is stored once, at the count the rollout gives it (sync.go
    // getNewReplicaSet creates it with NewRSNewReplicas, generation 1), not at 0 and then scaled.
    let pending: ReplicaSet | undefined;
    // An existing new ReplicaSet takes the Deployment's annotations and the next revision
    // (sync.go getNewReplicaSet): a rollback's ReplicaSet is renumbered here.
    const newRSAnnotations = newRS ? syncedNewReplicaSetAnnotations(d, newRS, maxRevision(olds) + 1) : undefined;
    // syncDeployment: a paused Deployment, or one whose replica count changed since its
    // ReplicaSets were sized, is only scaled (sync.go sync and scale); no ReplicaSet is made for it.
    const scalingOnly = d.spec.paused === true || isScalingEvent(d, owned);
    if (!newRS && !scalingOnly) {
      const created = this.createNewReplicaSet(d, collisionCount, olds);
      newRS = pending = created.rs;
      collisionCount = created.collisionCount;
      counts.set(newRS, 0);
    }
    const resized = new Set<ReplicaSet>();
    if (scalingOnly) this.scaleReplicaSets({ ...scale, resized, d, newRS, olds, desired, surge });
    else if (newRS) {
      if (d.spec.strategy?.type === 'Recreate') {
        for (const rs of olds) this.scale(scale, rs, 0);
        this.scale(scale, newRS, desired);
      } else if (oldTotal(counts, olds) === 0) {
        this.scale(scale, newRS, desired); // a plain scale (deployment sync.go scale)
      } else {
        // Available pods as the ReplicaSets report them; a new ReplicaSet's are none yet.
        const avail = new Map<ReplicaSet, number>(owned.map((rs) => [rs, rs.status?.availableReplicas ?? 0]));
        const rollout = { ...scale, avail, newRS, olds, desired, surge, unavailable };
        // A scale is an update to a ReplicaSet, which brings the Deployment back at once, long
        // before the new pods are ready: those syncs run here, until one changes nothing.
        for (let step = 0; step < 10_000 && this.rolloutRolling(rollout); step++);
      }
    }
    const maxReplicas = String(desired + surge);
    if (pending) {
      const n = counts.get(pending) ?? 0;
      const annotations = pending.metadata.annotations!;
      annotations[DESIRED_REPLICAS] = String(desired);
      annotations[MAX_REPLICAS] = maxReplicas;
      pending.spec.replicas = n;
      newRS = this.ctx.createObject(pending);
    }
    // Whether a ReplicaSet's replicas were written: its status then changes, and that change
    // brings this Deployment back here.
    let scaled = pending !== undefined;
    for (const [rs, n] of counts) {
      if (rs === pending) continue;
      const annotations = rs === newRS && newRSAnnotations ? newRSAnnotations : copyPlain(rs.metadata.annotations ?? {});
      // scaleReplicaSet: a ReplicaSet that is scaled notes the count and ceiling it was sized for.
      if (n !== replicasOf(rs) || resized.has(rs)) {
        annotations[DESIRED_REPLICAS] = String(desired);
        annotations[MAX_REPLICAS] = maxReplicas;
      }
      // getNewReplicaSet: the new ReplicaSet follows the Deployment's minReadySeconds.
      const minReady = rs === newRS && (rs.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0) ? d.spec.minReadySeconds ?? 0 : undefined;
      if (n === replicasOf(rs) && minReady === undefined && deepEqual(annotations, rs.metadata.annotations ?? {})) continue;
      const generationBump = n !== replicasOf(rs) || minReady !== undefined ? 1 : 0;
      if (n !== replicasOf(rs)) scaled = true;
      this.ctx.updateObject({
        ...rs,
        metadata: { ...rs.metadata, annotations, generation: (rs.metadata.generation ?? 1) + generationBump },
        spec: minReady === undefined ? { ...rs.spec, replicas: n } : withMinReadySeconds({ ...rs.spec, replicas: n }, minReady),
      });
    }
    this.cleanup(d, olds, counts);
    // A new Deployment's first status would be replaced within the same reconcile, at the same
    // instant, by the one written when its ReplicaSet reports: conditions and times come out the
    // same, so that first write is skipped. (Later syncs write it: a condition's lastUpdateTime
    // depends on the step in between.)
    const again = scalingOnly && d.spec.paused !== true && scaled;
    if (scaled && d.status === undefined && collisionCount === undefined) return again;
    this.updateStatus(namespace, name, newRS, collisionCount, pending !== undefined);
    return again;
  }

  /**
   * A sync after only a ReplicaSet's status changed: the rollout reads replica counts and the
   * Deployment's spec, neither changed since the last full sync, so only the status is written.
   */
  syncStatus(namespace: string, name: string): boolean {
    const d = this.ctx.store.get('Deployment', namespace, name);
    if (!d) return false;
    const owned = this.ownedReplicaSets(d);
    if (owned.length === 0) return this.sync(namespace, name);
    const newRS = owned.find((rs) => equalIgnoringHash(rs.spec.template, d.spec.template));
    // Mid-rollout, pods turning available are what lets the next step go.
    if (!d.spec.paused && owned.some((rs) => rs !== newRS && replicasOf(rs) > 0)) return this.sync(namespace, name);
    this.updateStatus(namespace, name, newRS, d.status?.collisionCount);
    return false;
  }

  /**
   * sync.go scale: the one active ReplicaSet (or the newest) takes the whole count; a saturated
   * new ReplicaSet sends the old ones to 0; otherwise, mid-rollout, the pods to add or remove are
   * shared out in proportion to each ReplicaSet's size (GetProportion), the largest ReplicaSet
   * taking what rounding leaves over.
   */
  private scaleReplicaSets(r: ScalingSync): void {
    const { counts, d, newRS, olds, desired, surge } = r;
    const all = newRS ? [...olds, newRS] : [...olds];
    if (all.length === 0) return;
    const active = all.filter((rs) => (counts.get(rs) ?? 0) > 0);
    // FindActiveOrLatest
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? olds[olds.length - 1];
      if ((counts.get(target) ?? 0) !== desired) this.scale(r, target, desired);
      return;
    }
    // IsSaturated
    if (newRS && counts.get(newRS) === desired && annotatedInt(newRS, DESIRED_REPLICAS) === desired && (newRS.status?.availableReplicas ?? 0) === desired) {
      for (const rs of olds) if ((counts.get(rs) ?? 0) > 0) this.scale(r, rs, 0);
      return;
    }
    if (d.spec.strategy?.type === 'Recreate') return;
    let total = 0;
    for (const rs of active) total += counts.get(rs) ?? 0;
    const toAdd = (desired > 0 ? desired + surge : 0) - total;
    // ReplicaSetsBySizeNewer to scale up, BySizeOlder to scale down: largest first.
    const byAge = toAdd > 0 ? (a: ReplicaSet, b: ReplicaSet) => byCreationTimestamp(b, a) : byCreationTimestamp;
    const sorted = [...active].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || byAge(a, b));
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of sorted) {
      const p = proportion(counts.get(rs) ?? 0, rs, d, desired, surge, toAdd, added);
      sizes.set(rs, (counts.get(rs) ?? 0) + p);
      added += p;
    }
    const largest = sorted[0];
    sizes.set(largest, Math.max(0, sizes.get(largest)! + toAdd - added));
    const operation = toAdd > 0 ? 'up' : 'down';
    for (const rs of sorted) {
      // scaleReplicaSet: each one is written, its annotations brought to the new count.
      r.resized.add(rs);
      this.scale(r, rs, sizes.get(rs)!, operation);
    }
  }

  /**
   * One sync of a rolling update (rolling.go rolloutRolling): scale the new ReplicaSet up if
   * maxSurge leaves room (reconcileNewReplicaSet, NewRSNewReplicas), else scale old ones down
   * (reconcileOldReplicaSets): their unavailable pods first (cleanupUnhealthyReplicas), then as
   * many as the available pods above `desired - maxUnavailable`
   * (scaleDownOldReplicaSetsForRollingUpdate), oldest ReplicaSet first. Whether it scaled.
   */
  private rolloutRolling(r: RollingSync): boolean {
    const { counts, avail, newRS, olds, desired, surge, unavailable } = r;
    const cur = counts.get(newRS) ?? 0;
    if (cur > desired) {
      this.scale(r, newRS, desired);
      avail.set(newRS, Math.min(avail.get(newRS) ?? 0, desired));
      return true;
    }
    if (cur < desired) {
      const up = Math.min(desired + surge - total(counts), desired - cur);
      if (up > 0) {
        this.scale(r, newRS, cur + up);
        return true;
      }
    }
    if (oldTotal(counts, olds) === 0) return false;
    const minAvailable = desired - unavailable;
    const maxScaledDown = total(counts) - minAvailable - (cur - (avail.get(newRS) ?? 0));
    if (maxScaledDown <= 0) return false;
    let cleaned = 0;
    for (const rs of olds) {
      if (cleaned >= maxScaledDown) break;
      const c = counts.get(rs) ?? 0;
      const unhealthy = c - (avail.get(rs) ?? 0);
      if (c === 0 || unhealthy <= 0) continue;
      const by = Math.min(maxScaledDown - cleaned, unhealthy);
      this.scale(r, rs, c - by);
      cleaned += by;
    }
    let available = 0;
    for (const a of avail.values()) available += a;
    let scaledDown = 0;
    const want = available - minAvailable;
    for (const rs of olds) {
      if (scaledDown >= want) break;
      const c = counts.get(rs) ?? 0;
      if (c === 0) continue;
      const by = Math.min(c, want - scaledDown);
      this.scale(r, rs, c - by);
      // The ReplicaSet controller deletes the pods before the next sync looks.
      avail.set(rs, Math.min(avail.get(rs) ?? 0, c - by));
      scaledDown += by;
    }
    return cleaned + scaledDown > 0;
  }

  /** A rollout step: a ReplicaSet's count moves, with its ScalingReplicaSet event. */
  private scale(step: { counts: Map<ReplicaSet, number>; involved: InvolvedObject; time: string }, rs: ReplicaSet, to: number, operation?: 'up' | 'down'): void {
    const from = step.counts.get(rs) ?? 0;
    if (from === to) return;
    step.counts.set(rs, to);
    const verb = operation ?? (to > from ? 'up' : 'down');
    this.ctx.eventLog.record(step.involved, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${to}`, 'deployment-controller', step.time);
  }

  /**
   * Notes a ReplicaSet change: which ReplicaSets have no controller, or a Deployment controller
   * of a given name, so a sync looks for orphans only when there may be some.
   */
  observeReplicaSet(before: ReplicaSet | undefined, after: ReplicaSet | undefined): void {
    if (before && after && before.metadata.ownerReferences === after.metadata.ownerReferences) return;
    if (before) this.countController(before, -1);
    if (after) this.countController(after, 1);
  }

  private countController(rs: ReplicaSet, delta: number): void {
    const c = controllerKey(rs);
    if (!c) return;
    const ns = rs.metadata.namespace ?? '';
    let counts = this.controllers.get(ns);
    if (!counts) this.controllers.set(ns, (counts = new Map()));
    // '' counts the ReplicaSets without a controller; `name` those a Deployment of that name
    // controls; `name\0uid` those naming that very Deployment.
    const keys = c[0] === '' ? [''] : [c[0], `${c[0]}\u0000${c[1]}`];
    for (const k of keys) {
      const n = (counts.get(k) ?? 0) + delta;
      if (n > 0) counts.set(k, n);
      else counts.delete(k);
    }
  }

  /** Whether some ReplicaSet in the namespace has no controller or names this Deployment under another uid. */
  private mayHaveOrphans(d: Deployment): boolean {
    const counts = this.controllers.get(d.metadata.namespace ?? '');
    if (!counts) return false;
    if (counts.has('')) return true;
    const byName = counts.get(d.metadata.name) ?? 0;
    return byName > 0 && byName !== (counts.get(`${d.metadata.name}\u0000${d.metadata.uid}`) ?? 0);
  }

  /** ReplicaSets this Deployment controls; adopts orphans and pasted ones naming it. */
  private claimReplicaSets(d: Deployment): ReplicaSet[] {
    const ns = d.metadata.namespace ?? '';
    const out = this.ownedReplicaSets(d);
    // Orphans are looked for only while the Deployment owns nothing (a scenario's pasted
    // ReplicaSets); the owner index answers every later sync.
    if (out.length || !this.mayHaveOrphans(d)) return out;
    const selector = selectorFromLabelSelector(d.spec.selector);
    for (const rs of this.ctx.store.inNamespace('ReplicaSet', ns)) {
      const ref = rs.metadata.ownerReferences?.find((o) => o.controller);
      const orphan = !ref || (ref.kind === 'Deployment' && ref.name === d.metadata.name && ref.uid !== d.metadata.uid);
      if (!orphan || !matchesSelector(selector, rs.metadata.labels)) continue;
      const others = (rs.metadata.ownerReferences ?? []).filter((o) => !o.controller);
      out.push(
        this.ctx.updateObject({
          ...rs,
          metadata: {
            ...rs.metadata,
            ownerReferences: [
              ...others,
              { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true },
            ],
          },
        }),
      );
    }
    return out;
  }

  private ownedReplicaSets(d: Deployment): ReplicaSet[] {
    const out: ReplicaSet[] = [];
    for (const g of this.ctx.store.dependentGroups(d.metadata.uid!)) {
      if (g.kind !== 'ReplicaSet') continue;
      for (const rsName of g.names) {
        const rs = this.ctx.store.get('ReplicaSet', g.namespace, rsName);
        if (rs && rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid)) out.push(rs);
      }
    }
    return out;
  }

  private createNewReplicaSet(d: Deployment, collisionCount: number | undefined, olds: ReplicaSet[]): { rs: ReplicaSet; collisionCount: number | undefined } {
    const ns = d.metadata.namespace ?? '';
    let cc = collisionCount;
    for (;;) {
      const hash = computeHash(d.spec.template, cc);
      const name = `${d.metadata.name}-${hash}`;
      if (this.ctx.store.get('ReplicaSet', ns, name)) {
        cc = (cc ?? 0) + 1; // a hash collision: deployment sync.go getNewReplicaSet bumps collisionCount
        continue;
      }
      const labels = withHash(d.spec.template.metadata?.labels, hash);
      const template: PodTemplateSpec = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } };
      const revision = maxRevision(olds) + 1;
      const selector = { ...d.spec.selector, matchLabels: withHash(d.spec.selector.matchLabels, hash) };
      const rs: ReplicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: ns,
          labels,
          annotations: copyDeploymentAnnotations(d, { [DESIRED_REPLICAS]: String(d.spec.replicas ?? 1), [MAX_REPLICAS]: '0', [REVISION]: String(revision) }),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
          generation: 1,
        },
        // minReadySeconds only when set (a delete would turn the object into a slow dictionary).
        spec:
          d.spec.minReadySeconds === undefined
            ? { replicas: 0, selector, template }
            : { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
      };
      // Not stored yet: sync stores it with its count.
      return { rs, collisionCount: cc };
    }
  }

  /** Old ReplicaSets scaled to 0 beyond revisionHistoryLimit go, oldest first (sync.go cleanupDeployment). */
  private cleanup(d: Deployment, olds: ReplicaSet[], counts: Map<ReplicaSet, number>): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = olds.filter((rs) => (counts.get(rs) ?? 0) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) this.ctx.deleteObject('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
  }

  private updateStatus(namespace: string, name: string, newRS: ReplicaSet | undefined, collisionCount: number | undefined, createdRS = false): void {
    const d = this.ctx.store.get('Deployment', namespace, name);
    const key = `${namespace}/${name}`;
    if (!d) {
      this.deadlines.delete(key);
      return;
    }
    const all = this.ownedReplicaSets(d);
    const fresh = newRS ? this.ctx.store.get('ReplicaSet', namespace, newRS.metadata.name) : undefined;
    let replicas = 0;
    let available = 0;
    let ready = 0;
    for (const rs of all) {
      replicas += rs.status?.replicas ?? 0;
      available += rs.status?.availableReplicas ?? 0;
      ready += rs.status?.readyReplicas ?? 0;
    }
    const desired = d.spec.replicas ?? 1;
    const updated = fresh?.status?.replicas ?? 0;
    const { unavailable } = fenceposts(d, desired);
    const time = this.ctx.nowIso();
    const rsName = fresh?.metadata.name;
    const complete = updated === desired && replicas === desired && available === desired;
    const deadline = d.spec.progressDeadlineSeconds;
    const hasDeadline = deadline !== undefined && deadline !== MAX_INT32;
    let conditions = d.status?.conditions ?? [];
    // deployment_controller.go checkPausedConditions: pausing and resuming show on Progressing
    // (unless the rollout already failed its deadline).
    const before = conditions.find((c) => c.type === 'Progressing')?.reason;
    if (hasDeadline && before !== 'ProgressDeadlineExceeded') {
      if (d.spec.paused && before !== 'DeploymentPaused') conditions = setCondition(conditions, newCondition(time, 'Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
      else if (!d.spec.paused && before === 'DeploymentPaused') conditions = setCondition(conditions, newCondition(time, 'Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed'));
    }
    // sync.go getNewReplicaSet: a new ReplicaSet is noted on the Progressing condition.
    if (createdRS && rsName && hasDeadline) conditions = setCondition(conditions, newCondition(time, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rsName}"`));
    // sync.go calculateStatus.
    conditions =
      available >= desired - unavailable
        ? setCondition(conditions, newCondition(time, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'))
        : setCondition(conditions, newCondition(time, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'));
    // progress.go syncRolloutStatus: the Progressing condition, unless the last rollout completed.
    const current = conditions.find((c) => c.type === 'Progressing');
    const subject = rsName ? `ReplicaSet "${rsName}"` : `Deployment "${name}"`;
    // A paused Deployment's sync (sync.go sync) writes only calculateStatus's conditions.
    if (hasDeadline && !d.spec.paused && !(replicas === updated && current?.reason === 'NewReplicaSetAvailable')) {
      if (complete) {
        conditions = setCondition(conditions, newCondition(time, 'Progressing', 'True', 'NewReplicaSetAvailable', `${subject} has successfully progressed.`));
      } else if (madeProgress(d.status, { replicas, updated, ready, available })) {
        // The one condition whose lastUpdateTime moves with the same reason: it marks the last progress.
        const c = newCondition(time, 'Progressing', 'True', 'ReplicaSetUpdated', `${subject} is progressing.`);
        if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
        conditions = [...conditions.filter((k) => k.type !== 'Progressing'), c];
      } else if (current && timedOut(current, deadline, Date.parse(time))) {
        conditions = setCondition(conditions, newCondition(time, 'Progressing', 'False', 'ProgressDeadlineExceeded', `${subject} has timed out progressing.`));
      }
    }
    // requeueStuckDeployment: a rollout still in progress is looked at again when its deadline passes.
    const progressing = conditions.find((c) => c.type === 'Progressing');
    if (hasDeadline && !d.spec.paused && progressing?.status === 'True' && progressing.reason !== 'NewReplicaSetAvailable' && progressing.lastUpdateTime) {
      this.deadlines.set(key, Date.parse(progressing.lastUpdateTime) + deadline * 1000 + 1000);
    } else this.deadlines.delete(key);
    // Zero counts are left out (omitempty), added in this order rather than deleted after.
    const status: NonNullable<Deployment['status']> = { observedGeneration: d.metadata.generation ?? 1 };
    if (replicas !== 0) status.replicas = replicas;
    if (updated !== 0) status.updatedReplicas = updated;
    if (ready !== 0) status.readyReplicas = ready;
    if (available !== 0) status.availableReplicas = available;
    status.conditions = conditions;
    // calculateStatus: the pods the ReplicaSets are sized for (their spec.replicas), less the available ones.
    let sized = 0;
    for (const rs of all) sized += replicasOf(rs);
    const unav = Math.max(0, sized - available);
    if (unav > 0) status.unavailableReplicas = unav;
    if (collisionCount !== undefined) status.collisionCount = collisionCount;
    const annotations = copyPlain(d.metadata.annotations ?? {});
    if (fresh) annotations[REVISION] = fresh.metadata.annotations?.[REVISION] ?? '1';
    if (deepEqual(status, d.status) && deepEqual(annotations, d.metadata.annotations ?? {})) return;
    this.ctx.updateObject(withField(withField(d, 'metadata', withField(d.metadata, 'annotations', annotations)), 'status', status));
  }
}
