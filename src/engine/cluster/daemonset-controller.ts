/**
 * The DaemonSet controller (kubernetes pkg/controller/daemon): one pod per node the DaemonSet
 * should run on, a pod for a node added later, pods removed from nodes that no longer qualify,
 * a template change rolled out by replacing every old pod, and the status counts.
 *
 * Deviations, kept on purpose: a pod is bound to its node through spec.nodeName (the real
 * controller sets a matchFields nodeAffinity and lets the scheduler bind it, and adds the
 * not-ready/unreachable/pressure tolerations); pods start at once, so a rolling update replaces
 * every old pod in one sync; a pod for a node whose pod was deleted reuses the deleted pod's
 * admitted spec (its service-account token volume name), as svcsim did before DaemonSets were
 * objects, so that the seeded draws stay where they were.
 */
import type { DaemonSet, DaemonSetStatus } from '../api/apps.ts';
import type { Pod, PodSpec } from '../api/core.ts';
import type { OwnerReference } from '../api/meta.ts';
import { randomSuffix } from '../rand.ts';
import { admitPodSpec } from './admission.ts';
import type { ControllerContext } from './controller-context.ts';
import { daemonPodLabels, daemonSetRevisionHash, isPodUpdated, nodeShouldRunDaemonPod, templateGeneration } from './daemonset-pods.ts';
import { deepEqual } from './deep-equal.ts';
import { clonePlain } from './defaults/clone.ts';
import { setPodDefaults } from './defaults/workloads.ts';
import { qosClass } from './kubelet.ts';
import { generateName } from './object-meta.ts';
import { isPodActive, isPodReady } from './replicaset-controller.ts';

const SOURCE = 'daemonset-controller';

export class DaemonSetController {
  /** Pods deleted from under each DaemonSet (by uid), in deletion order, not yet replaced. */
  private readonly lost = new Map<string, Pod[]>();
  /** The admitted pod spec per template spec: one token-volume draw per template, as the ReplicaSet controller does. */
  private readonly admittedSpecs = new WeakMap<PodSpec, PodSpec>();

  constructor(private readonly ctx: ControllerContext) {}

  /** A pod the DaemonSet controlled was deleted: its node gets a new one at the next sync. */
  podDeleted(pod: Pod, dsUid: string): void {
    const list = this.lost.get(dsUid);
    if (list) list.push(pod);
    else this.lost.set(dsUid, [pod]);
  }

  sync(namespace: string, name: string): void {
    const ds = this.ctx.store.get('DaemonSet', namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const uid = ds.metadata.uid!;
    const lost = this.lost.get(uid) ?? [];
    this.lost.delete(uid);
    const hash = daemonSetRevisionHash(ds);
    const generation = templateGeneration(ds);
    const rolling = (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    const involved = { kind: 'DaemonSet' as const, namespace, name, uid };
    const time = this.ctx.nowIso();

    const byNode = new Map<string, Pod[]>();
    for (const p of this.ownedPods(ds)) {
      if (!isPodActive(p) || !p.spec.nodeName) continue;
      const list = byNode.get(p.spec.nodeName);
      if (list) list.push(p);
      else byNode.set(p.spec.nodeName, [p]);
    }
    const nodes = this.ctx.store.list('Node');
    const eligible = new Set(nodes.filter((n) => nodeShouldRunDaemonPod(n, ds)).map((n) => n.metadata.name));

    const remove = (p: Pod) => {
      this.ctx.deleteObject('Pod', namespace, p.metadata.name);
      this.ctx.eventLog.record(involved, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE, time);
    };
    // Nodes that lost their pod first, in the order the pods went; then the others in node order.
    const order: string[] = [];
    const seen = new Set<string>();
    for (const p of lost) if (p.spec.nodeName && !seen.has(p.spec.nodeName)) order.push(p.spec.nodeName), seen.add(p.spec.nodeName);
    for (const n of nodes) if (!seen.has(n.metadata.name)) order.push(n.metadata.name), seen.add(n.metadata.name);

    for (const nodeName of order) {
      const pods = byNode.get(nodeName) ?? [];
      if (!eligible.has(nodeName)) {
        for (const p of pods) remove(p);
        continue;
      }
      // One daemon pod per node: the oldest stays (podsShouldBeOnNode).
      const sorted = [...pods].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name));
      for (const extra of sorted.slice(1)) remove(extra);
      const current = sorted[0];
      if (current && (!rolling || isPodUpdated(current, hash, generation))) continue;
      if (current) remove(current);
      const gone = lost.find((p) => p.spec.nodeName === nodeName && isPodUpdated(p, hash, generation));
      const created = gone ? this.recreate(gone) : this.createPod(ds, nodeName, hash);
      if (created) this.ctx.eventLog.record(involved, 'Normal', 'SuccessfulCreate', `Created pod: ${created}`, SOURCE, time);
    }
    this.updateStatus(ds, eligible, hash);
  }

