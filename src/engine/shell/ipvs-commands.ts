/**
 * `ipvsadm` and `ipset` on a node: the IPVS table and the ipsets kube-proxy keeps in ipvs mode
 * (or left behind by it). Seed 001 installs ipvsadm with yum first; svcsim's nodes (kubeadm on
 * Ubuntu/Debian) are taken to have the ipvsadm and ipset packages installed, as kube-proxy's
 * ipvs-mode setup guides ask, so both are always there on a node.
 *
 * ipvsadm's words are ipvsadm 1.31's (ipvsadm.c main, parse_options, generic_opt_check,
 * process_options; libipvs.c ipvs_strerror) with popt's option errors (poptStrerror).
 */
import { IpvsKernel } from '../net/ipvs/kernel.ts';
import { formatIpvsadmConnections, formatIpvsadmList, formatIpvsadmService } from '../net/ipvs/ipvsadm-format.ts';
import type { IpvsProtocol } from '../net/ipvs/types.ts';
import { formatIpsetList, IPSET_VERSION } from '../net/ipset/list-format.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import { failure, type CommandOutput, type ShellContext } from './context.ts';

type OptArg = 'none' | 'string' | 'optional';

/** One entry of ipvsadm's popt table: `key` is what parse_options switches on. */
interface IpvsadmOption {
  long: string;
  short?: string;
  arg: OptArg;
  key: string;
}

const COMMANDS = new Set(['A', 'E', 'D', 'C', 'L', 'l', 'Z', 'a', 'e', 'd', 'set', 'h', 'v', 'R', 'S', 'start-daemon', 'stop-daemon']);

const OPTIONS: readonly IpvsadmOption[] = [
  { long: 'add-service', short: 'A', arg: 'none', key: 'A' },
  { long: 'edit-service', short: 'E', arg: 'none', key: 'E' },
  { long: 'delete-service', short: 'D', arg: 'none', key: 'D' },
  { long: 'clear', short: 'C', arg: 'none', key: 'C' },
  { long: 'list', short: 'L', arg: 'none', key: 'L' },
  { long: 'list', short: 'l', arg: 'none', key: 'l' },
  { long: 'zero', short: 'Z', arg: 'none', key: 'Z' },
  { long: 'add-server', short: 'a', arg: 'none', key: 'a' },
  { long: 'edit-server', short: 'e', arg: 'none', key: 'e' },
  { long: 'delete-server', short: 'd', arg: 'none', key: 'd' },
  { long: 'set', arg: 'none', key: 'set' },
  { long: 'help', short: 'h', arg: 'none', key: 'h' },
  { long: 'version', short: 'v', arg: 'none', key: 'v' },
  { long: 'restore', short: 'R', arg: 'none', key: 'R' },
  { long: 'save', short: 'S', arg: 'none', key: 'S' },
  { long: 'start-daemon', arg: 'string', key: 'start-daemon' },
  { long: 'stop-daemon', arg: 'string', key: 'stop-daemon' },
  { long: 'tcp-service', short: 't', arg: 'string', key: 't' },
  { long: 'udp-service', short: 'u', arg: 'string', key: 'u' },
  { long: 'sctp-service', arg: 'string', key: 'sctp-service' },
  { long: 'fwmark-service', short: 'f', arg: 'string', key: 'f' },
  { long: 'scheduler', short: 's', arg: 'string', key: 's' },
  { long: 'persistent', short: 'p', arg: 'optional', key: 'p' },
  { long: 'netmask', short: 'M', arg: 'string', key: 'M' },
  { long: 'real-server', short: 'r', arg: 'string', key: 'r' },
  { long: 'masquerading', short: 'm', arg: 'none', key: 'm' },
  { long: 'ipip', short: 'i', arg: 'none', key: 'i' },
  { long: 'gatewaying', short: 'g', arg: 'none', key: 'g' },
  { long: 'weight', short: 'w', arg: 'string', key: 'w' },
  { long: 'u-threshold', short: 'x', arg: 'string', key: 'x' },
  { long: 'l-threshold', short: 'y', arg: 'string', key: 'y' },
  { long: 'numeric', short: 'n', arg: 'none', key: 'n' },
  { long: 'connection', short: 'c', arg: 'none', key: 'c' },
  { long: 'mcast-interface', arg: 'string', key: 'mcast-interface' },
  { long: 'syncid', arg: 'string', key: 'syncid' },
  { long: 'timeout', arg: 'none', key: 'timeout' },
  { long: 'daemon', arg: 'none', key: 'daemon' },
  { long: 'stats', arg: 'none', key: 'stats' },
  { long: 'rate', arg: 'none', key: 'rate' },
  { long: 'thresholds', arg: 'none', key: 'thresholds' },
  { long: 'persistent-conn', arg: 'none', key: 'persistent-conn' },
  { long: 'nosort', arg: 'none', key: 'nosort' },
  { long: 'sort', arg: 'none', key: 'sort' },
  { long: 'exact', short: 'X', arg: 'none', key: 'X' },
  { long: 'ipv6', short: '6', arg: 'none', key: '6' },
  { long: 'ops', short: 'o', arg: 'none', key: 'o' },
  { long: 'pe', arg: 'string', key: 'pe' },
  { long: 'sched-flags', short: 'b', arg: 'string', key: 'b' },
  { long: 'mcast-group', arg: 'string', key: 'mcast-group' },
  { long: 'mcast-port', arg: 'string', key: 'mcast-port' },
  { long: 'mcast-ttl', arg: 'string', key: 'mcast-ttl' },
  { long: 'sync-maxlen', arg: 'string', key: 'sync-maxlen' },
  { long: 'tun-info', arg: 'none', key: 'tun-info' },
  { long: 'tun-type', arg: 'string', key: 'tun-type' },
  { long: 'tun-port', arg: 'string', key: 'tun-port' },
  { long: 'tun-nocsum', arg: 'none', key: 'tun-nocsum' },
  { long: 'tun-csum', arg: 'none', key: 'tun-csum' },
  { long: 'tun-remcsum', arg: 'none', key: 'tun-remcsum' },
];

