/**
 * The Deployment controller (kubernetes pkg/controller/deployment: sync.go, rolling.go,
 * recreate.go, util/deployment_util.go). Pods start and turn ready at once in svcsim, so a
 * rollout runs to the end in one sync; the rolling steps are still computed one by one, so the
 * `ScalingReplicaSet` events read as a real rollout's do.
 */
import type { Deployment, ReplicaSet } from '../api/apps.ts';
import type { PodTemplateSpec } from '../api/core.ts';
import { matchesSelector, selectorFromLabelSelector } from '../api/labels.ts';
import type { ControllerContext } from './controller-context.ts';
import { deepEqual } from './deep-equal.ts';
import { computeHash, POD_TEMPLATE_HASH_LABEL, templateWithoutHash } from './pod-template-hash.ts';

const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

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

function replicasOf(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

export class DeploymentController {
  constructor(private readonly ctx: ControllerContext) {}

  sync(namespace: string, name: string): void {
    const d = this.ctx.store.get('Deployment', namespace, name);
    if (!d) return;
    const owned = this.claimReplicaSets(d);
    const template = d.spec.template;
    const bare = templateWithoutHash(template);
    let newRS = owned.find((rs) => deepEqual(templateWithoutHash(rs.spec.template), bare));
    const olds = owned.filter((rs) => rs !== newRS).sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1));
    const desired = d.spec.paused ? (newRS ? replicasOf(newRS) : 0) : (d.spec.replicas ?? 1);
    const { surge, unavailable } = fenceposts(d, desired);
    let collisionCount = d.status?.collisionCount;

    // Replica counts as the rollout moves them, applied at the end.
    const counts = new Map<ReplicaSet, number>(owned.map((rs) => [rs, replicasOf(rs)]));
    const involved = { kind: 'Deployment' as const, namespace, name, uid: d.metadata.uid };
    const time = this.ctx.nowIso();
    const scale = (rs: ReplicaSet, to: number) => {
      const from = counts.get(rs) ?? 0;
      if (from === to) return;
      counts.set(rs, to);
      const verb = to > from ? 'up' : 'down';
      this.ctx.eventLog.record(involved, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${to}`, 'deployment-controller', time);
    };

    if (!newRS && !d.spec.paused) {
      const created = this.createNewReplicaSet(d, collisionCount, olds);
      newRS = created.rs;
      collisionCount = created.collisionCount;
      counts.set(newRS, 0);
    }
    if (newRS && !d.spec.paused) {
      const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
      const oldTotal = () => olds.reduce((a, rs) => a + (counts.get(rs) ?? 0), 0);
      if (d.spec.strategy?.type === 'Recreate') {
        for (const rs of olds) scale(rs, 0);
        scale(newRS, desired);
      } else {
        for (let step = 0; step < 10_000; step++) {
          const cur = counts.get(newRS)!;
          if (oldTotal() === 0) {
            scale(newRS, desired); // a plain scale (deployment sync.go scale)
            break;
          }
          const up = Math.min(desired + surge - total(), desired - cur);
          if (up > 0) {
            scale(newRS, cur + up);
            continue;
          }
          // Everything is available at once, so what may go is total - (desired - maxUnavailable).
          let down = total() - (desired - unavailable);
          if (down <= 0) break;
          for (const rs of olds) {
            const c = counts.get(rs) ?? 0;
            if (c === 0 || down <= 0) continue;
            const by = Math.min(c, down);
            scale(rs, c - by);
            down -= by;
          }
        }
      }
    }
    const maxReplicas = String(desired + surge);
    for (const [rs, n] of counts) {
      const annotations = { ...(rs.metadata.annotations ?? {}) };
      if (rs === newRS) {
        annotations[DESIRED_REPLICAS] = String(desired);
        annotations[MAX_REPLICAS] = maxReplicas;
      }
      if (n === replicasOf(rs) && deepEqual(annotations, rs.metadata.annotations ?? {})) continue;
      const generationBump = n !== replicasOf(rs) ? 1 : 0;
      this.ctx.updateObject({
        ...rs,
        metadata: { ...rs.metadata, annotations, generation: (rs.metadata.generation ?? 1) + generationBump },
        spec: { ...rs.spec, replicas: n },
      });
    }
    this.cleanup(d, olds, counts);
    this.updateStatus(namespace, name, newRS, collisionCount);
  }

  /** ReplicaSets this Deployment controls; adopts orphans and pasted ones naming it. */
  private claimReplicaSets(d: Deployment): ReplicaSet[] {
    const ns = d.metadata.namespace ?? '';
    const out = this.ownedReplicaSets(d);
    // Orphans are looked for only while the Deployment owns nothing (a scenario's pasted
    // ReplicaSets); the owner index answers every later sync.
    if (out.length) return out;
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
    for (const ref of this.ctx.store.dependents(d.metadata.uid!)) {
      if (ref.kind !== 'ReplicaSet') continue;
      const rs = this.ctx.store.get('ReplicaSet', ref.namespace, ref.name);
      if (rs && rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid)) out.push(rs);
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
      const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
      const template: PodTemplateSpec = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } };
      const revision = Math.max(0, ...olds.map(revisionOf)) + 1;
      const rs: ReplicaSet = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: ns,
          labels,
          annotations: { [DESIRED_REPLICAS]: String(d.spec.replicas ?? 1), [MAX_REPLICAS]: '0', [REVISION]: String(revision) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
          generation: 1,
        },
        spec: {
          replicas: 0,
          minReadySeconds: d.spec.minReadySeconds,
          selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
          template,
        },
      };
      if (rs.spec.minReadySeconds === undefined) delete rs.spec.minReadySeconds;
      return { rs: this.ctx.createObject(rs), collisionCount: cc };
    }
  }

  /** Old ReplicaSets scaled to 0 beyond revisionHistoryLimit go, oldest first (sync.go cleanupDeployment). */
  private cleanup(d: Deployment, olds: ReplicaSet[], counts: Map<ReplicaSet, number>): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = olds.filter((rs) => (counts.get(rs) ?? 0) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) this.ctx.deleteObject('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
  }

  private updateStatus(namespace: string, name: string, newRS: ReplicaSet | undefined, collisionCount: number | undefined): void {
    const d = this.ctx.store.get('Deployment', namespace, name);
    if (!d) return;
    const all = this.ownedReplicaSets(d);
    const fresh = newRS ? this.ctx.store.get('ReplicaSet', namespace, newRS.metadata.name) : undefined;
    const sum = (f: (rs: ReplicaSet) => number | undefined) => all.reduce((a, rs) => a + (f(rs) ?? 0), 0);
    const desired = d.spec.replicas ?? 1;
    const replicas = sum((rs) => rs.status?.replicas);
    const available = sum((rs) => rs.status?.availableReplicas);
    const updated = fresh?.status?.replicas ?? 0;
    const { unavailable } = fenceposts(d, desired);
    const time = this.ctx.nowIso();
    const prev = d.status?.conditions ?? [];
    const cond = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => {
      const old = prev.find((c) => c.type === type);
      if (old && old.status === status && old.reason === reason && old.message === message) return old;
      const transition = old && old.status === status ? old.lastTransitionTime : time;
      return { type, status, lastUpdateTime: time, lastTransitionTime: transition, reason, message };
    };
    const rsName = fresh?.metadata.name ?? '';
    const complete = updated === desired && replicas === desired && available === desired;
    const conditions: Condition[] = [
      available >= desired - unavailable
        ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
        : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
      complete
        ? cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
        : cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`),
    ];
    const status: NonNullable<Deployment['status']> = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: sum((rs) => rs.status?.readyReplicas),
      availableReplicas: available,
      conditions,
    };
    const unav = Math.max(0, desired - available);
    if (unav > 0) status.unavailableReplicas = unav;
    if (collisionCount !== undefined) status.collisionCount = collisionCount;
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) if (status[k] === 0) delete status[k];
    const annotations = { ...(d.metadata.annotations ?? {}) };
    if (fresh) annotations[REVISION] = fresh.metadata.annotations?.[REVISION] ?? '1';
    if (deepEqual(status, d.status) && deepEqual(annotations, d.metadata.annotations ?? {})) return;
    this.ctx.updateObject({ ...d, metadata: { ...d.metadata, annotations }, status });
  }
}
