/**
 * A container's Environment Variables from and Environment sections (kubectl v1.33
 * pkg/describe/describe.go describeContainerEnvFrom, describeContainerEnvVars,
 * EnvValueRetriever; pkg/util/resource/resource.go ExtractContainerResourceValue).
 */
import type { Container, EnvVar, Pod } from '../../../../api/core.ts';
import type { PrefixWriter } from './prefix-writer.ts';
import { quantityMilliValue, quantityValue } from '../../../../api/quantity.ts';

type Ref = { name?: string; key?: string; optional?: boolean };
type ValueFrom = {
  fieldRef?: { apiVersion?: string; fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
  secretKeyRef?: Ref;
  configMapKeyRef?: Ref;
};
type EnvFromSource = { prefix?: string; configMapRef?: Ref; secretRef?: Ref };
type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };

/**
 * EnvValueRetriever: kubectl converts the field path with its own scheme, which registers no
 * Pod field-label conversions, so only metadata.name and metadata.namespace survive
 * (apimachinery runtime.DefaultMetaV1FieldSelectorConversion); every other path resolves to ''.
 * Templates (pod === undefined) resolve nothing.
 */
function resolveFieldRef(pod: Pod | undefined, fieldPath: string): string {
  if (!pod) return '';
  if (fieldPath === 'metadata.name') return pod.metadata.name;
  if (fieldPath === 'metadata.namespace') return pod.metadata.namespace ?? '';
  return '';
}

/** ExtractContainerResourceValue for the resources a downward-API env var may name. */
function resourceValue(ref: NonNullable<ValueFrom['resourceFieldRef']>, container: Container): string {
  const res = (container.resources as Resources | undefined) ?? {};
  const divisor = ref.divisor === undefined || quantityMilliValue(ref.divisor) === 0 ? 1 : ref.divisor;
  const dot = ref.resource.indexOf('.');
  const kind = ref.resource.slice(0, dot);
  const name = ref.resource.slice(dot + 1);
  if (dot < 0 || (kind !== 'limits' && kind !== 'requests')) return '';
  if (!(name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'))) return '';
  // A missing limit or request is a zero quantity.
  const list = (kind === 'limits' ? res.limits : res.requests) ?? {};
  if (name === 'cpu') return String(Math.ceil(quantityMilliValue(list.cpu) / quantityMilliValue(divisor)));
  return String(Math.ceil(quantityValue(list[name]) / quantityValue(divisor)));
}

export function describeEnvFrom(w: PrefixWriter, container: Container): void {
  const envFrom = (container.envFrom as EnvFromSource[] | undefined) ?? [];
  if (envFrom.length === 0) return;
  w.write(2, 'Environment Variables from:\n');
  for (const e of envFrom) {
    const [from, ref] = e.configMapRef ? ['ConfigMap', e.configMapRef] : e.secretRef ? ['Secret', e.secretRef] : ['', undefined];
    const optional = !!ref?.optional;
    if (!e.prefix) w.write(3, `${ref?.name ?? ''}\t${from}\tOptional: ${optional}\n`);
    else w.write(3, `${ref?.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

export function describeEnv(w: PrefixWriter, container: Container, pod: Pod | undefined): void {
  const env: EnvVar[] = container.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const from = e.valueFrom as ValueFrom;
    if (from.fieldRef) {
      w.write(3, `${e.name}:\t${resolveFieldRef(pod, from.fieldRef.fieldPath)} (${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let value = resourceValue(from.resourceFieldRef, container);
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
      w.write(3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const r = from.secretKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${r.key ?? ''}' in secret '${r.name ?? ''}'>\tOptional: ${!!r.optional}\n`);
    } else if (from.configMapKeyRef) {
      const r = from.configMapKeyRef;
      w.write(3, `${e.name}:\t<set to the key '${r.key ?? ''}' of config map '${r.name ?? ''}'>\tOptional: ${!!r.optional}\n`);
    }
  }
}
