/**
 * The API server's create, update (PUT) and delete, in the order kube-apiserver runs them
 * (k8s.io/apiserver pkg/registry/generic/registry/store.go Create/Update): admission
 * (namespace exists), defaulting, generated name, for Services the allocation hook
 * (storage.go beginCreate: IP-related validation, clusterIP, nodePorts), validation, storage
 * (AlreadyExists, resourceVersion conflicts). Controllers' own writes skip this path.
 */
import type { Namespace, Pod, Service } from '../api/core.ts';
import type { Deployment, ReplicaSet } from '../api/apps.ts';
import type { Kind, KubeObject } from '../api/objects.ts';
import { resourceForKind } from '../api/resources.ts';
import type { FieldError, StatusError } from '../api/status.ts';
import { alreadyExistsError, invalidError, notFoundError } from '../api/status.ts';
import { applyDefaults, applyUpdateDefaults } from './defaults/index.ts';
import { admitPodSpec, isMirrorPod } from './admission.ts';
import { randomSuffix } from '../rand.ts';
import { deepEqual } from './deep-equal.ts';
import { qosClass } from './kubelet.ts';
import { copyPlain, generateName, newUid, withField } from './object-meta.ts';
import type { AllocTxn, ServiceAllocator } from './service-alloc.ts';
import type { ControllerContext } from './controller-context.ts';
import type { WriteAction, WriteOptions, WriteResult } from './types.ts';
import { qualifiedKind, validateCreate, validateUpdate } from './validation/index.ts';
import { validateServiceIPFamilies } from './validation/service-ip-families.ts';
import { withTemplateGeneration } from './daemonset-pods.ts';

/** Namespaces the NamespaceLifecycle admission plugin refuses to delete. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

/**
 * Kinds whose metadata.generation counts spec changes. Pods since v1.33 (KEP-5067, pod
 * strategy PrepareForCreate sets 1, updatePodGeneration bumps it on a spec change; not gated).
 */
const GENERATION_KINDS = new Set<Kind>(['Deployment', 'ReplicaSet', 'DaemonSet', 'EndpointSlice', 'Pod']);

/** Kinds whose status only controllers write (the status subresource): a PUT keeps the live status. */
const STATUS_KINDS = new Set<Kind>(['Pod', 'Service', 'Deployment', 'ReplicaSet', 'DaemonSet', 'Node', 'Namespace']);

