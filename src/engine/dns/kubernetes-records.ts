/**
 * The lookups of CoreDNS's `kubernetes` plugin (coredns plugin/kubernetes/kubernetes.go
 * Records/findServices/findPods, parse.go parseRequest, reverse.go, v1.12): from a question
 * name to the Services, endpoints and pod addresses it names, or the error that makes NXDOMAIN.
 */
import type { Service } from '../api/core.ts';
import type { EndpointSlice } from '../api/discovery.ts';
import type { ClusterReader } from '../cluster/types.ts';
import { isIPLiteral, labels } from './names.ts';

/** One record source, CoreDNS's msg.Service: an address (or a host name for ExternalName). */
export interface Backend {
  /** IP address, or a host name (ExternalName: becomes a CNAME). */
  host: string;
  /** Service or endpoint port; -1 when an EndpointSlice has no ports (CoreDNS's sentinel). */
  port: number;
  /** The record's own domain, without the trailing dot (SRV target, additional A owner). */
  domain: string;
}

/** NXDOMAIN (errNoItems, errNsNotExposed, errInvalidRequest in CoreDNS). */
export const NAME_ERROR = 'name-error';
export type LookupResult = Backend[] | typeof NAME_ERROR;

export interface RecordRequest {
  port: string;
  protocol: string;
  endpoint: string;
  service: string;
  namespace: string;
  podOrSvc: '' | 'pod' | 'svc';
}

/** How the CoreDNS in this cluster behaves where its versions differ. */
export interface KubernetesPluginOptions {
  /** Corefile `ttl` (kubeadm: 30). */
  ttl: number;
  /** `pods insecure` (kubeadm) / `verified` / `disabled` (the plugin default). */
  pods: 'insecure' | 'verified' | 'disabled';
  /**
   * PTR for endpoint IPs: CoreDNS v1.12.0 (kubeadm v1.33) answers only for endpoints with a
   * `hostname` (coredns#6898); every other version answers with the dashed-IP name as well
   * (reverted in v1.12.1, coredns#7194).
   */
  endpointPtr: 'hostname-only' | 'all';
}

export const KUBEADM_V133_PLUGIN: KubernetesPluginOptions = { ttl: 30, pods: 'insecure', endpointPtr: 'hostname-only' };

/** Plugin behaviour for a CoreDNS image such as `registry.k8s.io/coredns/coredns:v1.12.0`. */
export function pluginOptionsForImage(image: string | undefined): KubernetesPluginOptions {
  const m = /:v?(\d+)\.(\d+)\.(\d+)/.exec(image ?? '');
  const hostnameOnly = !!m && m[1] === '1' && m[2] === '12' && m[3] === '0';
  return { ...KUBEADM_V133_PLUGIN, endpointPtr: hostnameOnly || !m ? 'hostname-only' : 'all' };
}

/** parse.go parseRequest: labels of the name below the zone, read from the right. */
export function parseRequest(name: string, zone: string): RecordRequest | 'invalid' {
  const r: RecordRequest = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  const all = labels(name);
  const base = all.slice(0, all.length - labels(zone).length);
  const lower = base.map((l) => l.toLowerCase());
  if (base.length === 0 || (base.length === 1 && (lower[0] === 'svc' || lower[0] === 'pod'))) return r; // apex: NODATA
  let last = base.length - 1;
  const kind = lower[last];
  if (kind !== 'svc' && kind !== 'pod') return 'invalid';
  r.podOrSvc = kind;
  if (--last < 0) return r;
  r.namespace = base[last];
  if (--last < 0) return r;
  r.service = base[last];
  if (--last < 0) return r;
  if (last === 0) r.endpoint = base[0];
  else if (last === 1) {
    r.protocol = stripUnderscore(base[1]);
    r.port = stripUnderscore(base[0]);
  } else return 'invalid'; // too long to be anything: NXDOMAIN
  return r;
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

const match = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const matchPortAndProtocol = (aPort: string, bPort: string, aProto: string, bProto: string) =>
  (aPort === '' || match(aPort, bPort)) && (aProto === '' || match(aProto, bProto));

export function namespaceExists(cluster: ClusterReader, ns: string): boolean {
  return cluster.list('Namespace').some((n) => match(n.metadata.name, ns));
}

function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === 'None';
}

function clusterIPs(svc: Service): string[] {
  const ips = svc.spec.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec.clusterIP ? [svc.spec.clusterIP] : [];
  return ips.filter((ip) => ip !== '' && ip !== 'None');
}

/** An endpoint address as CoreDNS keeps it (object/endpoint.go: ready endpoints only, nil ready = ready). */
export interface EndpointAddress {
  ip: string;
  hostname: string;
}

export interface EndpointSet {
  addresses: EndpointAddress[];
  ports: { port: number; name: string; protocol: string }[];
}

/** EndpointSliceToEndpoints for every slice of a Service, in name order. */
export function endpointSets(cluster: ClusterReader, namespace: string, service: string): EndpointSet[] {
  return cluster
    .list('EndpointSlice', namespace)
    .filter((s) => s.addressType !== 'FQDN' && match(s.metadata.labels?.['kubernetes.io/service-name'] ?? '', service))
    .map(sliceToSet);
}

