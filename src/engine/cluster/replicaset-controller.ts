/**
 * The ReplicaSet controller (kubernetes pkg/controller/replicaset/replica_set.go): keeps
 * `spec.replicas` pods alive, named `<rs>-<5 chars>` (controller_utils.go getPodsPrefix + the
 * apiserver's generateName), adopts orphan pods its selector matches, picks which pods go first
 * on scale-down (ActivePodsWithRanks, reduced to: unscheduled, then not ready, then newest),
 * and reports status.
 */
import type { Pod, PodSpec } from '../api/core.ts';
import type { OwnerReference } from '../api/meta.ts';
import type { ReplicaSet } from '../api/apps.ts';
import { matchesSelector, selectorFromLabelSelector } from '../api/labels.ts';
import { admitPodSpec } from './admission.ts';
import { randomSuffix } from '../rand.ts';
import type { ControllerContext } from './controller-context.ts';
import { nsName } from './controller-context.ts';
import { selectorMatches } from './service-selector-index.ts';
import { deepEqual } from './deep-equal.ts';
import { qosClass } from './kubelet.ts';
import type { LazyEvents } from './event-log.ts';
import type { InvolvedObject } from './event-log.ts';
import type { ClusterEvent } from './types.ts';
import { flat, generateName, newUid, withField } from './object-meta.ts';
import { DueTimes } from './due-times.ts';

export function isPodReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === 'Ready' && conditions[i].status === 'True') return true;
  return false;
}

/**
 * podutil.IsPodAvailable: ready for at least minReadySeconds. (The real check is strictly after;
 * the controller's requeue lands a moment past that instant, which on svcsim's clock is the instant.)
 */
function availableAt(pod: Pod, minReadySeconds: number): number {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const since = ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isNaN(since) ? Infinity : since + minReadySeconds * 1000;
}

export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

function controllerRef(obj: { metadata: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller);
}

export class ReplicaSetController {
  /** The ReplicaSet whose sync is running. */
  private syncing: ReplicaSet | undefined;
  /** Pods with no controller, by namespace: candidates for adoption. */
  private readonly orphans = new Map<string, Set<string>>();
  /** ReplicaSets with pods ready but not yet available (minReadySeconds): when to look again. */
  readonly availability = new DueTimes();

  constructor(private readonly ctx: ControllerContext) {}

  /** A pod without a controller: queue the ReplicaSets that could adopt it. */
  enqueueAdopters(pod: Pod, queue: Set<string>): void {
    const ns = pod.metadata.namespace ?? '';
    if (this.hasLiveController(pod)) return;
    for (const rs of this.ctx.store.inNamespace('ReplicaSet', ns)) {
      const namesIt = controllerRef(pod)?.name === rs.metadata.name;
      if (namesIt || matchesSelector(selectorFromLabelSelector(rs.spec.selector), pod.metadata.labels)) {
        let set = this.orphans.get(ns);
        if (!set) this.orphans.set(ns, (set = new Set()));
        set.add(pod.metadata.name);
        queue.add(nsName(ns, rs.metadata.name));
      }
    }
  }

  sync(namespace: string, name: string): void {
    const rs = this.ctx.store.get('ReplicaSet', namespace, name);
    if (!rs) return;
    this.syncing = rs;
    try {
      this.syncReplicaSet(rs, namespace, name);
    } finally {
      this.syncing = undefined;
    }
  }

  /** The template's spec as pod admission leaves it, made once per template and shared by its pods. */
  private readonly admittedSpecs = new WeakMap<PodSpec, PodSpec>();

  /**
   * Admission adds a service-account token volume named kube-api-access-<5 random chars>. A real
   * apiserver draws the suffix per pod; svcsim draws it once per ReplicaSet template so that its
   * pods can share one spec object (100,000 pods would otherwise copy 100,000 specs).
   */
  private admitted(spec: PodSpec): PodSpec {
    let a = this.admittedSpecs.get(spec);
    if (!a) this.admittedSpecs.set(spec, (a = admitPodSpec(spec, `kube-api-access-${randomSuffix(this.ctx.rand)}`)));
    return a;
  }