/**
 * ipvsadm's option bits in optnames order, with the list command's column of
 * commands_v_options: ' ' allowed, 'x' illegal, '1' exclusive.
 */
const OPTNAMES: readonly { name: string; list: ' ' | 'x' | '1'; keys: readonly string[] }[] = [
  { name: 'numeric', list: ' ', keys: ['n'] },
  { name: 'connection', list: '1', keys: ['c'] },
  { name: 'service-address', list: '1', keys: ['t', 'u', 'sctp-service', 'f'] },
  { name: 'scheduler', list: 'x', keys: ['s'] },
  { name: 'persistent', list: 'x', keys: ['p'] },
  { name: 'netmask', list: 'x', keys: ['M'] },
  { name: 'real-server', list: 'x', keys: ['r'] },
  { name: 'forwarding-method', list: 'x', keys: ['m', 'i', 'g'] },
  { name: 'weight', list: 'x', keys: ['w'] },
  { name: 'u-threshold', list: 'x', keys: ['x'] },
  { name: 'l-threshold', list: 'x', keys: ['y'] },
  { name: 'mcast-interface', list: 'x', keys: ['mcast-interface'] },
  { name: 'timeout', list: '1', keys: ['timeout'] },
  { name: 'daemon', list: '1', keys: ['daemon'] },
  { name: 'stats', list: ' ', keys: ['stats'] },
  { name: 'rate', list: ' ', keys: ['rate'] },
  { name: 'thresholds', list: ' ', keys: ['thresholds'] },
  { name: 'persistent-conn', list: ' ', keys: ['persistent-conn'] },
  { name: 'nosort', list: ' ', keys: ['nosort'] },
  { name: 'syncid', list: ' ', keys: ['syncid'] },
  { name: 'exact', list: ' ', keys: ['X'] },
  { name: 'ops', list: 'x', keys: ['o'] },
  { name: 'pe', list: 'x', keys: ['pe'] },
  { name: 'sched-flags', list: 'x', keys: ['b'] },
  { name: 'mcast-group', list: 'x', keys: ['mcast-group'] },
  { name: 'mcast-port', list: 'x', keys: ['mcast-port'] },
  { name: 'mcast-ttl', list: 'x', keys: ['mcast-ttl'] },
  { name: 'sync-maxlen', list: 'x', keys: ['sync-maxlen'] },
  { name: 'tun-info', list: ' ', keys: ['tun-info'] },
  { name: 'tun-type', list: 'x', keys: ['tun-type'] },
  { name: 'tun-port', list: 'x', keys: ['tun-port'] },
  { name: 'tun-nocsum', list: 'x', keys: ['tun-nocsum'] },
  { name: 'tun-csum', list: 'x', keys: ['tun-csum'] },
  { name: 'tun-remcsum', list: 'x', keys: ['tun-remcsum'] },
];

const OPTNAME_OF = new Map<string, number>(OPTNAMES.flatMap((o, i) => o.keys.map((k) => [k, i] as const)));

const TRYHELP = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.";
/** IPVSADM_VERSION and version(): `v1.31 2019/12/24`, popt, the kernel's IP_VS_VERSION_CODE. */
const VERSION_LINE = 'ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)';