function sliceToSet(s: EndpointSlice): EndpointSet {
  const ports = s.ports?.length ? s.ports.map((p) => ({ port: p.port ?? -1, name: p.name ?? '', protocol: p.protocol ?? '' })) : [{ port: -1, name: '', protocol: '' }];
  const addresses: EndpointAddress[] = [];
  for (const e of s.endpoints) {
    if (e.conditions?.ready === false) continue;
    for (const ip of e.addresses) addresses.push({ ip, hostname: e.hostname ?? '' });
  }
  return { addresses, ports };
}

/** endpointHostname: the endpoint's hostname, else its IP with dots (or colons) turned to dashes. */
export function endpointHostname(addr: EndpointAddress): string {
  if (addr.hostname) return addr.hostname;
  if (addr.ip.includes('.')) return addr.ip.replaceAll('.', '-');
  if (addr.ip.includes(':')) return addr.ip.replaceAll(':', '-');
  return '';
}

/** kubernetes.go Records for a forward (non-reverse) name in the cluster zone. */
export function records(cluster: ClusterReader, opts: KubernetesPluginOptions, name: string, zone: string): LookupResult {
  const r = parseRequest(name, zone);
  if (r === 'invalid') return NAME_ERROR;
  if (r.podOrSvc === '') return [];
  if (!namespaceExists(cluster, r.namespace)) return NAME_ERROR;
  return r.podOrSvc === 'pod' ? findPods(cluster, opts, r) : findServices(cluster, r, zone);
}

function findPods(cluster: ClusterReader, opts: KubernetesPluginOptions, r: RecordRequest): LookupResult {
  if (opts.pods === 'disabled') return NAME_ERROR;
  const podname = r.service;
  if (podname === '') return []; // NODATA
  const ip = (podname.split('-').length - 1 === 3 && !podname.includes('--')) ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
  if (!isIPLiteral(ip) || (ip.includes('.') && !/^\d+\.\d+\.\d+\.\d+$/.test(ip))) return NAME_ERROR;
  const domain = `${podname}.${r.namespace}.pod`;
  if (opts.pods === 'insecure') return [{ host: ip, port: 0, domain }];
  const found = cluster.list('Pod').filter((p) => p.status?.podIP === ip && match(p.metadata.namespace ?? '', r.namespace));
  return found.length ? found.map(() => ({ host: ip, port: 0, domain })) : NAME_ERROR;
}

function findServices(cluster: ClusterReader, r: RecordRequest, zone: string): LookupResult {
  if (r.service === '') return []; // `ns.svc.zone`: NODATA for an existing namespace
  const out: Backend[] = [];
  let found = false;
  const services = cluster.list('Service').filter((s) => match(s.metadata.namespace ?? '', r.namespace) && match(s.metadata.name, r.service));
  for (const svc of services) {
    const base = `${svc.metadata.name}.${svc.metadata.namespace}.svc`;
    if (svc.spec.type === 'ExternalName') {
      if (r.endpoint || r.port || r.protocol) continue;
      const host = svc.spec.externalName ?? '';
      // An IP literal is not a host name: no CNAME, so the name does not exist (HostType).
      if (host !== '' && !isIPLiteral(host)) {
        out.push({ host, port: 0, domain: base });
        found = true;
      }
      continue;
    }
    if (isHeadless(svc) || r.endpoint) {
      for (const set of endpointSets(cluster, svc.metadata.namespace ?? '', svc.metadata.name)) {
        for (const addr of set.addresses) {
          if (r.endpoint && !match(r.endpoint, endpointHostname(addr))) continue;
          for (const p of set.ports) {
            if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
            out.push({ host: addr.ip, port: p.port, domain: `${endpointHostname(addr)}.${base}` });
            found = true;
          }
        }
      }
      continue;
    }
    for (const p of svc.spec.ports ?? []) {
      if (!matchPortAndProtocol(r.port, p.name ?? '', r.protocol, p.protocol ?? 'TCP')) continue;
      found = true;
      for (const ip of clusterIPs(svc)) out.push({ host: ip, port: p.port, domain: base });
    }
  }
  void zone;
  return found ? out : NAME_ERROR;
}

/** reverse.go serviceRecordForIP: the first Service with that ClusterIP or external IP, else the endpoints with it. */
export function reverseRecords(cluster: ClusterReader, opts: KubernetesPluginOptions, ip: string): string[] {
  for (const svc of cluster.list('Service')) {
    if (clusterIPs(svc).includes(ip) || (svc.spec.externalIPs ?? []).includes(ip)) return [`${svc.metadata.name}.${svc.metadata.namespace}.svc`];
  }
  const out: string[] = [];
  for (const slice of cluster.list('EndpointSlice')) {
    const service = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!service || slice.addressType === 'FQDN') continue;
    for (const addr of sliceToSet(slice).addresses) {
      if (addr.ip !== ip) continue;
      if (opts.endpointPtr === 'hostname-only' && !addr.hostname) continue;
      out.push(`${endpointHostname(addr)}.${service}.${slice.metadata.namespace}.svc`);
    }
  }
  return [...new Set(out)];
}
