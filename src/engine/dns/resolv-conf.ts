/**
 * The pod's /etc/resolv.conf and /etc/hosts as the kubelet makes them.
 * kubernetes pkg/kubelet/network/dns/dns.go (GetPodDNS, generateSearchesForDNSClusterFirst,
 * appendDNSConfig, mergeDNSOptions, formDNSConfigFitsLimits); the file text is containerd's
 * (search, nameserver, options lines in that order); /etc/hosts is pkg/kubelet/kubelet_pods.go
 * managedHostsFileContent.
 */
import type { Pod } from '../api/core.ts';
import { formatIPv4, parseCidr } from '../net/ipv4.ts';

export interface DnsConfig {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** A kubelet event about the pod (`Warning DNSConfigForming ...`). */
export interface DnsConfigEvent {
  type: 'Warning';
  reason: 'DNSConfigForming';
  message: string;
}

/**
 * The node's resolver configuration (kubelet --resolv-conf). svcsim's nodes search the domains
 * seed 001's pods show after the cluster ones (`localdomain org.cn`); the upstream address is
 * svcsim's own choice.
 */
export const DEFAULT_NODE_RESOLV_CONF: DnsConfig = { nameservers: ['172.200.1.254'], searches: ['localdomain', 'org.cn'], options: [] };

/** validation.MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars (pkg/apis/core/validation). */
export const MAX_NAMESERVERS = 3;
export const MAX_SEARCH_PATHS = 32;
export const MAX_SEARCH_CHARS = 2048;

/** kubelet clusterDNS as kubeadm sets it: the tenth address of the Service CIDR (10.96.0.10). */
export function clusterDnsIP(serviceSubnet: string): string {
  const cidr = parseCidr(serviceSubnet) ?? parseCidr('10.96.0.0/12')!;
  return formatIPv4(cidr.base + 10);
}

export interface PodDnsInputs {
  /** kubelet clusterDNS (kubeadm: [10.96.0.10]). */
  clusterDNS: string[];
  /** kubelet clusterDomain. */
  clusterDomain: string;
  /** The node's resolv.conf. */
  host: DnsConfig;
}

/** GetPodDNS: the DNS configuration the runtime writes for the pod, and the kubelet's warnings. */
export function podDnsConfig(pod: Pod, inputs: PodDnsInputs): { config: DnsConfig; events: DnsConfigEvent[] } {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = pod.spec.hostNetwork === true;
  let config: DnsConfig = { nameservers: [...inputs.host.nameservers], searches: [...inputs.host.searches], options: [...inputs.host.options] };
  if (policy === 'None') config = { nameservers: [], searches: [], options: [] };
  else if ((policy === 'ClusterFirst' && !hostNetwork) || policy === 'ClusterFirstWithHostNet') {
    if (inputs.clusterDNS.length) {
      config = { nameservers: [...inputs.clusterDNS], searches: clusterSearches(config.searches, pod, inputs.clusterDomain), options: ['ndots:5'] };
    }
  }
  // ClusterFirst with hostNetwork, and Default: the node's file as it is.
  const dc = pod.spec.dnsConfig;
  if (dc) {
    config = {
      nameservers: omitDuplicates([...config.nameservers, ...(dc.nameservers ?? [])]),
      searches: omitDuplicates([...config.searches, ...(dc.searches ?? [])]),
      options: mergeOptions(config.options, dc.options ?? []),
    };
  }
  return fitLimits(config);
}

function clusterSearches(hostSearch: string[], pod: Pod, domain: string): string[] {
  if (!domain) return hostSearch;
  return omitDuplicates([`${pod.metadata.namespace ?? 'default'}.svc.${domain}`, `svc.${domain}`, domain, ...hostSearch]);
}

function omitDuplicates(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * mergeDNSOptions: pod options override same-named ones. The kubelet goes through a Go map, so
 * the real order is random; svcsim keeps first-seen order.
 */
function mergeOptions(existing: string[], extra: { name: string; value?: string }[]): string[] {
  const m = new Map<string, string>();
  for (const op of existing) {
    const i = op.indexOf(':');
    if (i === -1) m.set(op, '');
    else m.set(op.slice(0, i), op.slice(i + 1));
  }
  for (const op of extra) m.set(op.name, op.value ?? '');
  return [...m].map(([k, v]) => (v !== '' ? `${k}:${v}` : k));
}

/** formDNSConfigFitsLimits / formDNSSearchFitsLimits, with the kubelet's event texts. */
function fitLimits(config: DnsConfig): { config: DnsConfig; events: DnsConfigEvent[] } {
  const events: DnsConfigEvent[] = [];
  let nameservers = config.nameservers;
  if (nameservers.length > MAX_NAMESERVERS) {
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
    events.push({ type: 'Warning', reason: 'DNSConfigForming', message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.join(' ')}` });
  }
  let searches = config.searches;
  let exceeded = false;
  if (searches.length > MAX_SEARCH_PATHS) {
    searches = searches.slice(0, MAX_SEARCH_PATHS);
    exceeded = true;
  }
  const kept = searches.filter((s) => s.length <= 253);
  if (kept.length !== searches.length) exceeded = true;
  searches = kept;
  const lineLen = searches.join(' ').length;
  if (lineLen > MAX_SEARCH_CHARS) {
    let cut = 0;
    let cutLen = 0;
    for (let i = searches.length - 1; i >= 0; i--) {
      cutLen += searches[i].length + 1;
      cut++;
      if (lineLen - cutLen <= MAX_SEARCH_CHARS) break;
    }
    searches = searches.slice(0, searches.length - cut);
    exceeded = true;
  }
  if (exceeded) {
    events.push({ type: 'Warning', reason: 'DNSConfigForming', message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.join(' ')}` });
  }
  return { config: { nameservers, searches, options: config.options }, events };
}

/** The file containerd writes: `search`, then one `nameserver` line each, then `options`. */
export function formatResolvConf(config: DnsConfig): string {
  let out = '';
  if (config.searches.length) out += `search ${config.searches.join(' ')}\n`;
  for (const ns of config.nameservers) out += `nameserver ${ns}\n`;
  if (config.options.length) out += `options ${config.options.join(' ')}\n`;
  return out;
}

/** The resolver's reading of the options: ndots (default 1), timeout (5), attempts (2). */
export function resolverOptions(config: DnsConfig): { ndots: number; timeout: number; attempts: number } {
  const get = (name: string, dflt: number, max: number) => {
    const op = [...config.options].reverse().find((o) => o.startsWith(`${name}:`));
    const n = op ? Number.parseInt(op.slice(name.length + 1), 10) : NaN;
    return Number.isFinite(n) && n >= 0 ? Math.min(n, max) : dflt;
  };
  return { ndots: get('ndots', 1, 15), timeout: get('timeout', 5, 30), attempts: get('attempts', 2, 5) };
}

/** One /etc/hosts entry: an address and its names, first the canonical one. */
export interface HostsEntry {
  ip: string;
  names: string[];
}

/** managedHostsFileContent: the kubelet's /etc/hosts for a pod (not for hostNetwork pods). */
export function etcHosts(pod: Pod, clusterDomain: string): HostsEntry[] {
  const hostname = (pod.spec.hostname ?? pod.metadata.name).slice(0, 63);
  const entries: HostsEntry[] = [
    { ip: '127.0.0.1', names: ['localhost'] },
    { ip: '::1', names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
    { ip: 'fe00::0', names: ['ip6-localnet'] },
    { ip: 'fe00::0', names: ['ip6-mcastprefix'] },
    { ip: 'fe00::1', names: ['ip6-allnodes'] },
    { ip: 'fe00::2', names: ['ip6-allrouters'] },
  ];
  const ips = pod.status?.podIPs?.map((p) => p.ip) ?? (pod.status?.podIP ? [pod.status.podIP] : []);
  const sub = pod.spec.subdomain;
  for (const ip of ips) {
    entries.push(sub ? { ip, names: [`${hostname}.${sub}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}`, hostname] } : { ip, names: [hostname] });
  }
  const aliases = (pod.spec.hostAliases ?? []) as { ip?: string; hostnames?: string[] }[];
  for (const a of aliases) if (a.ip && a.hostnames?.length) entries.push({ ip: a.ip, names: a.hostnames });
  return entries;
}

export function formatEtcHosts(entries: HostsEntry[], hostAliasCount = 0): string {
  const base = entries.slice(0, entries.length - hostAliasCount);
  let out = '# Kubernetes-managed hosts file.\n';
  for (const e of base) out += `${e.ip}\t${e.names.join(e.names.length > 1 && e.ip.includes(':') ? ' ' : '\t')}\n`;
  if (hostAliasCount) {
    out += '\n# Entries added by HostAliases.\n';
    for (const e of entries.slice(entries.length - hostAliasCount)) out += `${e.ip}\t${e.names.join('\t')}\n`;
  }
  return out;
}