/** Fields ValidateServiceClusterIPsRelatedFields owns: checked before allocation (alloc.go initIPFamilyFields). */
function isClusterIPField(e: FieldError): boolean {
  return /^spec\.(clusterIPs?|ipFamilies|ipFamilyPolicy)(\[|$|\.)/.test(e.field);
}

function fail(error: StatusError): WriteResult {
  return { ok: false, error };
}

/** A failed write after allocation: what it allocated goes back. */
function abort(txn: AllocTxn | undefined, error: StatusError): WriteResult {
  txn?.revert();
  return fail(error);
}

export interface WriteHost extends ControllerContext {
  nextResourceVersion(): string;
}

export class WriteVerbs {
  constructor(
    private readonly host: WriteHost,
    private readonly allocator: ServiceAllocator,
    private readonly maxPods: number,
  ) {}

  create(input: KubeObject, opts: WriteOptions): WriteResult {
    const info = resourceForKind(input.kind);
    const qk = qualifiedKind(input.kind);
    const ns = info.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    if (ns !== undefined && !this.host.store.get('Namespace', undefined, ns)) return fail(notFoundError('namespaces', ns));
    let obj = applyDefaults(input, this.host.settings);
    if (obj.kind === 'Pod') {
      const mirror = isMirrorPod(obj.metadata);
      obj = { ...obj, spec: admitPodSpec(obj.spec, mirror ? undefined : `kube-api-access-${randomSuffix(this.host.rand)}`) };
    }
    // A status written in the scenario (a LoadBalancer's ingress) is kept, where a real
    // apiserver would drop it on create: scenarios paste state from real clusters.
    if (obj.kind === 'Service' && input.kind === 'Service' && input.status) obj = { ...obj, status: input.status };
    let meta = withField(obj.metadata, 'namespace', ns);
    if (ns === undefined) delete meta.namespace;
    if (!meta.name && meta.generateName) meta = withField(meta, 'name', generateName(meta.generateName, this.host.rand));
    obj = withField(obj, 'metadata', meta);
    if (!meta.name) {
      return fail(invalidError(qk, '', [{ type: 'Required value', field: 'metadata.name', detail: 'name or generateName is required' }]));
    }
    let txn: AllocTxn | undefined;
    if (obj.kind === 'Service') {
      // Store.Create runs BeginCreate (alloc.go allocateCreate: initIPFamilyFields, then the
      // allocations) before the strategy's validation: its errors are answered alone.
      const ipErrors = validateServiceIPFamilies(obj, this.host.settings);
      if (ipErrors.length) return fail(invalidError(qk, meta.name, ipErrors));
      const r = this.allocator.allocateCreate(obj);
      if (!r.ok) return fail(r.error);
      obj = r.service;
      txn = r.txn;
    }
    // Validation proper sees the allocated object (a LoadBalancer's healthCheckNodePort is required).
    const errors = validateCreate(obj, this.host.settings);
    if (errors.length) return abort(txn, invalidError(qk, meta.name, errors));
    const limit = this.checkPodLimit(obj, undefined);
    if (limit) return abort(txn, limit);
    if (this.host.store.get(obj.kind, ns, meta.name)) return abort(txn, alreadyExistsError(info.group ? `${info.resource}.${info.group}` : info.resource, meta.name));
    const stamped = this.stampNew(obj);
    if (opts.dryRun) {
      txn?.revert();
      return { ok: true, action: 'created', object: stamped };
    }
    txn?.commit();
    this.host.store.put(stamped);
    return { ok: true, action: 'created', object: stamped };
  }

  update(input: KubeObject, opts: WriteOptions, changedAction: WriteAction): WriteResult {
    const info = resourceForKind(input.kind);
    const qk = qualifiedKind(input.kind);
    const ns = info.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const name = input.metadata.name;
    const live = this.host.store.get(input.kind, ns, name);
    if (!live) return fail(notFoundError(info.group ? `${info.resource}.${info.group}` : info.resource, name));
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== live.metadata.resourceVersion) {
      return fail({
        reason: 'Conflict',
        code: 409,
        message: `Operation cannot be fulfilled on ${info.resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        name,
      });
    }
    let obj = applyUpdateDefaults({ ...input, metadata: { ...input.metadata, namespace: ns } } as KubeObject, live, this.host.settings);
    if (ns === undefined) delete obj.metadata.namespace;
    let txn: AllocTxn | undefined;
    let errors: FieldError[];
    if (obj.kind === 'Service') {
      const old = live as Service;
      errors = validateUpdate(obj, live, this.host.settings);
      const ipErrors = errors.filter(isClusterIPField);
      if (ipErrors.length) return fail(invalidError(qk, name, ipErrors));
      const r = this.allocator.allocateUpdate(obj, old);
      if (!r.ok) return fail(r.error);
      txn = r.txn;
      obj = r.service;
      errors = validateUpdate(obj, live, this.host.settings);
    } else {
      errors = validateUpdate(obj, live, this.host.settings);
    }
    if (errors.length) return abort(txn, invalidError(qk, name, errors));
    const limit = this.checkPodLimit(obj, live);
    if (limit) return abort(txn, limit);
    let next = this.carryOver(obj, live);
    if (next.kind === 'DaemonSet' && live.kind === 'DaemonSet') next = withTemplateGeneration(next, live, !deepEqual(next.spec.template, live.spec.template));
    if (deepEqual(next, live)) {
      txn?.revert();
      return { ok: true, action: 'unchanged', object: live };
    }
    if (GENERATION_KINDS.has(next.kind) && !deepEqual(specOf(next), specOf(live))) {
      next.metadata.generation = (live.metadata.generation ?? 1) + 1;
    }
    if (opts.dryRun) {
      txn?.revert();
      return { ok: true, action: changedAction, object: next };
    }
    txn?.commit();
    const stored = { ...next, metadata: { ...next.metadata, resourceVersion: this.host.nextResourceVersion() } } as KubeObject;
    this.host.store.put(stored);
    return { ok: true, action: changedAction, object: stored };
  }

  delete(kind: Kind, namespace: string | undefined, name: string): WriteResult {
    const info = resourceForKind(kind);
    const ns = info.namespaced ? (namespace ?? 'default') : undefined;
    const live = this.host.store.get(kind, ns, name);
    if (!live) return fail(notFoundError(info.group ? `${info.resource}.${info.group}` : info.resource, name));
    if (kind === 'Namespace' && IMMORTAL_NAMESPACES.has(name)) {
      return fail({ reason: 'Forbidden', code: 403, message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, name });
    }
    this.host.deleteObject(kind, ns, name);
    return { ok: true, action: 'deleted', object: live };
  }

  /** System metadata of a new object; a uid or creationTimestamp written in the scenario (pasted state) is kept. */
  private stampNew(obj: KubeObject): KubeObject {
    const h = this.host;
    // Built by stores, as `{ ...metadata, uid, resourceVersion, creationTimestamp }` orders them (see withField).
    const meta = copyPlain(obj.metadata);
    meta.uid = obj.metadata.uid ?? newUid(h.rand);
    meta.resourceVersion = h.nextResourceVersion();
    meta.creationTimestamp = obj.metadata.creationTimestamp ?? h.nowIso();
    if (GENERATION_KINDS.has(obj.kind)) meta.generation = 1;
    switch (obj.kind) {
      case 'Namespace': {
        // NamespaceDefaultLabelName (kubernetes.io/metadata.name) and the kubernetes finalizer.
        const ns: Namespace = {
          ...obj,
          metadata: { ...meta, labels: { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name } },
          spec: obj.spec ?? { finalizers: ['kubernetes'] },
          status: obj.status ?? { phase: 'Active' },
        };
        return ns;
      }
      case 'Pod': {
        // pod strategy PrepareForCreate: a new pod is Pending with its QoS class.
        const pod: Pod = { ...obj, metadata: meta, status: obj.status?.phase ? obj.status : { ...obj.status, phase: 'Pending', qosClass: qosClass(obj.spec.containers ?? []) } };
        return pod;
      }
      case 'DaemonSet':
        return withTemplateGeneration({ ...obj, metadata: meta }, undefined, false);
      default:
        return withField(obj, 'metadata', meta);
    }
  }

  /** A PUT keeps what the client may not change: uid, creation time, generation, the live status. */
  private carryOver(obj: KubeObject, live: KubeObject): KubeObject {
    const meta = {
      ...obj.metadata,
      uid: live.metadata.uid,
      creationTimestamp: live.metadata.creationTimestamp,
      resourceVersion: live.metadata.resourceVersion,
    };
    if (live.metadata.generation !== undefined) meta.generation = live.metadata.generation;
    if (obj.kind === 'Namespace' && live.metadata.labels?.['kubernetes.io/metadata.name']) {
      meta.labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
    }
    const next = { ...obj, metadata: meta } as KubeObject & { status?: unknown; spec?: unknown };
    if (STATUS_KINDS.has(obj.kind)) {
      const liveStatus = (live as { status?: unknown }).status;
      if (liveStatus === undefined) delete next.status;
      else next.status = liveStatus;
    }
    if (obj.kind === 'Namespace' && (live as Namespace).spec && !(obj as Namespace).spec) (next as Namespace).spec = (live as Namespace).spec;
    return next;
  }

  /** svcsim's own limit on pods (MAX_PODS), checked where a replica count is written. */
  private checkPodLimit(obj: KubeObject, live: KubeObject | undefined): StatusError | undefined {
    if (obj.kind !== 'Deployment' && obj.kind !== 'ReplicaSet') return undefined;
    const replicas = (obj as Deployment | ReplicaSet).spec.replicas ?? 1;
    const before = live ? ((live as Deployment | ReplicaSet).spec.replicas ?? 1) : 0;
    const total = this.host.store.count('Pod') + Math.max(0, replicas - before);
    if (replicas <= this.maxPods && total <= this.maxPods) return undefined;
    const what = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
    return {
      reason: 'Forbidden',
      code: 403,
      message: `svcsim limit: ${what} "${obj.metadata.name}" asks for ${replicas} replicas, but this simulator holds at most ${this.maxPods} pods in a cluster (a real cluster would accept the object and create pods until it ran out of room)`,
      name: obj.metadata.name,
    };
  }
}

function specOf(o: KubeObject): unknown {
  return (o as { spec?: unknown }).spec;
}
