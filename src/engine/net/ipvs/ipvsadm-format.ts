/**
 * `ipvsadm -L [-n] [--stats] [-c]` as ipvsadm 1.31 prints them (ipvsadm.c print_title,
 * print_service_entry, print_largenum, list_conn / print_conn; libipvs.c ipvs_cmp_services,
 * ipvs_cmp_dests):
 *  - services sorted by protocol, then address, then port; destinations by address, port.
 *    The address comparison is `int r = ntohl(a) - ntohl(b)`: an unsigned difference read as
 *    signed, so addresses more than 2^31 apart compare "backwards" (real listings show
 *    `172.17.0.1:3xxxx` and `192.168.x.x:3xxxx` NodePorts before `10.96.0.1:443`). glibc's
 *    qsort is a merge sort; msort below repeats it so the order matches for any input.
 *  - `TCP  10.96.0.1:443 rr` (protocol `%-4s`, then the name cut at 33 characters), scheduler
 *    flags in parentheses (`mh (mh-port)`), ` persistent N`; destination lines
 *    `  -> %-28s %-7s %-6d %-10u %-10u` (so they end in spaces).
 *  - without -n, ports print as /etc/services names (`:https`, `:domain`); addresses stay
 *    numeric (a node has no reverse DNS for service and pod addresses).
 */
import { parseIPv4 } from '../ipv4.ts';
import type { IpvsConnection, IpvsKernel } from './kernel.ts';
import type { IpvsProtocol, IpvsStats, VirtualServerSpec } from './types.ts';
import { emptyStats } from './service.ts';

/** IP_VS_VERSION_CODE 1.2.1 and the connection table size (CONFIG_IP_VS_TAB_BITS 12). */
export const IPVS_BANNER = 'IP Virtual Server version 1.2.1 (size=4096)';

export interface IpvsadmListOptions {
  numeric: boolean;
  stats?: boolean;
}

/** The /etc/services (Debian netbase) names getservbyport finds for ports Services commonly use. */
const PORT_NAMES: Readonly<Record<'TCP' | 'UDP', Readonly<Record<number, string>>>> = {
  TCP: { 21: 'ftp', 22: 'ssh', 25: 'smtp', 53: 'domain', 80: 'http', 110: 'pop3', 143: 'imap2', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 8080: 'http-alt' },
  UDP: { 53: 'domain', 123: 'ntp', 443: 'https' },
};

/** ipvsadm's port_to_service only asks for tcp and udp names. */
function portName(port: number, protocol: IpvsProtocol): string {
  return protocol === 'SCTP' ? String(port) : (PORT_NAMES[protocol][port] ?? String(port));
}

function addrPort(address: string, port: number, protocol: IpvsProtocol, numeric: boolean): string {
  return `${address}:${numeric ? port : portName(port, protocol)}`;
}

const PROTO_NUMBER: Readonly<Record<IpvsProtocol, number>> = { TCP: 6, UDP: 17, SCTP: 132 };

/** libipvs's comparison: fields subtracted, the address difference wrapped to a signed 32-bit int. */
function cmpAddr(a: string, b: string): number {
  return ((parseIPv4(a) ?? 0) - (parseIPv4(b) ?? 0)) | 0;
}