/** One option popt handed back: its key, the word it came from (poptBadOption), and its argument. */
type Parsed = { kind: 'opt'; key: string; word: string; value?: string } | { kind: 'error'; word: string; error: 'unknown option' | 'missing argument' };

/** popt's walk over the words: long options (`--stats`, `--tcp-service=V`), grouped short ones (`-Lnt V`). */
function popt(args: readonly string[]): { opts: Parsed[]; rest: string[] } {
  const opts: Parsed[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const o = OPTIONS.find((x) => x.long === name);
      if (!o) return { opts: [...opts, { kind: 'error', word: w, error: 'unknown option' }], rest };
      let value = eq < 0 ? undefined : w.slice(eq + 1);
      if (o.arg === 'string' && value === undefined) {
        if (i + 1 >= args.length) return { opts: [...opts, { kind: 'error', word: w, error: 'missing argument' }], rest };
        value = args[++i];
      }
      opts.push({ kind: 'opt', key: o.key, word: w, ...(value !== undefined ? { value } : {}) });
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const o = OPTIONS.find((x) => x.short === w[j]);
        if (!o) return { opts: [...opts, { kind: 'error', word: w, error: 'unknown option' }], rest };
        if (o.arg === 'none') {
          opts.push({ kind: 'opt', key: o.key, word: w });
          continue;
        }
        // An argument-taking short option takes the rest of the word, or the next word.
        let value: string | undefined = w.slice(j + 1) || undefined;
        if (value === undefined && o.arg === 'string') {
          if (i + 1 >= args.length) return { opts: [...opts, { kind: 'error', word: w, error: 'missing argument' }], rest };
          value = args[++i];
        }
        opts.push({ kind: 'opt', key: o.key, word: w, ...(value !== undefined ? { value } : {}) });
        break;
      }
      continue;
    }
    rest.push(w);
  }
  return { opts, rest };
}

/** parse_service: `host[:port]` (an IPv4 address here: nodes have no names for service addresses). */
function parseService(text: string): { address: string; port: number } | undefined {
  if (/^\d*$/.test(text)) return undefined;
  const colon = text.lastIndexOf(':');
  const host = colon < 0 ? text : text.slice(0, colon);
  if (parseIPv4(host) === undefined) return undefined;
  if (colon < 0) return { address: host, port: 0 };
  const port = text.slice(colon + 1);
  if (!/^\d+$/.test(port) || Number(port) > 65535) return undefined;
  return { address: host, port: Number(port) };
}

function out(stdout: string): CommandOutput {
  return { stdout, stderr: '', exitCode: 0 };
}

/** The node's IPVS table: kube-proxy's (or one an earlier ipvs-mode kube-proxy left), else an empty one. */
function kernelOf(ctx: ShellContext, node: string): IpvsKernel {
  const kernel = ctx.dataplane.kubeProxy(node)?.ipvs?.kernel;
  if (!kernel) return new IpvsKernel();
  // Connections whose timer ran out are gone by the time anyone lists them.
  kernel.expire(ctx.cluster.now() / 1000);
  return kernel;
}

