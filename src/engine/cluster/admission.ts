/**
 * The mutating admission plugins kube-apiserver v1.33 runs on every new Pod by default
 * (plugin/pkg/admission/serviceaccount, defaulttolerationseconds, priority): a service account
 * and its projected token volume, tolerations for not-ready and unreachable nodes, a priority.
 * Mirror pods of static pods skip the service-account part, as the plugin does.
 */
import type { Container, PodSpec, Toleration } from '../api/core.ts';
import { copyPlain, withField } from './object-meta.ts';

/** Where the token, the CA and the namespace are mounted (serviceaccount.DefaultAPITokenMountPath). */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** DefaultTolerationSeconds: 300 s for not-ready and unreachable nodes. */
const DEFAULT_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/**
 * The projected sources of the token volume: the same for every pod, so one immutable object
 * (stored objects are never changed in place) shared by every admitted spec.
 */
const TOKEN_PROJECTION = {
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
};

/** The projected volume the ServiceAccount plugin adds (`kube-api-access-<5 chars>`). */
function tokenVolume(name: string): Record<string, unknown> {
  return { name, projected: TOKEN_PROJECTION };
}

function withMount(c: Container, volume: string): Container {
  const mounts = (c.volumeMounts as { mountPath?: string }[] | undefined) ?? [];
  if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) return c;
  return withField(c, 'volumeMounts', [...mounts, { name: volume, readOnly: true, mountPath: TOKEN_MOUNT_PATH }]);
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/**
 * SetDefaults_Pod (a Pod's, not a template's, kubernetes pkg/apis/core/v1/defaults.go): a
 * resource with a limit and no request is requested at its limit.
 */
function withRequestsFromLimits(c: Container): Container {
  const res = c.resources as Resources | undefined;
  const limits = res?.limits;
  if (!limits) return c;
  const requests = res.requests ?? {};
  const missing = Object.keys(limits).filter((k) => requests[k] === undefined);
  if (missing.length === 0 && res.requests) return c;
  const filled = { ...requests };
  for (const k of missing) filled[k] = limits[k];
  return withField(c, 'resources', { ...res, requests: filled });
}

/**
 * The spec as admission leaves it. `tokenVolume` names the projected volume (a random
 * `kube-api-access-xxxxx` per pod); undefined for mirror pods.
 */
export function admitPodSpec(spec: PodSpec, tokenVolumeName: string | undefined): PodSpec {
  const out: PodSpec = copyPlain(spec);
  // SetDefaults_Pod (a Pod's, not a template's): requests from limits, service links on unless turned off.
  if (spec.containers.some((c) => (c.resources as Resources | undefined)?.limits)) out.containers = spec.containers.map(withRequestsFromLimits);
  if (spec.initContainers?.some((c) => (c.resources as Resources | undefined)?.limits)) out.initContainers = spec.initContainers.map(withRequestsFromLimits);
  if (out.enableServiceLinks === undefined) out.enableServiceLinks = true;
  if (tokenVolumeName !== undefined) {
    out.serviceAccountName = spec.serviceAccountName ?? (spec.serviceAccount as string | undefined) ?? 'default';
    out.serviceAccount = out.serviceAccountName;
    if (spec.automountServiceAccountToken !== false) {
      const volumes = (spec.volumes as { name: string }[] | undefined) ?? [];
      out.volumes = [...volumes, tokenVolume(tokenVolumeName)];
      out.containers = out.containers.map((c) => withMount(c, tokenVolumeName));
      if (out.initContainers) out.initContainers = out.initContainers.map((c) => withMount(c, tokenVolumeName));
    }
  }
  const tolerations = spec.tolerations ?? [];
  // A toleration for all NoExecute taints (or everything) already covers the defaults.
  const coversAll = tolerations.some((t) => t.operator === 'Exists' && !t.key && (!t.effect || t.effect === 'NoExecute'));
  const extra = coversAll ? [] : DEFAULT_TOLERATIONS.filter((d) => !tolerations.some((t) => t.key === d.key && (!t.effect || t.effect === 'NoExecute')));
  if (extra.length) out.tolerations = [...tolerations, ...extra];
  // The Priority plugin: the class's value (the two built-in system classes, scheduling
  // SystemCriticalPriority 2000000000 and +1000 for node-critical); no class and no global default gives 0.
  if (out.priority === undefined) out.priority = SYSTEM_PRIORITIES[String(spec.priorityClassName ?? '')] ?? 0;
  if (out.preemptionPolicy === undefined) out.preemptionPolicy = 'PreemptLowerPriority';
  return out;
}

/** The built-in PriorityClasses every cluster has (kubernetes pkg/apis/scheduling SystemPriorityClasses). */
const SYSTEM_PRIORITIES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

/** A pod made by the kubelet for a static pod (kubernetes.io/config.mirror, or owned by its Node). */
export function isMirrorPod(meta: { annotations?: Record<string, string>; ownerReferences?: { kind: string }[] }): boolean {
  return meta.annotations?.['kubernetes.io/config.mirror'] !== undefined || meta.ownerReferences?.some((o) => o.kind === 'Node') === true;
}