  private syncReplicaSet(rs: ReplicaSet, namespace: string, name: string): void {
    const pods = this.claimPods(rs);
    // The pods this sync knows to be the ReplicaSet's dependents, current (see updateStatus).
    const known = [...pods];
    const active = pods.filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    const involved = { kind: 'ReplicaSet' as const, namespace, name, uid: rs.metadata.uid };
    const time = this.ctx.nowIso();
    if (diff < 0) {
      const ownerRefs: OwnerReference[] = [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true },
      ];
      const tmeta = rs.spec.template.metadata ?? {};
      const qos = qosClass(rs.spec.template.spec.containers ?? []);
      // One prefix string for the batch, shared by every pod's generateName.
      const prefix = flat(`${name}-`);
      const created: string[] = [];
      for (let i = 0; i < -diff; i++) {
        const metadata = this.podMetadata(this.uniqueName(namespace, prefix), prefix, namespace, ownerRefs, tmeta.labels, tmeta.annotations);
        const pod: Pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata,
          spec: this.admitted(rs.spec.template.spec),
          // pod strategy PrepareForCreate: Pending, with the QoS class (one immutable object per class).
          status: pendingStatus(qos),
        };
        const stored = this.ctx.createStamped(pod);
        active.push(stored);
        known.push(stored);
        created.push(metadata.name);
      }
      // One lazy entry for the batch: the messages are built when someone reads them.
      this.ctx.eventLog.recordLazy(involved, new CreatedPodEvents(involved, created, time));
    } else if (diff > 0) {
      const ranked = [...active].sort(deletionOrder);
      for (const pod of ranked.slice(0, diff)) {
        this.ctx.deleteObject('Pod', namespace, pod.metadata.name);
        this.ctx.eventLog.record(involved, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, 'replicaset-controller', time);
      }
    }
    this.updateStatus(rs, diff > 0 ? undefined : known);
  }

  /**
   * A new pod's metadata as createObject would stamp it (uid drawn after the name, then the
   * resourceVersion, creation time and generation 1), built whole: the same keys in the same order.
   */
  private podMetadata(
    name: string,
    generateName: string,
    namespace: string,
    ownerReferences: OwnerReference[],
    labels: Record<string, string> | undefined,
    annotations: Record<string, string> | undefined,
  ): Pod['metadata'] {
    const uid = newUid(this.ctx.rand);
    const resourceVersion = this.ctx.nextResourceVersion();
    const creationTimestamp = this.ctx.nowIso();
    if (labels && !annotations) return { name, generateName, namespace, ownerReferences, labels, uid, resourceVersion, creationTimestamp, generation: 1 };
    if (labels && annotations) return { name, generateName, namespace, ownerReferences, labels, annotations, uid, resourceVersion, creationTimestamp, generation: 1 };
    if (annotations) return { name, generateName, namespace, ownerReferences, annotations, uid, resourceVersion, creationTimestamp, generation: 1 };
    return { name, generateName, namespace, ownerReferences, uid, resourceVersion, creationTimestamp, generation: 1 };
  }

  private uniqueName(namespace: string, prefix: string): string {
    for (;;) {
      const name = generateName(prefix, this.ctx.rand);
      if (!this.ctx.store.get('Pod', namespace, name)) return name;
    }
  }

  /** The pod's controller exists (a pasted pod may name a ReplicaSet uid from another cluster). */
  private hasLiveController(pod: Pod): boolean {
    const ref = controllerRef(pod);
    if (!ref) return false;
    if (ref.kind !== 'ReplicaSet') return true;
    // The ReplicaSet being synced is live: its new pods need no lookup.
    const cur = this.syncing;
    if (cur && ref.uid === cur.metadata.uid && ref.name === cur.metadata.name && (pod.metadata.namespace ?? '') === (cur.metadata.namespace ?? '')) return true;
    return this.ctx.store.get('ReplicaSet', pod.metadata.namespace, ref.name)?.metadata.uid === ref.uid;
  }

  /** The pods this ReplicaSet controls, adopting matching orphans and pasted pods naming it. */
  private claimPods(rs: ReplicaSet): Pod[] {
    const ns = rs.metadata.namespace ?? '';
    const out: Pod[] = [];
    for (const g of this.ctx.store.dependentGroups(rs.metadata.uid!)) {
      if (g.kind !== 'Pod') continue;
      for (const podName of g.names) {
        const p = this.ctx.store.get('Pod', ns, podName);
        if (p && controllerRef(p)?.uid === rs.metadata.uid) out.push(p);
      }
    }
    const orphans = this.orphans.get(ns);
    if (orphans?.size) {
      const selector = selectorFromLabelSelector(rs.spec.selector);
      for (const podName of [...orphans]) {
        const p = this.ctx.store.get('Pod', ns, podName);
        if (!p || this.hasLiveController(p)) {
          orphans.delete(podName);
          continue;
        }
        const cref = p.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet' && o.name === rs.metadata.name);
        if (!cref && !matchesSelector(selector, p.metadata.labels)) continue;
        orphans.delete(podName);
        const others = (p.metadata.ownerReferences ?? []).filter((o) => o !== cref && !o.controller);
        const adopted = this.ctx.updateObject({
          ...p,
          metadata: {
            ...p.metadata,
            ownerReferences: [
              ...others,
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true },
            ],
          },
        });
        out.push(adopted);
      }
    }
    return out;
  }

  /**
   * Status from the pods that name this ReplicaSet as an owner. `known` holds pods the sync
   * has just read or written, all of them dependents: when there are as many dependents, they
   * are exactly these, and the store need not be asked for each.
   */
  private updateStatus(rs: ReplicaSet, known: Pod[] | undefined): void {
    const fresh = this.ctx.store.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
    if (!fresh) return;
    const templateLabels = fresh.spec.template.metadata?.labels ?? {};
    let dependents = 0;
    for (const g of this.ctx.store.dependentGroups(fresh.metadata.uid!)) {
      // Pods elsewhere naming this uid: count them the long way.
      if (g.kind === 'Pod') dependents += g.namespace === (fresh.metadata.namespace ?? '') ? g.names.size : Infinity;
    }
    let pods = known && known.length === dependents ? known : undefined;
    if (!pods) {
      pods = [];
      for (const g of this.ctx.store.dependentGroups(fresh.metadata.uid!)) {
        if (g.kind !== 'Pod') continue;
        for (const podName of g.names) {
          const p = this.ctx.store.get('Pod', g.namespace, podName);
          if (p) pods.push(p);
        }
      }
    }
    let replicas = 0;
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    const minReady = fresh.spec.minReadySeconds ?? 0;
    const now = minReady > 0 ? Date.parse(this.ctx.nowIso()) : 0;
    let nextAvailable = Infinity;
    for (const p of pods) {
      if (!isPodActive(p)) continue;
      replicas++;
      if (isPodReady(p)) {
        ready++;
        const at = minReady > 0 ? availableAt(p, minReady) : 0;
        if (at <= now) available++;
        else nextAvailable = Math.min(nextAvailable, at);
      }
      // The template's labels as an equality selector: every pair present on the pod.
      if (p.metadata.labels === templateLabels || selectorMatches(templateLabels, p.metadata.labels ?? {})) fullyLabeled++;
    }
    // replica_set.go syncReplicaSet: ready pods not yet available bring the ReplicaSet back later.
    const key = nsName(fresh.metadata.namespace, fresh.metadata.name);
    if (nextAvailable !== Infinity) this.availability.set(key, nextAvailable);
    else this.availability.delete(key);
    // ReplicaSetStatus: every count but replicas is omitempty.
    const status: NonNullable<ReplicaSet['status']> = { replicas };
    if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = fresh.metadata.generation ?? 1;
    if (deepEqual(status, fresh.status)) return;
    this.ctx.updateObject(withField(fresh, 'status', status));
  }
}