/** glibc msort_with_tmp: split n/2, sort both halves, merge taking from the left while cmp <= 0. */
export function msort<T>(list: T[], cmp: (a: T, b: T) => number): T[] {
  if (list.length <= 1) return list;
  const n1 = list.length >>> 1;
  const left = msort(list.slice(0, n1), cmp);
  const right = msort(list.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(cmp(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  while (i < left.length) out.push(left[i++]);
  while (j < right.length) out.push(right[j++]);
  return out;
}

interface DestRow {
  address: string;
  port: number;
  weight: number;
  active: number;
  inact: number;
  stats: IpvsStats;
}

function destRows(kernel: IpvsKernel, spec: VirtualServerSpec): DestRow[] {
  const svc = kernel.existingService(spec);
  if (svc) return svc.dests.map((d) => ({ address: d.address, port: d.port, weight: d.weight, active: d.activeConns, inact: d.inactConns, stats: d.stats }));
  // Kernel order: the most recently added first.
  return [...spec.destinations].reverse().map((d) => ({ address: d.address, port: d.port, weight: d.weight, active: 0, inact: 0, stats: emptyStats() }));
}

function schedFlags(spec: VirtualServerSpec): string {
  const f = spec.flags ?? {};
  const names: string[] = [];
  if (spec.scheduler === 'sh' || spec.scheduler === 'mh') {
    if (f.flag1) names.push(`${spec.scheduler}-fallback`);
    if (f.flag2) names.push(`${spec.scheduler}-port`);
  } else {
    if (f.flag1) names.push('flag-1');
    if (f.flag2) names.push('flag-2');
    if (f.flag3) names.push('flag-3');
  }
  return names.length ? ` (${names.join(',')})` : '';
}

/** print_largenum without -x: right-aligned in 9, K/M/G/T beyond 100 million. */
function largenum(i: number): string {
  if (i < 1e8) return String(i).padStart(9);
  if (i < 1e9) return `${Math.floor(i / 1e3)}K`.padStart(9);
  if (i < 1e11) return `${Math.floor(i / 1e6)}M`.padStart(9);
  if (i < 1e14) return `${Math.floor(i / 1e9)}G`.padStart(9);
  return `${Math.floor(i / 1e12)}T`.padStart(9);
}

function statsCols(s: IpvsStats): string {
  return largenum(s.conns) + largenum(s.inpkts) + largenum(s.outpkts) + largenum(s.inbytes) + largenum(s.outbytes);
}

/** The virtual services in the order ipvsadm prints them. */
export function sortedServices(specs: Iterable<VirtualServerSpec>): VirtualServerSpec[] {
  return msort([...specs], (a, b) => PROTO_NUMBER[a.protocol] - PROTO_NUMBER[b.protocol] || cmpAddr(a.address, b.address) || a.port - b.port);
}

function serviceBlock(kernel: IpvsKernel, spec: VirtualServerSpec, opts: IpvsadmListOptions): string[] {
  const name = `${spec.protocol.padEnd(4)} ${addrPort(spec.address, spec.port, spec.protocol, opts.numeric)}`.slice(0, 33);
  const lines: string[] = [];
  if (opts.stats) {
    lines.push(name.padEnd(33) + statsCols(kernel.existingService(spec)?.stats ?? emptyStats()));
  } else {
    const persistent = spec.persistentTimeout !== undefined ? ` persistent ${spec.persistentTimeout}` : '';
    lines.push(`${name} ${spec.scheduler}${schedFlags(spec)}${persistent}`);
  }
  const dests = msort(destRows(kernel, spec), (a, b) => cmpAddr(a.address, b.address) || a.port - b.port);
  for (const d of dests) {
    const dname = addrPort(d.address, d.port, spec.protocol, opts.numeric).slice(0, 28);
    if (opts.stats) lines.push(`  -> ${dname.padEnd(28)}${statsCols(d.stats)}`);
    else lines.push(`  -> ${dname.padEnd(28)} ${'Masq'.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(d.active).padEnd(10)} ${String(d.inact).padEnd(10)}`);
  }
  return lines;
}

/** `ipvsadm -L[n] [--stats]`: every virtual service. */
export function formatIpvsadmList(kernel: IpvsKernel, opts: IpvsadmListOptions): string {
  const lines = [IPVS_BANNER, ...title(opts)];
  for (const spec of sortedServices(kernel.configuration.all())) lines.push(...serviceBlock(kernel, spec, opts));
  return lines.join('\n') + '\n';
}

function title(opts: IpvsadmListOptions): string[] {
  if (opts.stats) {
    return [
      `${'Prot LocalAddress:Port'.padEnd(33)} ${'Conns'.padStart(8)} ${'InPkts'.padStart(8)} ${'OutPkts'.padStart(8)} ${'InBytes'.padStart(8)} ${'OutBytes'.padStart(8)}`,
      '  -> RemoteAddress:Port',
    ];
  }
  return ['Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
}

/** `ipvsadm -L -n -t|-u VIP:PORT`: one service, under the column titles but without the version banner (list_service). */
export function formatIpvsadmService(kernel: IpvsKernel, protocol: IpvsProtocol, address: string, port: number, opts: IpvsadmListOptions): { ok: true; text: string } | { ok: false; error: string } {
  const spec = kernel.lookup(protocol, address, port);
  // ipvs_get_service fails with ESRCH, which ipvs_strerror words so.
  if (!spec) return { ok: false, error: 'No such service' };
  return { ok: true, text: [...title(opts), ...serviceBlock(kernel, spec, opts)].join('\n') + '\n' };
}

/** `ipvsadm -L -n -c`: the connection table; `expire` is mm:ss left. */
export function formatIpvsadmConnections(kernel: IpvsKernel, now: number, numeric: boolean): string {
  const lines = ['IPVS connection entries', `pro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} destination`];
  for (const c of kernel.connections()) lines.push(connLine(c, now, numeric));
  return lines.join('\n') + '\n';
}

function connLine(c: IpvsConnection, now: number, numeric: boolean): string {
  const left = Math.max(0, Math.floor(c.expires - now));
  const expire = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  const src = addrPort(c.caddr, c.cport, c.protocol, numeric);
  const vip = addrPort(c.vaddr, c.vport, c.protocol, numeric);
  const dst = addrPort(c.daddr, c.dport, c.protocol, numeric);
  return `${c.protocol.padEnd(3)} ${expire.padEnd(6)} ${c.state.padEnd(11)} ${src.padEnd(18)} ${vip.padEnd(18)} ${dst}`;
}
