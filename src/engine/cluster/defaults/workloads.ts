/**
 * Pod, Deployment and ReplicaSet defaults: SetDefaults_PodSpec, SetDefaults_Pod,
 * SetDefaults_Container (kubernetes pkg/apis/core/v1/defaults.go), the declarative
 * `+default` markers of k8s.io/api (ContainerPort.protocol TCP) and SetDefaults_Deployment /
 * SetDefaults_ReplicaSet / SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go). Mutates the copy it is given.
 * Admission plugins' additions (serviceAccountName, default tolerations, priority) are not here.
 */
import type { DaemonSet, Deployment, ReplicaSet } from '../../api/apps.ts';
import type { Container, Pod, PodSpec } from '../../api/core.ts';

/**
 * SetDefaults_Container: imagePullPolicy from the tag (`latest` or none means Always). The
 * resources field is a struct (ResourceRequirements) that omitempty does not drop, so the API
 * server writes `resources: {}` for a container without any.
 */
function setContainerDefaults(c: Container): void {
  if (c.resources === undefined) c.resources = {};
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[key];
    if (isObject(probe)) setProbeDefaults(probe);
  }
  const lifecycle = c.lifecycle;
  if (isObject(lifecycle)) for (const hook of [lifecycle.postStart, lifecycle.preStop]) if (isObject(hook) && isObject(hook.httpGet)) setHTTPGetDefaults(hook.httpGet);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** SetDefaults_Probe, and SetDefaults_HTTPGetAction for its httpGet. */
function setProbeDefaults(probe: Record<string, unknown>): void {
  if (isObject(probe.httpGet)) setHTTPGetDefaults(probe.httpGet);
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
}

function setHTTPGetDefaults(action: Record<string, unknown>): void {
  if (!action.path) action.path = '/';
  if (!action.scheme) action.scheme = 'HTTP';
}

/** The tag parsers.ParseImageName sees: none and no digest means `latest`. */
function imageTag(image: string): string {
  if (image.includes('@')) return '';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 ? 'latest' : image.slice(colon + 1);
}

export function setPodSpecDefaults(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (spec.securityContext === undefined) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const c of spec.containers ?? []) setContainerDefaults(c);
  for (const c of spec.initContainers ?? []) setContainerDefaults(c);
}

/** SetDefaults_Pod adds to the PodSpec defaults what only a Pod gets (not a template). */
export function setPodDefaults(pod: Pod): void {
  const spec = pod.spec ?? (pod.spec = { containers: [] });
  setPodSpecDefaults(spec);
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}

export function setDeploymentDefaults(d: Deployment): void {
  const spec = d.spec ?? (d.spec = {} as Deployment['spec']);
  if (spec.replicas === undefined) spec.replicas = 1;
  const strategy = spec.strategy ?? (spec.strategy = {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate ?? (strategy.rollingUpdate = {});
    if (ru.maxUnavailable === undefined) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined) ru.maxSurge = '25%';
  }
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined) spec.progressDeadlineSeconds = 600;
  if (spec.template?.spec) setPodSpecDefaults(spec.template.spec);
}

export function setReplicaSetDefaults(rs: ReplicaSet): void {
  const spec = rs.spec ?? (rs.spec = {} as ReplicaSet['spec']);
  if (spec.replicas === undefined) spec.replicas = 1;
  if (spec.template?.spec) setPodSpecDefaults(spec.template.spec);
}

export function setDaemonSetDefaults(ds: DaemonSet): void {
  const spec = ds.spec ?? (ds.spec = {} as DaemonSet['spec']);
  const strategy = spec.updateStrategy ?? (spec.updateStrategy = {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate ?? (strategy.rollingUpdate = {});
    if (ru.maxUnavailable === undefined) ru.maxUnavailable = 1;
    if (ru.maxSurge === undefined) ru.maxSurge = 0;
  }
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 10;
  if (spec.template?.spec) setPodSpecDefaults(spec.template.spec);
}
