/**
 * kubectl get events: core/v1 Events as the API server lists and prints them
 * (pkg/printers/internalversion/printers.go printEvent; the list comes in etcd key order,
 * namespace then name, and an event's name is `<object>.<hex nanoseconds>` (client-go
 * record/event.go makeEvent), so each object's events sit together, oldest first).
 *  - An event of a cluster-scoped object (a Node) lives in `default`.
 *  - The scheduler reports through events.k8s.io: such an event has no first/last timestamps
 *    but an eventTime, which the LAST SEEN column falls back to and `--sort-by=.lastTimestamp`
 *    puts first, as on a real cluster.
 * Events expire an hour after their last write (kube-apiserver --event-ttl), as in describe.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { ClusterEvent } from '../../cluster/types.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { matchesSelector, parseSelector } from '../../api/labels.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { renderErrors, statusErr } from './errors.ts';
import { listSelectorError, matchesTerms, readFieldSelector } from './field-selector.ts';
import { humanDuration } from './print/duration.ts';
import { formatCells, TABLE_TABWRITER } from './print/tabwriter.ts';
import { SortByError, sortObjects } from './sort-by.ts';

/** The names kubectl resolves to core/v1 events. */
export const EVENT_RESOURCE_NAMES = new Set(['events', 'event', 'ev', 'events.v1.', 'event.v1.', 'ev.v1.']);

/** Fields the Event registry selects on (pkg/registry/core/event/strategy.go). */
const EVENT_FIELDS = [
  'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
  'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name',
];

interface EventView {
  namespace: string;
  name: string;
  event: ClusterEvent;
  /** The object as a jsonpath or field selector reads it. */
  object: Record<string, unknown>;
}

/** The scheduler's events come through events.k8s.io (kube-scheduler's EventBroadcasterAdapter). */
function viaEventsApi(e: ClusterEvent): boolean {
  return e.source === 'default-scheduler';
}

/**
 * reportingInstance of an events.k8s.io event: client-go's events recorder names it
 * `<controller>-<hostname>`, and kube-scheduler (hostNetwork) runs on a control-plane node.
 */
function schedulerInstance(ctx: ShellContext): string {
  const pod = ctx.cluster.list('Pod', 'kube-system').find((p) => p.metadata.labels?.component === 'kube-scheduler' && p.spec.nodeName);
  return pod ? `default-scheduler-${pod.spec.nodeName}` : '';
}

function views(all: readonly ClusterEvent[], schedulerHost: string): EventView[] {
  const seq = new Map<string, number>();
  return all.map((e) => {
    const namespace = e.involvedObject.namespace || 'default';
    const key = `${namespace}/${e.involvedObject.kind}/${e.involvedObject.name}`;
    const n = seq.get(key) ?? 0;
    seq.set(key, n + 1);
    const nanos = BigInt(Date.parse(e.firstTimestamp)) * 1_000_000n + BigInt(n);
    const name = `${e.involvedObject.name}.${nanos.toString(16)}`;
    const apiTime = e.firstTimestamp.replace(/Z$/, '.000000Z');
    const { kind, name: objectName, namespace: objectNs, uid, fieldPath } = e.involvedObject;
    const object = {
      metadata: { name, namespace, creationTimestamp: e.firstTimestamp },
      involvedObject: { kind, name: objectName, namespace: objectNs, uid, ...(fieldPath ? { fieldPath } : {}) },
      reason: e.reason,
      message: e.message,
      type: e.type,
      source: viaEventsApi(e) ? {} : { component: e.source, ...(e.host ? { host: e.host } : {}) },
      reportingComponent: viaEventsApi(e) ? e.source : '',
      reportingInstance: viaEventsApi(e) ? schedulerHost : '',
      firstTimestamp: viaEventsApi(e) ? null : e.firstTimestamp,
      lastTimestamp: viaEventsApi(e) ? null : e.lastTimestamp,
      eventTime: viaEventsApi(e) ? apiTime : null,
      count: viaEventsApi(e) ? undefined : e.count,
    };
    return { namespace, name, event: e, object };
  });
}

