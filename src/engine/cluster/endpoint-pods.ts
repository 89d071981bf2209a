/**
 * What the EndpointSlice and Endpoints controllers share: which pods a Service selects, whether
 * a pod belongs in its endpoints, and the port a Service port resolves to on a pod
 * (kubernetes staging/src/k8s.io/endpointslice/util/controller_utils.go ShouldPodBeInEndpoints,
 * pkg/api/v1/pod/util.go FindPort).
 */
import type { EndpointAddress, Pod, Service, ServicePort } from '../api/core.ts';
import type { ObjectStore } from './store.ts';
import { selectorMatches } from './service-selector-index.ts';

/** Pods in the Service's namespace matching its selector, by way of the pod label index. */
export function selectedPods(store: ObjectStore, svc: Service): Pod[] {
  const selector = svc.spec.selector ?? {};
  const ns = svc.metadata.namespace ?? '';
  let smallest: ReadonlyMap<string, Pod> | undefined;
  for (const k in selector) {
    const pods = store.podsWithLabel(ns, k, selector[k]);
    if (!pods) return [];
    if (!smallest || pods.size < smallest.size) smallest = pods;
  }
  if (!smallest) return [];
  const out: Pod[] = [];
  for (const p of smallest.values()) if (selectorMatches(selector, p.metadata.labels)) out.push(p);
  return out;
}

export type PodReference = NonNullable<EndpointAddress['targetRef']>;

/**
 * What the EndpointSlice and Endpoints controllers' syncs of one Service share: the pods it
 * selects (found once while no pod changes in between) and one targetRef per pod, the same
 * immutable object in the slice and in the Endpoints.
 */
export class ServicePodsCache {
  private svc: Service | undefined;
  private version = -1;
  private pods: Pod[] = [];
  /** refs[i] is pods[i]'s targetRef, made when first asked for. */
  private refs: (PodReference | undefined)[] = [];

  selected(store: ObjectStore, svc: Service): Pod[] {
    const version = store.version('Pod');
    if (svc !== this.svc || version !== this.version) {
      this.svc = svc;
      this.version = version;
      this.pods = selectedPods(store, svc);
      this.refs = [];
    }
    return this.pods;
  }

  /** The targetRef of the i-th pod selected() returned. */
  targetRefAt(i: number): PodReference {
    let ref = this.refs[i];
    if (ref === undefined) {
      const pod = this.pods[i];
      this.refs[i] = ref = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
    }
    return ref;
  }

  /**
   * Every selected pod's targetRef, in pod order. The caller may keep the array: once full it is
   * only read (targetRefAt finds every entry made), and selected() starts a new one.
   */
  targetRefs(): readonly PodReference[] {
    const n = this.pods.length;
    for (let i = 0; i < n; i++) this.targetRefAt(i);
    return this.refs as PodReference[];
  }

  /** Forgets the last Service (its pods are not kept alive past the sync). */
  clear(): void {
    this.svc = undefined;
    this.pods = [];
    this.refs = [];
  }
}

/** ShouldPodBeInEndpoints: has an IP, not terminating unless allowed, and not finished for good. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (pod.spec.restartPolicy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (pod.spec.restartPolicy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

export function podIsReady(pod: Pod): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === 'Ready' && conditions[i].status === 'True') return true;
  return false;
}

/**
 * FindPort: a numeric targetPort as is; a named one is the first container port with that
 * name and the Service port's protocol; undefined when the pod has none.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** The hostname rule: pod.spec.hostname, when pod.spec.subdomain names this Service. */
export function endpointHostname(pod: Pod, svc: Service): string | undefined {
  return pod.spec.hostname && pod.spec.subdomain === svc.metadata.name ? pod.spec.hostname : undefined;
}

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';

export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === 'None';
}
