/**
 * Endpoints as kube-proxy sees them, from EndpointSlices (kubernetes pkg/proxy/endpointslicecache.go,
 * endpoint.go): grouped by the `kubernetes.io/service-name` label, matched to a service port by
 * port name and protocol, one endpoint per slice entry (its first address), deduplicated by
 * `ip:port` preferring the non-terminating copy, sorted by the `ip:port` string.
 */
import type { EndpointSlice } from '../api/discovery.ts';
import type { Protocol } from '../api/core.ts';
import { formatIPv4, parseIPv4 } from '../net/ipv4.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** `ip:port` (net.JoinHostPort): what kube-proxy sorts by, hashes and prints. */
  readonly endpoint: string;
  /** The slice's nodeName; it may name a node that is not in the cluster (then it is local nowhere). */
  readonly nodeName?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly zoneHints?: readonly string[];
  /** `namespace/name` of the Pod behind it, when the slice says so (targetRef). */
  readonly pod?: string;
}

/** True for a dotted quad as net.IP.String() prints it (no leading zeros): kept as is, no re-formatting. */
function isCanonicalIPv4(text: string): boolean {
  let dots = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return false;
      dots++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

/** Key of a service port within its Service: `portName/PROTOCOL`. */
export function portKey(portName: string, protocol: Protocol): string {
  return `${portName}/${protocol}`;
}

/** The `ns/name` of the Service a slice belongs to, or undefined when it has no service-name label. */
export function sliceServiceKey(slice: EndpointSlice): string | undefined {
  const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  if (!svc) return undefined;
  return `${slice.metadata.namespace ?? 'default'}/${svc}`;
}

/**
 * All endpoints of one Service's slices, by portKey, each list sorted by `ip:port`.
 * Only IPv4 slices count (the proxier is single-family); FQDN slices are ignored.
 */
export function endpointsFromSlices(slices: readonly EndpointSlice[]): Map<string, readonly EndpointInfo[]> {
  // Each port's endpoints in slice order; duplicates are resolved after sorting (no Map keyed by
  // `ip:port` per endpoint: 100,000 of them cost a hash each on every catch-up).
  const lists = new Map<string, EndpointInfo[]>();
  // Slice order only matters for duplicates; fix it by name so the result is deterministic.
  const ordered = slices.length > 1 ? [...slices].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0)) : slices;
  for (const slice of ordered) {
    if (slice.addressType !== 'IPv4') continue;
    for (const port of slice.ports ?? []) {
      // The API defaults a port's name to "" and protocol to TCP; a missing or zero port is ignored.
      if (port.port === undefined || port.port === 0) continue;
      const key = portKey(port.name ?? '', port.protocol ?? 'TCP');
      let list = lists.get(key);
      if (!list) lists.set(key, (list = []));
      for (const ep of slice.endpoints ?? []) {
        if (!ep.addresses || ep.addresses.length === 0) continue;
        const address = ep.addresses[0];
        let ip = address;
        if (!isCanonicalIPv4(address)) {
          const n = parseIPv4(address);
          if (n === undefined) continue;
          ip = formatIPv4(n);
        }
        const c = ep.conditions ?? {};
        const ref = ep.targetRef;
        list.push({
          ip,
          port: port.port,
          endpoint: `${ip}:${port.port}`,
          nodeName: ep.nodeName,
          ready: c.ready === undefined || c.ready,
          serving: c.serving === undefined || c.serving,
          terminating: c.terminating === true,
          zoneHints: ep.hints?.forZones && ep.hints.forZones.length > 0 ? ep.hints.forZones.map((z) => z.name) : undefined,
          pod: ref && (ref.kind === undefined || ref.kind === 'Pod') && ref.name ? `${ref.namespace ?? slice.metadata.namespace ?? 'default'}/${ref.name}` : undefined,
        });
      }
    }
  }
  const out = new Map<string, readonly EndpointInfo[]>();
  for (const [key, list] of lists) {
    if (list.length === 0) continue;
    // byEndpoint: plain string order, so 10.244.1.10:80 sorts before 10.244.1.9:80. The sort is
    // stable: copies of one `ip:port` stay in slice order.
    list.sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
    out.set(key, dedupe(list));
  }
  return out;
}

/**
 * One endpoint per `ip:port`, as the endpoint slice cache's map keeps it: a later copy replaces
 * an earlier one unless it is terminating (so the last non-terminating copy wins, or the first
 * when all are terminating). `sorted` has equal keys next to each other, in slice order.
 */
function dedupe(sorted: EndpointInfo[]): EndpointInfo[] {
  let i = 1;
  while (i < sorted.length && sorted[i].endpoint !== sorted[i - 1].endpoint) i++;
  if (i === sorted.length) return sorted;
  const out: EndpointInfo[] = sorted.slice(0, i - 1);
  for (let start = i - 1; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end].endpoint === sorted[start].endpoint) end++;
    let kept = sorted[start];
    for (let k = start + 1; k < end; k++) if (!sorted[k].terminating) kept = sorted[k];
    out.push(kept);
    start = end;
  }
  return out;
}
