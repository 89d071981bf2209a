/**
 * What the lab's CoreDNS pods answer: svcsim's CoreDNS (dns/coredns.ts `answer`) asked in
 * advance, for every name a learner is likely to ask (each Service, its named ports' SRV names,
 * each pod's A name, the reverse names of Service and pod addresses) and for the names the
 * caller gives, walked through every pod's search list as glibc and musl walk it. A name asked
 * of the lab that is not in the table gets the answer svcsim gives a name it does not know: in
 * the cluster zone CoreDNS's NXDOMAIN, elsewhere the forwarded upstream's answer.
 */
import type { Pod } from '../api/core.ts';
import type { ClusterReader } from '../cluster/types.ts';
import { answer, candidates, clusterDnsIP, DEFAULT_NODE_RESOLV_CONF, DEFAULT_OUTSIDE_WORLD, pluginOptionsForImage, podDnsConfig, type DnsConfig, type DnsResponse, type RRType } from '../dns/index.ts';
import { Rand } from '../rand.ts';
import { rdataHex, typeCode } from './dns-wire.ts';

/** One record: owner name as svcsim wrote it, type code, TTL, RDATA as hex. */
export interface LabDnsRecord {
  name: string;
  type: number;
  ttl: number;
  rdata: string;
}

export interface LabDnsAnswer {
  /** RFC 1035 RCODE (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ...). */
  rcode: number;
  aa: boolean;
  ra: boolean;
  answer: LabDnsRecord[];
  authority: LabDnsRecord[];
  additional: LabDnsRecord[];
}

export interface LabDnsTable {
  /** The cluster zone, lowercase with the trailing dot. */
  zone: string;
  /** `name|TYPECODE` (name lowercase, trailing dot) -> the answer. */
  answers: Record<string, LabDnsAnswer>;
  /** A name of the zone the table does not hold. */
  unknownInZone: LabDnsAnswer;
  /** A name outside it. */
  unknownOutside: LabDnsAnswer;
}

const RCODE: Record<DnsResponse['rcode'], number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
/** The types a table holds for each name. */
const TYPES: RRType[] = ['A', 'AAAA', 'CNAME', 'PTR', 'SRV', 'TXT', 'SOA', 'NS', 'MX', 'ANY'];

const fq = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

function wire(r: DnsResponse): LabDnsAnswer {
  const rec = (x: DnsResponse['answer'][number]): LabDnsRecord => ({ name: x.name, type: typeCode(x.type), ttl: x.ttl, rdata: rdataHex(x) });
  return { rcode: RCODE[r.rcode], aa: r.flags.aa, ra: r.flags.ra, answer: r.answer.map(rec), authority: r.authority.map(rec), additional: r.additional.map(rec) };
}

function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/** The pod's resolv.conf as the kubelet writes it with kubeadm's settings (shell/resolve.ts podResolvConf). */
export function labPodDnsConfig(cluster: ClusterReader, pod: Pod): DnsConfig {
  const s = cluster.settings;
  return podDnsConfig(pod, { clusterDNS: [clusterDnsIP(s.serviceSubnet)], clusterDomain: s.dnsDomain, host: DEFAULT_NODE_RESOLV_CONF }).config;
}

/** The names a lab's DNS answers from the table, for `extraNames` walked through every pod's search list. */
export function labDnsNames(cluster: ClusterReader, extraNames: readonly string[]): string[] {
  const zone = fq(cluster.settings.dnsDomain);
  const names = new Set<string>([`dns-version.${zone}`, ...Object.keys(DEFAULT_OUTSIDE_WORLD.names).map(fq)]);
  for (const svc of cluster.list('Service')) {
    const ns = svc.metadata.namespace ?? 'default';
    const base = `${svc.metadata.name}.${ns}.svc.${zone}`;
    names.add(base);
    for (const p of svc.spec.ports ?? []) if (p.name) names.add(`_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}.${base}`);
    for (const ip of svc.spec.clusterIPs ?? (svc.spec.clusterIP ? [svc.spec.clusterIP] : [])) if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) names.add(reverseName(ip));
  }
  const configs = new Map<string, DnsConfig>();
  for (const pod of cluster.list('Pod')) {
    const ip = pod.status?.podIP;
    if (ip && /^\d+\.\d+\.\d+\.\d+$/.test(ip)) {
      names.add(`${ip.replace(/\./g, '-')}.${pod.metadata.namespace ?? 'default'}.pod.${zone}`);
      names.add(reverseName(ip));
    }
    const config = labPodDnsConfig(cluster, pod);
    configs.set(JSON.stringify(config), config);
  }
  for (const name of extraNames) {
    for (const config of configs.values()) for (const libc of ['glibc', 'musl'] as const) for (const c of candidates(name, config, libc)) names.add(fq(c));
  }
  return [...names].sort();
}

/** svcsim's CoreDNS answers for `names`, as the lab pod `pod` (a CoreDNS pod) serves them. */
export function labDnsTable(cluster: ClusterReader, pod: Pod, names: readonly string[]): LabDnsTable {
  const image = pod.spec.containers.find((c) => /coredns/i.test(c.image ?? ''))?.image ?? pod.spec.containers[0]?.image;
  const opts = { plugin: pluginOptionsForImage(image) };
  // loadbalance shuffles with the pod's own generator; the table keeps one order per name.
  const rand = new Rand(0x5eed);
  const ask = (name: string, type: RRType): LabDnsAnswer => wire(answer(cluster, { name, type }, () => rand.next(), opts));
  const zone = fq(cluster.settings.dnsDomain);
  const answers: Record<string, LabDnsAnswer> = {};
  for (const name of names) {
    for (const type of TYPES) answers[`${name}|${typeCode(type)}`] = ask(name, type);
  }
  return {
    zone,
    answers,
    unknownInZone: ask(`svcsim-lab-unknown.${zone}`, 'A'),
    unknownOutside: ask('svcsim-lab-unknown.invalid.', 'A'),
  };
}