const PENDING = new Map<string, { phase: 'Pending'; qosClass: string }>();

/** A new pod's status, shared: most pods leave it at once for the kubelet's. */
function pendingStatus(qosClass: string): { phase: 'Pending'; qosClass: string } {
  let s = PENDING.get(qosClass);
  if (!s) PENDING.set(qosClass, (s = { phase: 'Pending', qosClass }));
  return s;
}

/** Which pods a scale-down removes first: unscheduled, not ready, then the newest. */
function deletionOrder(a: Pod, b: Pod): number {
  const sa = a.spec.nodeName ? 1 : 0;
  const sb = b.spec.nodeName ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const ra = isPodReady(a) ? 1 : 0;
  const rb = isPodReady(b) ? 1 : 0;
  if (ra !== rb) return ra - rb;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.metadata.name < b.metadata.name ? 1 : -1;
}

/** The SuccessfulCreate events of one batch of pods, kept as the pod names. */
class CreatedPodEvents implements LazyEvents {
  constructor(
    private readonly involved: InvolvedObject,
    private readonly names: readonly string[],
    private readonly time: string,
  ) {}

  expand(): ClusterEvent[] {
    const { involved, time } = this;
    return this.names.map((n) => ({ type: 'Normal' as const, reason: 'SuccessfulCreate', message: `Created pod: ${n}`, source: 'replicaset-controller', involvedObject: involved, firstTimestamp: time, lastTimestamp: time, count: 1 }));
  }
}
