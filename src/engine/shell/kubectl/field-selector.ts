/**
 * --field-selector as the API server reads it: `key=value`, `key==value`, `key!=value`, joined
 * with commas (apimachinery pkg/fields/selector.go), each key one the kind's field label
 * conversion accepts (kubernetes pkg/apis/core/v1/conversion.go; other kinds
 * runtime.DefaultMetaV1FieldSelectorConversion), matched against the object's selectable fields
 * (pkg/registry/core/{pod,service,node,namespace}/strategy.go ToSelectableFields).
 */
import type { KubeObject } from '../../api/objects.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { badRequestError, type StatusError } from '../../api/status.ts';

export interface FieldTerm {
  key: string;
  value: string;
  equal: boolean;
}

/** fields.ParseSelector: the terms, or the parse error's text. */
export function parseFieldSelector(s: string): FieldTerm[] | { error: string } {
  const terms: FieldTerm[] = [];
  for (const part of s.split(',')) {
    if (part === '') continue;
    const ne = part.indexOf('!=');
    const eq2 = part.indexOf('==');
    const eq = part.indexOf('=');
    if (ne >= 0) terms.push({ key: part.slice(0, ne), value: part.slice(ne + 2), equal: false });
    else if (eq2 >= 0) terms.push({ key: part.slice(0, eq2), value: part.slice(eq2 + 2), equal: true });
    else if (eq >= 0) terms.push({ key: part.slice(0, eq), value: part.slice(eq + 1), equal: true });
    else return { error: `invalid selector: '${s}'; can't understand '${part}'` };
  }
  return terms;
}

/** The labels each kind's conversion accepts; undefined: the default (metadata.name, metadata.namespace). */
const KIND_FIELDS: Partial<Record<KubeObject['kind'], readonly string[]>> = {
  Pod: [
    'metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
    'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host',
  ],
  Node: ['metadata.name', 'spec.unschedulable'],
  Namespace: ['status.phase', 'metadata.name'],
  Service: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'],
};

/** Why the server refuses a key for this kind, in the conversion function's words; undefined when it accepts it. */
export function unsupportedField(kind: KubeObject['kind'], key: string): string | undefined {
  const known = KIND_FIELDS[kind];
  if (known) return known.includes(key) ? undefined : `field label not supported: ${key}`;
  return key === 'metadata.name' || key === 'metadata.namespace' ? undefined : `"${key}" is not a known field selector: only "metadata.name", "metadata.namespace"`;
}

/** The object's selectable fields (a missing one reads as ""). */
function fieldsOf(o: KubeObject): Record<string, string> {
  const f: Record<string, string> = { 'metadata.name': o.metadata.name };
  if (o.metadata.namespace !== undefined) f['metadata.namespace'] = o.metadata.namespace;
  switch (o.kind) {
    case 'Pod':
      f['spec.nodeName'] = o.spec.nodeName ?? '';
      f['spec.host'] = f['spec.nodeName'];
      f['spec.restartPolicy'] = String(o.spec.restartPolicy ?? '');
      f['spec.schedulerName'] = String(o.spec.schedulerName ?? '');
      f['spec.serviceAccountName'] = String(o.spec.serviceAccountName ?? '');
      f['spec.hostNetwork'] = String(o.spec.hostNetwork === true);
      f['status.phase'] = o.status?.phase ?? '';
      f['status.podIP'] = o.status?.podIPs?.[0]?.ip ?? o.status?.podIP ?? '';
      f['status.nominatedNodeName'] = '';
      break;
    case 'Service':
      f['spec.clusterIP'] = o.spec.clusterIP ?? '';
      f['spec.type'] = o.spec.type ?? '';
      break;
    case 'Node':
      f['spec.unschedulable'] = String(o.spec.unschedulable === true);
      break;
    case 'Namespace':
      f['status.phase'] = o.status?.phase ?? '';
      break;
    default:
      break;
  }
  return f;
}

/** The selector's terms, each key checked by `unsupported`; or the server's reason to refuse it. */
export function readFieldSelector(text: string, unsupported: (key: string) => string | undefined): FieldTerm[] | { error: string } {
  const terms = parseFieldSelector(text);
  if ('error' in terms) return terms;
  for (const t of terms) {
    const why = unsupported(t.key);
    if (why) return { error: why };
  }
  return terms;
}

/** Every term holds for these selectable fields (a missing field reads as ""). */
export function matchesTerms(fields: Readonly<Record<string, string>>, terms: readonly FieldTerm[]): boolean {
  return terms.every((t) => ((fields[t.key] ?? '') === t.value) === t.equal);
}

export function matchesFields(o: KubeObject, terms: readonly FieldTerm[]): boolean {
  return matchesTerms(fieldsOf(o), terms);
}

/** The list's BadRequest as kubectl words it with both selectors (cli-runtime EnhanceListError). */
export function listSelectorError(gvr: string, labelSelector: string, fieldSelector: string, reason: string): StatusError {
  return badRequestError(`Unable to find "${gvr}" that match label selector "${labelSelector}", field selector "${fieldSelector}": ${reason}`);
}

/** GroupVersionResource.String(), as the list error names the resource: `/v1, Resource=pods`. */
export function gvrString(r: ResourceInfo): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}
