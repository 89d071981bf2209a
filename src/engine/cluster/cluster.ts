/**
 * The control plane: the API server's write verbs over the object store, and the controllers
 * that run after every write until the cluster is quiet (scheduler, kubelet, Deployment,
 * ReplicaSet, DaemonSet, EndpointSlice, Endpoints, EndpointSlice mirroring, garbage collector).
 * Controllers are driven by work queues filled from store changes, as informers feed
 * workqueues in kube-controller-manager, so one small change costs little in a big cluster.
 */
import type { ReplicaSet } from '../api/apps.ts';
import type { Pod, Service } from '../api/core.ts';
import type { EndpointSlice } from '../api/discovery.ts';
import type { Kind, KubeObject, ObjectOfKind } from '../api/objects.ts';
import { resourceForKind } from '../api/resources.ts';
import { Rand } from '../rand.ts';
import { LAST_APPLIED_ANNOTATION, threeWayMerge, withLastApplied } from './apply.ts';
import { apiserverEndpoints } from './apiserver-endpoints.ts';
import type { ControllerContext } from './controller-context.ts';
import { nsName, splitKey } from './controller-context.ts';
import { DaemonSetController } from './daemonset-controller.ts';
import { DeploymentController } from './deployment-controller.ts';
import { ServicePodsCache } from './endpoint-pods.ts';
import { EndpointSliceController } from './endpointslice-controller.ts';
import { EndpointSliceMirroring } from './endpointslice-mirroring.ts';
import { EndpointsController } from './endpoints-controller.ts';
import { EventLog } from './event-log.ts';
import { ServiceIPAllocator } from './ip-allocator.ts';
import { parseCidr } from './ipv4.ts';
import { Kubelet } from './kubelet.ts';
import { isReplacedOnDelete, replacePod } from './node-agents.ts';
import { copyPlain, newUid, rfc3339, withField } from './object-meta.ts';
import { PodLifecycle, placedPod } from './pod-lifecycle.ts';
import { PodNetwork } from './pod-network.ts';
import { completedStatus } from './pod-completion.ts';
import { Readiness, withReadiness } from './readiness-probes.ts';
import { CrashLoopEvents, crashLoopStatus, type CrashLoopState } from './crash-loop.ts';
import { deepEqual } from './deep-equal.ts';
import { OneShotProcesses, type ProcessExit, type ProcessStart } from './one-shot-processes.ts';
import { NodePortAllocator } from './port-allocator.ts';
import { ReplicaSetController } from './replicaset-controller.ts';
import { isTerminalPod, Scheduler } from './scheduler.ts';
import { ServiceAllocator } from './service-alloc.ts';
import { LoadBalancerController } from './load-balancer-controller.ts';
import { ServiceSelectorIndex } from './service-selector-index.ts';
import { ObjectStore } from './store.ts';
import type { ClusterEvent, ClusterReader, ClusterSettings, ClusterWriter, WriteOptions, WriteResult } from './types.ts';
import { WriteVerbs } from './write-verbs.ts';

export interface ClusterOptions {
  settings: ClusterSettings;
  /** The scenario's seed: every name suffix, uid and random allocation follows from it. */
  seed: number;
  /** The simulated clock's start, milliseconds since the Unix epoch. */
  now: number;
}

/** Pods svcsim holds at most: bigger replica counts are refused instead of hanging the page. */
export const MAX_PODS = 200_000;

/** kube-apiserver --event-ttl's default. */
const EVENT_TTL_MS = 60 * 60 * 1000;

export class Cluster implements ClusterReader, ClusterWriter, ControllerContext {
  readonly settings: ClusterSettings;
  readonly store = new ObjectStore();
  readonly eventLog = new EventLog();
  readonly rand: Rand;
  readonly allocator: ServiceAllocator;
  private clock: number;
  private resourceVersion = 1000;
  private changes = 0;
  private batchDepth = 0;
  private isoAt = NaN;
  private iso = '';