  /** The DaemonSet's pods, by their controller reference. */
  private ownedPods(ds: DaemonSet): Pod[] {
    const ns = ds.metadata.namespace ?? '';
    const out: Pod[] = [];
    for (const g of this.ctx.store.dependentGroups(ds.metadata.uid!)) {
      if (g.kind !== 'Pod') continue;
      for (const podName of g.names) {
        const p = this.ctx.store.get('Pod', ns, podName);
        if (p && p.metadata.ownerReferences?.some((o) => o.controller && o.uid === ds.metadata.uid)) out.push(p);
      }
    }
    return out;
  }

  private uniqueName(namespace: string, prefix: string): string {
    for (;;) {
      const name = generateName(prefix, this.ctx.rand);
      if (!this.ctx.store.get('Pod', namespace, name)) return name;
    }
  }

  /** The deleted pod again under a new name: its spec, labels and owner as they were. */
  private recreate(gone: Pod): string {
    const ns = gone.metadata.namespace ?? '';
    const name = this.uniqueName(ns, gone.metadata.generateName ?? `${gone.metadata.name}-`);
    const meta = { ...gone.metadata, name };
    delete meta.uid;
    delete meta.resourceVersion;
    delete meta.creationTimestamp;
    delete meta.deletionTimestamp;
    this.ctx.createObject({ ...gone, metadata: meta, status: { phase: 'Pending', qosClass: gone.status?.qosClass } });
    return name;
  }

  private createPod(ds: DaemonSet, nodeName: string, hash: string): string {
    const ns = ds.metadata.namespace ?? '';
    const owner: OwnerReference = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true };
    const generateNameBase = `${ds.metadata.name}-`;
    const name = this.uniqueName(ns, generateNameBase);
    const template = ds.spec.template;
    const spec = { ...this.admitted(template.spec), nodeName };
    const annotations = template.metadata?.annotations;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, generateName: generateNameBase, namespace: ns, labels: daemonPodLabels(ds, hash), ...(annotations ? { annotations: { ...annotations } } : {}), ownerReferences: [owner] },
      spec,
      status: { phase: 'Pending', qosClass: qosClass(template.spec.containers ?? []) },
    };
    this.ctx.createObject(pod);
    return name;
  }

  /** The template's spec as the apiserver stores a pod made from it (defaults, then admission). */
  private admitted(spec: PodSpec): PodSpec {
    let a = this.admittedSpecs.get(spec);
    if (!a) {
      const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: '' }, spec: clonePlain(spec) };
      setPodDefaults(pod);
      a = admitPodSpec(pod.spec, `kube-api-access-${randomSuffix(this.ctx.rand)}`);
      this.admittedSpecs.set(spec, a);
    }
    return a;
  }

  private updateStatus(ds: DaemonSet, eligible: ReadonlySet<string>, hash: string): void {
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let updated = 0;
    const counted = new Set<string>();
    for (const p of this.ownedPods(ds)) {
      const node = p.spec.nodeName;
      if (!isPodActive(p) || !node || counted.has(node)) continue;
      counted.add(node);
      if (!eligible.has(node)) {
        misscheduled++;
        continue;
      }
      current++;
      if (isPodReady(p)) ready++;
      if (isPodUpdated(p, hash, templateGeneration(ds))) updated++;
    }
    const desired = eligible.size;
    // minReadySeconds is not modelled: a ready pod is available.
    const status: DaemonSetStatus = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      ...(updated ? { updatedNumberScheduled: updated } : {}),
      ...(ready ? { numberAvailable: ready } : {}),
      ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
      ...(ds.status?.collisionCount !== undefined ? { collisionCount: ds.status.collisionCount } : {}),
    };
    if (deepEqual(status, ds.status)) return;
    this.ctx.updateObject({ ...ds, status });
  }
}
