/**
 * `kubectl explain RESOURCE[.FIELD...] [--recursive] [--api-version=GROUP/VERSION] [-o plaintext]`
 * as kubectl v1.33 prints it from the OpenAPI v3 schema (kubernetes/kubectl pkg/cmd/explain/
 * explain.go, pkg/explain/explain.go, pkg/explain/v2/explain.go and templates/plaintext.tmpl).
 */
import { RESOURCES, resolveResource } from '../../../api/resources.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import { output } from './render.ts';
import { SCHEMAS } from './schemas.ts';

export interface ExplainOptions {
  recursive?: boolean;
  /** --api-version: replaces the group and version the resource resolved to. */
  apiVersion?: string;
  /** -o/--output; kubectl's default is plaintext. */
  output?: string;
}

export interface ExplainResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The root schema of each kind, found in the v1.33 spec by its x-kubernetes-group-version-kind. */
const ROOTS: Partial<Record<string, string>> = {
  ConfigMap: 'io.k8s.api.core.v1.ConfigMap',
  Endpoints: 'io.k8s.api.core.v1.Endpoints',
  Namespace: 'io.k8s.api.core.v1.Namespace',
  Node: 'io.k8s.api.core.v1.Node',
  Pod: 'io.k8s.api.core.v1.Pod',
  Service: 'io.k8s.api.core.v1.Service',
  DaemonSet: 'io.k8s.api.apps.v1.DaemonSet',
  Deployment: 'io.k8s.api.apps.v1.Deployment',
  ReplicaSet: 'io.k8s.api.apps.v1.ReplicaSet',
  EndpointSlice: 'io.k8s.api.discovery.v1.EndpointSlice',
};

/**
 * The group versions a v1.33 kubeadm cluster serves with their defaults (`/openapi/v3` paths),
 * so that --api-version names one the cluster has without the resource ("GVR ... not found")
 * apart from one it lacks ("couldn't find resource").
 */
const GROUP_VERSIONS = new Set([
  'v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1',
  'certificates.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1',
  'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1',
]);

const fail = (message: string): ExplainResult => ({ stdout: '', stderr: message + '\n', exitCode: 1 });

/** GroupVersionResource.String() in apimachinery: `apps/v1, Resource=deployments`. */
const gvrString = (group: string, version: string, resource: string) => `${group}/${version}, Resource=${resource}`;

/**
 * The resource and field path of `TYPE[.FIELD...]`: the first segment names the resource, unless
 * the text starts with its `resource.group` (SplitAndParseResourceRequestWithMatchingPrefix), as
 * in `deployments.apps.spec`; with --api-version only the first segment counts.
 */
function splitRequest(path: string, matchGroupPrefix: boolean): { resource?: ResourceInfo; first: string; fields: string[] } {
  const trimmed = path.endsWith('.') ? path.slice(0, -1) : path;
  const [first, ...fields] = trimmed.split('.');
  const resource = resolveResource(first);
  if (resource && matchGroupPrefix && resource.group) {
    const groupResource = `${resource.resource}.${resource.group}`;
    if (trimmed === groupResource || trimmed.startsWith(groupResource + '.')) {
      return { resource, first, fields: trimmed.slice(groupResource.length).split('.').filter((f, i) => i > 0 || f !== '') };
    }
  }
  return { resource, first, fields };
}

export function explain(path: string, opts: ExplainOptions = {}): ExplainResult {
  const { resource, first, fields } = splitRequest(path, !opts.apiVersion);
  if (!resource) return fail(`error: the server doesn't have a resource type "${first}"`);
  let group = resource.group;
  let version = resource.version;
  if (opts.apiVersion) {
    // schema.ParseGroupVersion: "v1" is a version alone, more than one slash an error.
    const parts = opts.apiVersion.split('/');
    if (parts.length > 2) return fail(`error: unexpected GroupVersion string: ${opts.apiVersion}`);
    [group, version] = parts.length === 2 ? parts : ['', parts[0]];
  }
  // plaintext-openapiv2 (the pre-1.27 layout from OpenAPI v2) is not reproduced: svcsim prints
  // the v3 plaintext for it. Any other name is no template of kubectl's (v2/generator.go Render).
  const format = opts.output ?? 'plaintext';
  if (format !== 'plaintext' && format !== 'plaintext-openapiv2') return fail(`error: unrecognized format: ${format}`);
  const groupVersion = group ? `${group}/${version}` : version;
  if (!GROUP_VERSIONS.has(groupVersion)) return fail(`error: couldn't find resource for "${gvrString(group, version, resource.resource)}"`);
  const served = RESOURCES.find((r) => r.resource === resource.resource && r.group === group && r.version === version);
  const root = served && ROOTS[served.kind];
  if (!served || !root) return fail(`error: GVR (${gvrString(group, version, resource.resource)}) not found in OpenAPI schema`);
  const body = output(SCHEMAS[root], fields, !!opts.recursive);
  if (!body) return fail(`error: field "${fields[fields.length - 1]}" does not exist`);
  let header = '';
  if (served.group) header += `GROUP:      ${served.group}\n`;
  header += `KIND:       ${served.kind}\nVERSION:    ${served.version}\n\n`;
  return { stdout: header + body + '\n', stderr: '', exitCode: 0 };
}