  private readonly scheduler = new Scheduler();
  private readonly network = new PodNetwork();
  private readonly serviceIndex = new ServiceSelectorIndex();
  private readonly processes = new OneShotProcesses();
  private readonly readiness = new Readiness(() => this.clock);
  private readonly pods: PodLifecycle;
  private readonly deploymentController: DeploymentController;
  private readonly replicaSetController: ReplicaSetController;
  private readonly daemonSetController: DaemonSetController;
  private readonly sliceController: EndpointSliceController;
  private readonly loadBalancers: LoadBalancerController;
  private readonly endpointsController: EndpointsController;
  private readonly mirroring: EndpointSliceMirroring;
  private readonly servicePods: ServicePodsCache;
  private readonly verbs: WriteVerbs;

  private readonly queue = {
    deployments: new Set<string>(),
    /**
     * Queued Deployments that need a full sync. The others were queued only by a ReplicaSet's
     * status: svcsim's rollout reads replica counts, not status, so only the Deployment's own
     * status can change.
     */
    deploymentSpecs: new Set<string>(),
    replicaSets: new Set<string>(),
    pods: new Set<string>(),
    services: new Set<string>(),
    mirror: new Set<string>(),
    daemonSets: new Set<string>(),
    /** Deleted static pods the kubelet brings back. */
    replace: [] as Pod[],
  };
  /** Pods no node fits; retried when nodes change. */
  private readonly unschedulable = new Set<string>();
  private nodesChanged = false;
  /** The ReplicaSet whose sync is running (its pods' changes need not queue it again). */
  private syncingNamespace = '';
  private syncingReplicaSet: string | undefined;

  constructor(opts: ClusterOptions) {
    this.settings = opts.settings;
    this.rand = new Rand(opts.seed);
    this.clock = opts.now;
    const cidr = parseCidr(opts.settings.serviceSubnet) ?? parseCidr('10.96.0.0/12')!;
    this.allocator = new ServiceAllocator(
      new ServiceIPAllocator(cidr),
      new NodePortAllocator(opts.settings.nodePortRange.base, opts.settings.nodePortRange.size),
      this.rand,
    );
    this.pods = new PodLifecycle(this, this.scheduler, this.network, new Kubelet(), this.processes, this.readiness);
    this.deploymentController = new DeploymentController(this);
    this.replicaSetController = new ReplicaSetController(this);
    this.daemonSetController = new DaemonSetController(this);
    // One Service's two endpoint syncs share the pods it selects and their targetRefs.
    this.servicePods = new ServicePodsCache();
    this.sliceController = new EndpointSliceController(this, this.servicePods);
    this.loadBalancers = new LoadBalancerController(this);
    this.endpointsController = new EndpointsController(this, this.servicePods);
    this.mirroring = new EndpointSliceMirroring(this);
    this.verbs = new WriteVerbs(this, this.allocator, MAX_PODS);
    this.store.listen((kind, before, after) => this.observe(kind, before, after));
  }

  // ---- ClusterReader ----

  now(): number {
    return this.clock;
  }

