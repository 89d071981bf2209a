/**
 * `kubectl get` output for one or more resource groups: tables (default, -o wide) or the
 * generic printers (-o yaml|json|name|jsonpath=|custom-columns=), which see all objects as one
 * List unless exactly one object was named (kubectl pkg/cmd/get/get.go Run and printGeneric).
 */
import { asServed } from './served.ts';
import type { KubeObject } from '../../../api/objects.ts';
import type { ResourceInfo } from '../../../api/resources.ts';
import type { ClusterReader } from '../../../cluster/types.ts';
import { CustomColumnsError, parseCustomColumns, printCustomColumns } from './custom-columns.ts';
import { marshalIndent, toJsonValue, type JsonValue } from './json.ts';
import { JsonPath, JsonPathExecError } from './jsonpath/evaluate.ts';
import { goSharpV } from './jsonpath/go-format.ts';
import { goQuote } from '../../../api/go-strings.ts';
import { JsonPathParseError, parseJsonPath } from './jsonpath/parser.ts';
import { groupKindName, printTable } from './table-printer.ts';
import { toYaml } from './yaml.ts';

export interface PrintOptions {
  output?: 'wide' | 'yaml' | 'json' | 'name' | `jsonpath=${string}` | `jsonpath-as-json=${string}` | `custom-columns=${string}`;
  showLabels?: boolean;
  /** -A: NAMESPACE column for namespaced kinds, and "No resources found" without a namespace. */
  allNamespaces?: boolean;
  noHeaders?: boolean;
  /** -L key,... */
  labelColumns?: string[];
  /** Forced `kind/name` names; also implied when the groups hold more than one kind. */
  showKind?: boolean;
  /** The namespace asked for (-n, or the context's), for `No resources found in <ns> namespace.`. */
  namespace?: string;
  /**
   * True when the user named exactly one object (`kubectl get svc web -o yaml`): the generic
   * printers then print that object itself rather than a `kind: List`.
   */
  singleItem?: boolean;
}

export interface PrintResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ResourceGroup {
  resource: ResourceInfo;
  objects: readonly KubeObject[];
  /**
   * The objects were asked for by name: each found one is its own result, and a name not found
   * yields none, where a list always yields one (an empty Table, still a kind of its own).
   */
  named?: boolean;
}

/** The apiserver's warning on every v1 Endpoints request from v1.33 on, printed by kubectl. */
export const ENDPOINTS_DEPRECATION_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

function warnings(groups: readonly ResourceGroup[]): string {
  return groups.some((g) => g.resource.kind === 'Endpoints') ? ENDPOINTS_DEPRECATION_WARNING : '';
}

/**
 * get.go multipleGVKsRequested over the builder's results: a list is one result even when
 * empty, a named object one when found, so `kubectl get pods,svc` prints `service/web` with no
 * pods, but `kubectl get pod/gone svc/web` prints plain `web`.
 */
function severalKinds(groups: readonly ResourceGroup[]): boolean {
  return new Set(groups.filter((g) => !g.named || g.objects.length > 0).map((g) => g.resource.kind)).size > 1;
}

function printTables(groups: readonly ResourceGroup[], opts: PrintOptions, cluster: ClusterReader): PrintResult {
  const withKind = opts.showKind || severalKinds(groups);
  const parts: string[] = [];
  let written = false;
  for (const g of groups) {
    const text = printTable(
      g.resource,
      g.objects,
      {
        wide: opts.output === 'wide',
        withNamespace: !!opts.allNamespaces && g.resource.namespaced,
        withKind,
        noHeaders: !!opts.noHeaders,
        showLabels: !!opts.showLabels,
        labelColumns: opts.labelColumns ?? [],
      },
      cluster.now(),
    );
    if (!text) continue;
    if (written && !opts.noHeaders) parts.push('\n');
    parts.push(text);
    written = true;
  }
  let stderr = warnings(groups);
  if (!written) {
    const allNamespaced = !opts.allNamespaces && groups.every((g) => g.resource.namespaced);
    stderr += allNamespaced ? `No resources found in ${opts.namespace ?? 'default'} namespace.\n` : 'No resources found\n';
  }
  return { stdout: parts.join(''), stderr, exitCode: 0 };
}

/** The object printGeneric hands to the printer: the named object, or a List of everything. */
function genericObject(groups: readonly ResourceGroup[], singleItem: boolean): { obj: JsonValue; items: JsonValue[] } {
  const items = groups.flatMap((g) => g.objects.map((o) => toJsonValue(asServed(o))));
  if (singleItem && items.length === 1) return { obj: items[0], items };
  return { obj: { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, items };
}

function error(stdout: string, message: string, groups: readonly ResourceGroup[]): PrintResult {
  const msg = message.endsWith('\n') ? message : message + '\n';
  return { stdout, stderr: warnings(groups) + 'error: ' + msg, exitCode: 1 };
}

/** `kubectl get` for one or more kinds at once (`kubectl get nodes,pods,svc -A -o wide`). */
export function printGet(groups: ResourceGroup[], opts: PrintOptions, cluster: ClusterReader): PrintResult {
  const output = opts.output;
  if (opts.showLabels && output !== undefined && output !== 'wide') {
    return { stdout: '', stderr: `error: --show-labels option cannot be used with ${output} printer\n`, exitCode: 1 };
  }
  if (output === undefined || output === 'wide') return printTables(groups, opts, cluster);

  const { obj, items } = genericObject(groups, !!opts.singleItem);
  const isList = !(opts.singleItem && items.length === 1);
  if (output === 'yaml') return { stdout: toYaml(obj), stderr: warnings(groups), exitCode: 0 };
  if (output === 'json') return { stdout: marshalIndent(obj), stderr: warnings(groups), exitCode: 0 };
  if (output === 'name') {
    const lines = groups.flatMap((g) => g.objects.map((o) => `${groupKindName(g.resource)}/${o.metadata.name}\n`));
    return { stdout: lines.join(''), stderr: warnings(groups), exitCode: 0 };
  }
  if (output.startsWith('jsonpath=') || output.startsWith('jsonpath-as-json=')) {
    const asJson = output.startsWith('jsonpath-as-json=');
    const template = output.slice(output.indexOf('=') + 1);
    if (template === '') return error('', 'template format specified but no template given', groups);
    let path: JsonPath;
    try {
      path = new JsonPath(parseJsonPath(template), true);
    } catch (e) {
      if (e instanceof JsonPathParseError) return error('', `error parsing jsonpath ${template}, ${e.message}`, groups);
      throw e;
    }
    try {
      return { stdout: asJson ? path.executeJson(obj) : path.execute(obj), stderr: warnings(groups), exitCode: 0 };
    } catch (e) {
      if (!(e instanceof JsonPathExecError)) throw e;
      // cli-runtime pkg/printers/jsonpath.go PrintObj: the whole object is dumped with %#v.
      const detail =
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${template}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n`;
      return error('', `error executing jsonpath ${goQuote(template)}: ${detail}\n`, groups);
    }
  }
  if (output.startsWith('custom-columns=')) {
    try {
      const columns = parseCustomColumns(output.slice('custom-columns='.length));
      const printed = printCustomColumns(columns, isList ? items : [obj], !!opts.noHeaders);
      if (printed.error !== undefined) return error(printed.text, printed.error, groups);
      return { stdout: printed.text, stderr: warnings(groups), exitCode: 0 };
    } catch (e) {
      if (e instanceof CustomColumnsError) return error('', e.message, groups);
      throw e;
    }
  }
  return error('', `unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`, groups);
}
