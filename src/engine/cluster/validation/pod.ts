/**
 * Pod and pod-template rules a user writing YAML meets, after kubernetes
 * pkg/apis/core/validation/validation.go (ValidatePodSpec, validateContainers,
 * validateContainerCommon, validateContainerPorts, AccumulateUniqueHostPorts). Volumes, probes,
 * resources, security contexts and affinity are not checked.
 */
import type { Container, Pod, PodSpec, PodTemplateSpec } from '../../api/core.ts';
import type { FieldError } from '../../api/status.ts';
import { duplicate, notSupported, pushInvalid, required } from './field-error.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './formats.ts';
import { validateAnnotations, validateLabels, validateObjectMeta } from './meta.ts';
import { renderInt, renderString } from './render-value.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

export function validatePod(pod: Pod): FieldError[] {
  const out: FieldError[] = [];
  validateObjectMeta(pod.metadata, true, isDNS1123Subdomain, out);
  validatePodSpec(pod.spec, 'spec', out);
  return out;
}

/** ValidatePodTemplateSpec: labels and annotations under `<path>.labels`, then the spec. */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string, out: FieldError[]): void {
  validateLabels(t?.metadata?.labels, `${path}.labels`, out);
  validateAnnotations(t?.metadata?.annotations, `${path}.annotations`, out);
  validatePodSpec(t?.spec, `${path}.spec`, out);
}

export function validatePodSpec(specIn: PodSpec | undefined, path: string, out: FieldError[]): void {
  const spec = specIn ?? ({ containers: [] } as PodSpec);
  if (spec.terminationGracePeriodSeconds === undefined) out.push(required(`${path}.terminationGracePeriodSeconds`));
  const containers = spec.containers ?? [];
  // Duplicate names need a set only when there are two or more containers in all.
  const names = containers.length + (spec.initContainers?.length ?? 0) > 1 ? new Set<string>() : undefined;
  if (containers.length === 0) out.push(required(`${path}.containers`));
  else {
    for (let i = 0; i < containers.length; i++) {
      const p = `${path}.containers[${i}]`;
      validateContainer(containers[i], p, out);
      const name = containers[i].name ?? '';
      if (names?.has(name)) out.push(duplicate(`${p}.name`, renderString(name)));
      else names?.add(name);
    }
    validateHostPorts(containers, `${path}.containers`, out);
  }
  const inits = spec.initContainers ?? [];
  for (let i = 0; i < inits.length; i++) {
    const p = `${path}.initContainers[${i}]`;
    validateContainer(inits[i], p, out);
    const name = inits[i].name ?? '';
    if (names?.has(name)) out.push(duplicate(`${p}.name`, renderString(name)));
    else names?.add(name);
  }
  const restart = spec.restartPolicy as string | undefined;
  if (!restart) out.push(required(`${path}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(restart)) out.push(notSupported(`${path}.restartPolicy`, renderString(restart), RESTART_POLICIES));
  const dns = spec.dnsPolicy as string | undefined;
  if (!dns) out.push(required(`${path}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dns)) out.push(notSupported(`${path}.dnsPolicy`, renderString(dns), DNS_POLICIES));
  validateLabels(spec.nodeSelector, `${path}.nodeSelector`, out);
  if (spec.nodeName) pushInvalid(out, `${path}.nodeName`, renderString(spec.nodeName), isDNS1123Subdomain(spec.nodeName));
  if (spec.hostname) pushInvalid(out, `${path}.hostname`, renderString(spec.hostname), isDNS1123Label(spec.hostname));
  if (spec.subdomain) pushInvalid(out, `${path}.subdomain`, renderString(spec.subdomain), isDNS1123Label(spec.subdomain));
}

function validateContainer(c: Container, path: string, out: FieldError[]): void {
  const name = c.name ?? '';
  if (!name) out.push(required(`${path}.name`));
  else pushInvalid(out, `${path}.name`, renderString(name), isDNS1123Label(name));
  if (!c.image) out.push(required(`${path}.image`));
  const tmp = c.terminationMessagePolicy as string | undefined;
  if (!tmp) out.push(required(`${path}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    out.push(notSupported(`${path}.terminationMessagePolicy`, renderString(tmp), ['File', 'FallbackToLogsOnError']));
  }
  validateContainerPorts(c.ports ?? [], `${path}.ports`, out);
  const pull = c.imagePullPolicy as string | undefined;
  if (!pull) out.push(required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(pull)) out.push(notSupported(`${path}.imagePullPolicy`, renderString(pull), PULL_POLICIES));
}

function validateContainerPorts(ports: NonNullable<Container['ports']>, path: string, out: FieldError[]): void {
  const names = ports.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < ports.length; i++) {
    const p = `${path}[${i}]`;
    const port = ports[i];
    const name = port.name ?? '';
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) pushInvalid(out, `${p}.name`, renderString(name), msgs);
      else if (names?.has(name)) out.push(duplicate(`${p}.name`, renderString(name)));
      else names?.add(name);
    }
    const cp = port.containerPort ?? 0;
    if (cp === 0) out.push(required(`${p}.containerPort`));
    else pushInvalid(out, `${p}.containerPort`, renderInt(cp), isValidPortNum(cp));
    if (port.hostPort) pushInvalid(out, `${p}.hostPort`, renderInt(port.hostPort), isValidPortNum(port.hostPort));
    const protocol = port.protocol as string | undefined;
    if (!protocol) out.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(protocol)) out.push(notSupported(`${p}.protocol`, renderString(protocol), PROTOCOLS));
  }
}

/** AccumulateUniqueHostPorts: the key is `<protocol>/<hostIP>/<hostPort>`. */
function validateHostPorts(containers: readonly Container[], path: string, out: FieldError[]): void {
  const seen = new Set<string>();
  for (let ci = 0; ci < containers.length; ci++) {
    const ports = containers[ci].ports ?? [];
    for (let pi = 0; pi < ports.length; pi++) {
      const hp = ports[pi].hostPort;
      if (!hp) continue;
      const key = `${ports[pi].protocol ?? ''}/${ports[pi].hostIP ?? ''}/${hp}`;
      if (seen.has(key)) out.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, renderString(key)));
      else seen.add(key);
    }
  }
}