function selectable(v: EventView): Record<string, string> {
  const e = v.event;
  return {
    'involvedObject.kind': e.involvedObject.kind,
    'involvedObject.namespace': e.involvedObject.namespace ?? '',
    'involvedObject.name': e.involvedObject.name,
    'involvedObject.uid': e.involvedObject.uid ?? '',
    'involvedObject.fieldPath': e.involvedObject.fieldPath ?? '',
    reason: e.reason,
    reportingComponent: viaEventsApi(e) ? e.source : '',
    source: e.source,
    type: e.type,
    'metadata.namespace': v.namespace,
    'metadata.name': v.name,
  };
}

const COLUMNS = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
const WIDE_COLUMNS = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME'];

/** printers.go formatEventSource: component (or reportingController), then `, host` (or reportingInstance) when there is one. */
function eventSource(v: EventView): string {
  const o = v.object as { source: { component?: string; host?: string }; reportingComponent: string; reportingInstance: string };
  const component = o.source.component || o.reportingComponent;
  const instance = o.source.host || o.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

export function getEvents(p: ParsedFlags, ctx: ShellContext, namespace: string): CommandOutput {
  const output = flagValue(p, 'output');
  const wide = output === 'wide';
  if (output && !wide) return failure(`error: svcsim: kubectl get events prints its tables only (not -o ${output})`);
  if (p.args.length > 1) return failure('error: svcsim: kubectl get events by name is not simulated; list them (kubectl get events --field-selector involvedObject.name=NAME)');
  const all = flagBool(p, 'all-namespaces');
  let list = views(ctx.cluster.allEvents(), schedulerInstance(ctx)).filter((v) => all || v.namespace === namespace);
  // -l (get.ts has refused one the server would not parse): the recorders label no event, so a
  // selector that needs a label matches none.
  const labels = flagValue(p, 'selector');
  const selector = labels === undefined ? undefined : parseSelector(labels);
  if (selector?.ok && !matchesSelector(selector.selector, undefined)) list = [];
  const fields = flagValue(p, 'field-selector');
  if (fields !== undefined) {
    const terms = readFieldSelector(fields, (key) => (EVENT_FIELDS.includes(key) ? undefined : `field label not supported: ${key}`));
    if ('error' in terms) return failure(renderErrors([statusErr(listSelectorError('/v1, Resource=events', flagValue(p, 'selector') ?? '', fields, terms.error))]));
    list = list.filter((v) => matchesTerms(selectable(v), terms));
  }
  // etcd key order: namespace, then name.
  list.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sortBy = flagValue(p, 'sort-by');
  if (sortBy && list.length) {
    const objects = list.map((v) => v.object as unknown as KubeObject);
    try {
      sortObjects(objects, sortBy);
    } catch (e) {
      if (e instanceof SortByError) return failure(`error: ${e.message}`);
      throw e;
    }
    const byObject = new Map(list.map((v) => [v.object as unknown, v] as const));
    list = objects.map((o) => byObject.get(o)!);
  }
  if (!list.length) return { stdout: '', stderr: all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`, exitCode: 0 };
  const now = ctx.cluster.now();
  const rows = list.map((v) => {
    const e = v.event;
    const last = humanDuration(now - Date.parse(e.lastTimestamp));
    const target = `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`;
    const cells = wide
      ? [last, e.type, e.reason, target, e.involvedObject.fieldPath ?? '', eventSource(v), e.message.trim(), humanDuration(now - Date.parse(e.firstTimestamp)), String(e.count), v.name]
      : [last, e.type, e.reason, target, e.message.trim()];
    return all ? [v.namespace, ...cells] : cells;
  });
  const columns = wide ? WIDE_COLUMNS : COLUMNS;
  const header = all ? ['NAMESPACE', ...columns] : columns;
  return { stdout: formatCells(flagBool(p, 'no-headers') ? rows : [header, ...rows], TABLE_TABWRITER), stderr: '', exitCode: 0 };
}