  /** Grows by one with every stored change: a cheap signal for the UI to re-read. */
  get revision(): number {
    return this.changes;
  }

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): ObjectOfKind<K> | undefined {
    return this.store.get(kind, resourceForKind(kind).namespaced ? (namespace ?? 'default') : undefined, name);
  }

  list<K extends Kind>(kind: K, namespace?: string): readonly ObjectOfKind<K>[] {
    return this.store.list(kind, resourceForKind(kind).namespaced ? namespace : undefined);
  }

  each<K extends Kind>(kind: K): Iterable<ObjectOfKind<K>> {
    return this.store.each(kind);
  }

  /**
   * The object's events still stored: kube-apiserver keeps an event for --event-ttl (default
   * 1h0m0s) after its last write, so a describe an hour on says `Events: <none>`.
   */
  events(kind: Kind, namespace: string | undefined, name: string): readonly ClusterEvent[] {
    const ns = resourceForKind(kind).namespaced ? (namespace ?? 'default') : undefined;
    const all = this.eventLog.list(kind, ns, name);
    const oldest = this.clock - EVENT_TTL_MS;
    // describe searches by the object's uid too: a deleted object's namesake keeps its own events
    // (not for a Node: the kubelet records its node's events under the node's name as uid).
    const uid = kind === 'Node' ? undefined : this.store.get(kind, ns, name)?.metadata.uid;
    return all.filter((e) => Date.parse(e.lastTimestamp) > oldest && (uid === undefined || e.involvedObject.uid === undefined || e.involvedObject.uid === uid));
  }

  allEvents(): readonly ClusterEvent[] {
    const oldest = this.clock - EVENT_TTL_MS;
    const out: ClusterEvent[] = [];
    for (const events of this.eventLog.all()) for (const e of events) if (Date.parse(e.lastTimestamp) > oldest) out.push(e);
    return out;
  }

  containerLog(namespace: string, name: string, container: string, previous = false): string | undefined {
    const uid = this.get('Pod', namespace, name)?.metadata.uid;
    return uid === undefined ? undefined : this.processes.log(uid, container, previous);
  }

  nextChangeAt(): number | undefined {
    let next: number | undefined;
    for (const t of [this.readiness.next(), this.replicaSetController.availability.next(), this.deploymentController.deadlines.next()]) {
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  // ---- one-shot processes (see one-shot-processes.ts) ----

  /** The command-running containers started since the last call: the caller runs each once and reports its exit. */
  takeStartedProcesses(): ProcessStart[] {
    return this.processes.take();
  }

  isRunning(start: ProcessStart): boolean {
    const pod = this.store.get('Pod', start.namespace, start.name);
    return pod !== undefined && pod.metadata.uid === start.uid && pod.status?.phase === 'Running';
  }

  /**
   * The kubelet sees a started process exit: the pod ends Succeeded or Failed and keeps the
   * output for `kubectl logs`. False when the pod is gone, replaced, or no longer running.
   */
  recordContainerExit(start: ProcessStart, exit: ProcessExit): boolean {
    const pod = this.store.get('Pod', start.namespace, start.name);
    if (!pod || pod.metadata.uid !== start.uid || pod.status?.phase !== 'Running') return false;
    this.processes.setLog(start.uid, start.container, exit.log);
    this.updateObject(withField(pod, 'status', completedStatus(pod, exit.exitCode, rfc3339(exit.finishedAt))));
    if (this.batchDepth === 0) this.reconcile();
    return true;
  }

  /**
   * A restarting container's state at the clock's instant (see crash-loop.ts): the pod's status
   * and events follow it, and `kubectl logs [-p]` the output of its latest and previous runs.
   * False when the pod is gone, replaced, or no longer running.
   */
  recordCrashLoop(start: ProcessStart, state: CrashLoopState): boolean {
    const pod = this.store.get('Pod', start.namespace, start.name);
    if (!pod || pod.metadata.uid !== start.uid || pod.status?.phase !== 'Running') return false;
    this.processes.setLog(start.uid, start.container, state.last.log, state.previous?.log);
    const { namespace = 'default', name, uid = '' } = pod.metadata;
    const who = { namespace, name, uid, container: start.container, nodeName: start.node };
    this.eventLog.replacePodStart(namespace, name, (base) => new CrashLoopEvents(base, state.restartCount + 1, state.last.startedAt, state.backOffEvents, who));
    const status = crashLoopStatus(pod, state);
    if (deepEqual(status, pod.status)) return true;
    this.updateObject(withField(pod, 'status', status));
    if (this.batchDepth === 0) this.reconcile();
    return true;
  }

  // ---- ClusterWriter ----

  create(obj: KubeObject, opts?: WriteOptions): WriteResult {
    return this.afterWrite(this.verbs.create(obj, opts ?? {}), opts);
  }

  apply(obj: KubeObject, opts?: WriteOptions): WriteResult {
    const ns = resourceForKind(obj.kind).namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
    const withNs = ns ? withField(obj, 'metadata', withField(obj.metadata, 'namespace', ns)) : obj;
    const live = obj.metadata.name ? this.store.get(obj.kind, ns, obj.metadata.name) : undefined;
    const modified = withLastApplied(withNs);
    if (!live) return this.afterWrite(this.verbs.create(modified, opts ?? {}), opts);
    const merged = threeWayMerge(live.metadata.annotations?.[LAST_APPLIED_ANNOTATION], modified, live);
    return this.afterWrite(this.verbs.update(merged, opts ?? {}, 'configured'), opts);
  }

  update(obj: KubeObject, opts?: WriteOptions): WriteResult {
    return this.afterWrite(this.verbs.update(obj, opts ?? {}, 'configured'), opts);
  }

  delete(kind: Kind, namespace: string | undefined, name: string): WriteResult {
    return this.afterWrite(this.verbs.delete(kind, namespace, name), {});
  }

  tick(seconds: number): void {
    this.clock += Math.round(seconds * 1000);
    // Readiness probes that start counting after initialDelaySeconds: their pods turn ready now.
    const ready = this.readiness.due();
    for (const r of ready) {
      const pod = this.store.get('Pod', r.namespace, r.name);
      if (!pod || pod.metadata.uid !== r.uid || pod.status?.phase !== 'Running') continue;
      this.updateObject(withField(pod, 'status', withReadiness(pod.status, pod.spec.containers, [], rfc3339(r.at))));
    }
    // Rollouts that made no progress within progressDeadlineSeconds: their controller looks again.
    const stuck = this.deploymentController.deadlines.takeDue(this.clock);
    for (const key of stuck) this.queue.deployments.add(key);
    // Pods ready for minReadySeconds: their ReplicaSet counts them available now.
    const available = this.replicaSetController.availability.takeDue(this.clock);
    for (const key of available) this.queue.replicaSets.add(key);
    if ((ready.length || stuck.length || available.length) && this.batchDepth === 0) this.reconcile();
  }

  /** Runs several writes, reconciling once at the end (a scenario load, a multi-document apply). */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.reconcile();
    }
  }

  private afterWrite(result: WriteResult, opts: WriteOptions | undefined): WriteResult {
    if (result.ok && !opts?.dryRun && this.batchDepth === 0) this.reconcile();
    // In a batch the controllers have not run yet: the stored object is the one returned.
    if (result.ok && !opts?.dryRun && result.action !== 'deleted' && this.batchDepth === 0) {
      // Return the object as it stands after the controllers ran (allocated, scheduled ...).
      const o = result.object;
      const now = this.store.get(o.kind, o.metadata.namespace, o.metadata.name);
      if (now) return { ...result, object: now };
    }
    return result;
  }

  // ---- ControllerContext ----

  nowIso(): string {
    // One string per instant, shared by every object stamped then.
    if (this.isoAt !== this.clock) {
      this.isoAt = this.clock;
      this.iso = rfc3339(this.clock);
    }
    return this.iso;
  }

  nextResourceVersion(): string {
    return String(++this.resourceVersion);
  }

  createObject<T extends KubeObject>(obj: T): T {
    const meta = copyPlain(obj.metadata);
    meta.uid = obj.metadata.uid ?? newUid(this.rand);
    meta.resourceVersion = this.nextResourceVersion();
    meta.creationTimestamp = obj.metadata.creationTimestamp ?? this.nowIso();
    // pod strategy PrepareForCreate (v1.33): every new pod is generation 1.
    if (obj.kind === 'Pod') meta.generation = 1;
    const stamped = copyPlain(obj);
    stamped.metadata = meta;
    return this.createStamped(stamped);
  }

  createStamped<T extends KubeObject>(obj: T): T {
    // A controller's new pod is scheduled and started in the same instant: one write, not two.
    const placed = obj.kind === 'Pod' ? this.pods.place(obj) : undefined;
    const started = placed !== undefined && placed !== 'unschedulable';
    const stored = started ? (placedPod(obj as Pod, placed, true) as T) : obj;
    this.store.put(stored);
    if (started) this.pods.recordStart(stored as Pod, placed.scheduled);
    return stored;
  }

  updateObject<T extends KubeObject>(obj: T): T {
    const meta = copyPlain(obj.metadata);
    meta.resourceVersion = this.nextResourceVersion();
    const stored = copyPlain(obj);
    stored.metadata = meta;
    this.store.put(stored);
    return stored;
  }

  deleteObject(kind: Kind, namespace: string | undefined, name: string): void {
    const obj = this.store.get(kind, namespace, name);
    if (!obj) return;
    if (kind === 'Namespace') {
      // The namespace controller empties a deleted namespace.
      for (const r of ['DaemonSet', 'Deployment', 'ReplicaSet', 'Pod', 'Service', 'Endpoints', 'EndpointSlice', 'ConfigMap'] as const) {
        for (const o of [...this.store.list(r, name)]) this.deleteObject(r, name, o.metadata.name);
      }
    }
    if (kind === 'Pod') this.recordKilling(obj as Pod);
    this.store.remove(kind, namespace, name);
    if (kind === 'Service') this.allocator.releaseAll(obj as Service);
    // Its events stay: they live out their hour (--event-ttl) whatever becomes of the object.
    // The garbage collector: dependents go with their owner (background propagation).
    const uid = obj.metadata.uid;
    if (uid) for (const d of this.store.dependents(uid)) this.deleteObject(d.kind, d.namespace || undefined, d.name);
  }

  /** The kubelet stops a deleted pod's running containers (kuberuntime_container.go killContainer). */
  private recordKilling(pod: Pod): void {
    const node = pod.spec.nodeName;
    if (!node || pod.status?.phase !== 'Running') return;
    const { namespace = 'default', name, uid } = pod.metadata;
    const time = this.nowIso();
    for (const c of pod.spec.containers) {
      const cs = pod.status.containerStatuses?.find((s) => s.name === c.name);
      if (cs && !cs.state?.running) continue;
      this.eventLog.record({ kind: 'Pod', namespace, name, uid, fieldPath: `spec.containers{${c.name}}` }, 'Normal', 'Killing', `Stopping container ${c.name}`, 'kubelet', time, node);
    }
  }

  // ---- informers and work queues ----

  private observe(kind: Kind, before: KubeObject | undefined, after: KubeObject | undefined): void {
    this.changes++;
    const o = (after ?? before)!;
    const ns = o.metadata.namespace;
    switch (kind) {
      case 'Deployment': {
        const key = nsName(ns, o.metadata.name);
        this.queue.deployments.add(key);
        this.queue.deploymentSpecs.add(key);
        break;
      }
      case 'ReplicaSet': {
        this.deploymentController.observeReplicaSet(before as ReplicaSet | undefined, after as ReplicaSet | undefined);
        this.queue.replicaSets.add(nsName(ns, o.metadata.name));
        const owner = controllerOf(o, 'Deployment');
        if (owner) {
          const key = nsName(ns, owner);
          this.queue.deployments.add(key);
          if (!isStatusChange(before as ReplicaSet | undefined, after as ReplicaSet | undefined)) this.queue.deploymentSpecs.add(key);
        }
        break;
      }
      case 'DaemonSet':
        this.queue.daemonSets.add(nsName(ns, o.metadata.name));
        break;
      case 'Pod':
        this.observePod(before as Pod | undefined, after as Pod | undefined);
        break;
      case 'Service':
        this.serviceIndex.update(before as Service | undefined, after as Service | undefined);
        this.queue.services.add(nsName(ns, o.metadata.name));
        break;
      case 'Endpoints':
        this.queue.mirror.add(nsName(ns, o.metadata.name));
        break;
      case 'EndpointSlice':
        this.mirroring.observeSlice(before as EndpointSlice | undefined, after as EndpointSlice | undefined);
        break;
      case 'Node':
        this.nodesChanged = true;
        if (after) this.network.setNode(after as ObjectOfKind<'Node'>);
        else this.network.removeNode(o.metadata.name);
        break;
      default:
        break;
    }
  }

  private observePod(before: Pod | undefined, after: Pod | undefined): void {
    const pod = (after ?? before)!;
    const ns = pod.metadata.namespace ?? '';
    if (before && after) this.eventLog.updatePod(before, after);
    if (before?.spec.nodeName) this.scheduler.podUnbound(before);
    if (after?.spec.nodeName) this.scheduler.podBound(after);
    // A bound pod gone, or finished (the scheduler's informer sees that as a deletion), frees room
    // on its node: pods that did not fit try again (v1.33's queueing hints requeue
    // NodeResourcesFit rejections on an assigned pod's deletion).
    if (before?.spec.nodeName && !isTerminalPod(before) && (!after || isTerminalPod(after))) {
      for (const key of this.unschedulable) this.queue.pods.add(key);
    }
    if (before && !after) {
      this.unschedulable.delete(nsName(ns, before.metadata.name));
      if (before.metadata.uid) this.processes.forget(before.metadata.uid);
      if (isReplacedOnDelete(before)) this.queue.replace.push(before);
      const ds = before.metadata.ownerReferences?.find((o) => o.controller && o.kind === 'DaemonSet');
      if (ds) this.daemonSetController.podDeleted(before, ds.uid);
      const ip = before.status?.podIP;
      if (ip && before.spec.nodeName && !before.spec.hostNetwork) this.network.release(before.spec.nodeName, ip);
    }
    if (after?.status?.podIP && after.spec.nodeName && !after.spec.hostNetwork && after.status.podIP !== before?.status?.podIP) {
      this.network.reserve(after.spec.nodeName, after.status.podIP, false);
    }
    if (after && (!after.spec.nodeName || !after.status?.phase || after.status.phase === 'Pending')) this.queue.pods.add(nsName(ns, after.metadata.name));
    const daemonSet = controllerOf(pod, 'DaemonSet');
    if (daemonSet) this.queue.daemonSets.add(nsName(ns, daemonSet));
    const owner = controllerOf(pod, 'ReplicaSet');
    // The ReplicaSet being synced needs no queueing for its own pods: that echo is dropped.
    if (owner && !(owner === this.syncingReplicaSet && ns === this.syncingNamespace)) this.queue.replicaSets.add(nsName(ns, owner));
    // Orphans, and pasted pods naming a ReplicaSet by a uid from another cluster.
    if (after && !before) this.replicaSetController.enqueueAdopters(after, this.queue.replicaSets);
    // Services that select the pod before or after the change.
    if (before?.metadata.labels === after?.metadata.labels && before?.status === after?.status && before?.metadata.deletionTimestamp === after?.metadata.deletionTimestamp) return;
    this.serviceIndex.candidates(ns, before?.metadata.labels, this.queue.services);
    this.serviceIndex.candidates(ns, after?.metadata.labels, this.queue.services);
  }

  /**
   * Runs the controllers until no queue has work. A rolling update takes two rounds per step
   * its new pods' readiness lets go (maxSurge 1 of 100 replicas: 100 steps); the bound only
   * stops a controller that would never settle.
   */
  reconcile(): void {
    for (let round = 0; round < 1000; round++) {
      if (this.nodesChanged) this.nodesUpdated();
      const q = this.queue;
      if (!q.deployments.size && !q.replicaSets.size && !q.daemonSets.size && !q.pods.size && !q.services.size && !q.mirror.size && !q.replace.length) return;
      for (const gone of q.replace.splice(0)) replacePod(this, gone);
      for (const key of drain(q.daemonSets)) this.daemonSetController.sync(...splitKey(key));
      // A controller's own writes re-queue the object it is syncing; that echo is dropped.
      for (const key of drain(q.deployments)) {
        const i = key.indexOf('/');
        const again = q.deploymentSpecs.has(key)
          ? this.deploymentController.sync(key.slice(0, i), key.slice(i + 1))
          : this.deploymentController.syncStatus(key.slice(0, i), key.slice(i + 1));
        q.deployments.delete(key);
        q.deploymentSpecs.delete(key);
        // A scaling sync's own ReplicaSet writes bring the Deployment back for its rollout step (sync()).
        if (again) {
          q.deployments.add(key);
          q.deploymentSpecs.add(key);
        }
      }
      for (const key of drain(q.replicaSets)) {
        const i = key.indexOf('/');
        const ns = key.slice(0, i);
        const name = key.slice(i + 1);
        this.syncingNamespace = ns;
        this.syncingReplicaSet = name;
        this.replicaSetController.sync(ns, name);
        this.syncingReplicaSet = undefined;
        q.replicaSets.delete(key);
      }
      for (const key of drain(q.pods)) {
        const i = key.indexOf('/');
        if (this.pods.sync(key.slice(0, i), key.slice(i + 1), this.unschedulable.has(key)) === 'unschedulable') {
          this.unschedulable.add(key);
          // The failed attempt's own status write queued the pod again: that echo is dropped.
          q.pods.delete(key);
        } else this.unschedulable.delete(key);
      }
      for (const key of drain(q.services)) {
        const i = key.indexOf('/');
        const ns = key.slice(0, i);
        const name = key.slice(i + 1);
        this.sliceController.sync(ns, name);
        this.endpointsController.sync(ns, name);
        this.loadBalancers.sync(ns, name);
      }
      this.servicePods.clear();
      for (const key of drain(q.mirror)) this.mirroring.sync(...splitKey(key));
    }
  }

  /**
   * The node lifecycle controller's TaintNodesByCondition: a cordoned node (spec.unschedulable)
   * carries node.kubernetes.io/unschedulable:NoSchedule, and loses it when uncordoned; the
   * node's kubelet reports the change as an event.
   */
  private syncUnschedulableTaints(): void {
    for (const node of this.store.list('Node')) {
      const taints = withUnschedulableTaint(node);
      if (taints === undefined) continue;
      const { taints: _old, ...rest } = node.spec;
      this.updateObject({ ...node, spec: taints.length ? { ...rest, taints } : rest });
      // The kubelet's recordNodeSchedulableEvent, seen at its next status update.
      const { name, uid } = node.metadata;
      const status = node.spec.unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable';
      this.eventLog.record({ kind: 'Node', name, uid }, 'Normal', status, `Node ${name} status is now: ${status}`, 'kubelet', this.nowIso(), name);
    }
  }

  private nodesUpdated(): void {
    this.nodesChanged = false;
    this.syncUnschedulableTaints();
    const nodes = this.store.list('Node');
    const pods = this.store.list('Pod');
    this.scheduler.setNodes(nodes, pods);
    for (const p of pods) {
      const ip = p.status?.podIP;
      if (ip && p.spec.nodeName && !p.spec.hostNetwork) this.network.reserve(p.spec.nodeName, ip, false);
    }
    for (const key of this.unschedulable) this.queue.pods.add(key);
    // A node added, relabelled or tainted may change where each DaemonSet runs.
    for (const ds of this.store.list('DaemonSet')) this.queue.daemonSets.add(nsName(ds.metadata.namespace, ds.metadata.name));
    // Pods waiting for their named node to appear.
    for (const p of pods) if (p.spec.nodeName && (!p.status?.phase || p.status.phase === 'Pending')) this.queue.pods.add(nsName(p.metadata.namespace, p.metadata.name));
    apiserverEndpoints(this);
  }
}