export function ipvsadm(args: readonly string[], ctx: ShellContext): CommandOutput {
  if (ctx.place.kind === 'client') return failure('bash: ipvsadm: command not found', 127);
  if (ctx.place.kind === 'pod') {
    // ipvs_init fails without CAP_NET_ADMIN; the errno is EPERM, which ipvs_strerror words so.
    return failure("Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?", 2);
  }
  const node = ctx.place.node;
  // Without arguments ipvsadm lists the table with names (list_all(FMT_NONE)).
  if (!args.length) return out(formatIpvsadmList(kernelOf(ctx, node), { numeric: false }));

  const { opts, rest } = popt(args);
  const first = opts[0];
  if (!first || first.kind === 'error' || !COMMANDS.has(first.key)) return failure(TRYHELP, 255);
  if (first.key === 'v') return out(`${VERSION_LINE}\n`);
  if (first.key !== 'L' && first.key !== 'l') {
    return failure(`svcsim: \`ipvsadm ${args.join(' ')}' is not simulated: kube-proxy owns this node's IPVS table (try ipvsadm -Ln, ipvsadm -Ln --stats, ipvsadm -Lnc)`, 1);
  }

  const set = new Set<number>();
  const keys = new Set<string>();
  let service: { protocol: IpvsProtocol; address: string; port: number } | undefined;
  let fwmark = false;
  for (const o of opts.slice(1)) {
    if (o.kind === 'error') return failure(`${o.word}: ${o.error}`, 255);
    if (COMMANDS.has(o.key)) return failure(`invalid option \`${o.word}'`, 2);
    if (o.key === '6') {
      if (!fwmark) return failure('-6 used before -f\n', 2);
      continue;
    }
    const bit = OPTNAME_OF.get(o.key);
    if (bit !== undefined) {
      if (set.has(bit)) return failure(`multiple '${OPTNAMES[bit].name}' options specified`, 2);
      set.add(bit);
    }
    keys.add(o.key);
    if (o.key === 't' || o.key === 'u' || o.key === 'sctp-service') {
      const parsed = parseService(o.value ?? '');
      if (!parsed) return failure('illegal virtual server address[:port] specified', 2);
      service = { protocol: o.key === 't' ? 'TCP' : o.key === 'u' ? 'UDP' : 'SCTP', ...parsed };
    } else if (o.key === 'f') {
      const mark = Number(o.value);
      if (!/^\d+$/.test(o.value ?? '') || mark <= 0 || mark > 0xffffffff) return failure(`invalid fwmark value \`${o.value ?? ''}' specified`, 2);
      fwmark = true;
    }
  }
  if (rest.length) return failure(`unexpected argument ${rest[0]}`, 2);

  // generic_opt_check for the list command, in option-bit order.
  let exclusive: number | undefined;
  for (let j = 0; j < OPTNAMES.length; j++) {
    if (!set.has(j)) continue;
    if (OPTNAMES[j].list === 'x') return failure(`Illegal '${OPTNAMES[j].name}' option with the 'list' command`, 2);
    if (OPTNAMES[j].list === '1') {
      if (exclusive !== undefined) return failure(`The option '${OPTNAMES[j].name}' conflicts with the '${OPTNAMES[exclusive].name}' option in the 'list' command`, 2);
      exclusive = j;
    }
  }
  const has = (k: string) => keys.has(k);
  if (((has('c') || has('timeout') || has('daemon')) && (has('stats') || has('rate') || has('thresholds'))) || ((has('timeout') || has('daemon')) && has('persistent-conn'))) {
    return failure('options conflicts in the list command', 2);
  }
  const unsimulated = ['rate', 'thresholds', 'persistent-conn', 'nosort', 'timeout', 'tun-info'].find(has) ?? (has('X') && has('stats') ? 'exact' : undefined);
  if (unsimulated) return failure(`svcsim: ipvsadm --${unsimulated} is not simulated (try ipvsadm -Ln, ipvsadm -Ln --stats, ipvsadm -Lnc)`, 1);

  const numeric = has('n');
  const kernel = kernelOf(ctx, node);
  // The IPVS connection timers count seconds of the simulated clock.
  if (has('c')) return out(formatIpvsadmConnections(kernel, ctx.cluster.now() / 1000, numeric));
  // No sync daemon runs on a kube-proxy node: list_daemon prints nothing.
  if (has('daemon')) return out('');
  const format = { numeric, stats: has('stats') };
  if (fwmark) return failure('No such service', 1);
  if (service) {
    const r = formatIpvsadmService(kernel, service.protocol, service.address, service.port, format);
    return r.ok ? out(r.text) : failure(r.error, 1);
  }
  return out(formatIpvsadmList(kernel, format));
}

const IPSET_EPERM = `ipset ${IPSET_VERSION}: Kernel error received: Operation not permitted`;

/** `ipset list [-n|-name] [SETNAME]`, `ipset -L [SETNAME]`: the node's ipsets. */
export function ipset(args: readonly string[], ctx: ShellContext): CommandOutput {
  if (ctx.place.kind === 'client') return failure('bash: ipset: command not found', 127);
  if (ctx.place.kind === 'pod') return failure(IPSET_EPERM, 1);
  let command: string | undefined;
  let namesOnly = false;
  const names: string[] = [];
  for (const a of args) {
    if (a === '-n' || a === '-name' || a === '--name') namesOnly = true;
    else if (a === '-L' || a === '--list') command ??= 'list';
    else if (command === undefined && !a.startsWith('-')) command = a;
    else if (a.startsWith('-')) return failure(`svcsim: ipset ${a} is not simulated (try ipset list, ipset list -n, ipset list SETNAME)`, 1);
    else names.push(a);
  }
  if (command !== 'list') {
    return failure(`svcsim: \`ipset ${args.join(' ')}' is not simulated: kube-proxy owns this node's ipsets (try ipset list, ipset list -n, ipset list SETNAME)`, 1);
  }
  if (names.length > 1) return failure(`svcsim: ipset list takes one set name (got ${names.join(' ')})`, 1);
  const state = ctx.dataplane.kubeProxy(ctx.place.node)?.ipvs?.state;
  const r = formatIpsetList(state?.ipsets ?? [], { ...(names[0] !== undefined ? { name: names[0] } : {}), namesOnly }, (n) => state?.references(n) ?? 0);
  return r.ok ? out(r.text) : failure(r.error, 1);
}