const UNSCHEDULABLE_TAINT_KEY = 'node.kubernetes.io/unschedulable';

/** A node's taints with the unschedulable taint present exactly when the node is cordoned; undefined when they already are. */
function withUnschedulableTaint(node: ObjectOfKind<'Node'>): ObjectOfKind<'Node'>['spec']['taints'] | undefined {
  const taints = node.spec.taints ?? [];
  const has = taints.some((t) => t.key === UNSCHEDULABLE_TAINT_KEY && t.effect === 'NoSchedule');
  const want = node.spec.unschedulable === true;
  if (has === want) return undefined;
  return want ? [...taints, { key: UNSCHEDULABLE_TAINT_KEY, effect: 'NoSchedule' }] : taints.filter((t) => !(t.key === UNSCHEDULABLE_TAINT_KEY && t.effect === 'NoSchedule'));
}

/** The set's keys, the set emptied (what a sync adds goes to the next round). */
function drain(set: Set<string>): string[] {
  const keys = [...set];
  set.clear();
  return keys;
}

/** A ReplicaSet write that changed only its status (the spec and the metadata a Deployment reads are the same objects). */
function isStatusChange(before: ReplicaSet | undefined, after: ReplicaSet | undefined): boolean {
  if (!before || !after) return false;
  const bm = before.metadata;
  const am = after.metadata;
  return (
    before.spec === after.spec &&
    bm.annotations === am.annotations &&
    bm.labels === am.labels &&
    bm.ownerReferences === am.ownerReferences &&
    bm.deletionTimestamp === am.deletionTimestamp &&
    bm.generation === am.generation
  );
}

/** The name of the object's controller of the given kind, from its ownerReferences. */
export function controllerOf(obj: KubeObject, kind: string): string | undefined {
  const ref = obj.metadata.ownerReferences?.find((o) => o.controller && o.kind === kind);
  return ref?.name;
}
