/**
 * The node's own tools: iptables-save, iptables -L, ip, conntrack. They read the data plane of
 * the host the line runs on; in a pod only `ip` sees the pod's namespace (the others need
 * privileges a pod does not have).
 */
import { formatIptablesSave } from '../net/iptables/save-format.ts';
import { formatIptablesList } from '../net/iptables/list-format.ts';
import { ipCommand } from '../net/ip-command.ts';
import { conntrackCommand } from '../net/conntrack-format.ts';
import { failure, type CommandOutput, type ShellContext } from './context.ts';

function nodeOf(ctx: ShellContext): string | undefined {
  return ctx.place.kind === 'node' ? ctx.place.node : undefined;
}

export function iptablesSave(args: readonly string[], ctx: ShellContext): CommandOutput {
  const node = nodeOf(ctx);
  if (!node) return failure(ctx.place.kind === 'pod' ? 'iptables-save v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)' : 'bash: iptables-save: command not found', ctx.place.kind === 'pod' ? 1 : 127);
  let table: string | undefined;
  let kubeProxy = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '--table') table = args[++i];
    else if (a.startsWith('--table=')) table = a.slice('--table='.length);
    else if (a === '--kube-proxy') kubeProxy = true;
    else if (a === '-c' || a === '--counters') return failure('svcsim: packet counters are not simulated (iptables-save without -c)', 1);
    else {
      // getopt's words (iptables/xtables-save.c), then the pointer to the manual.
      const what = !a.startsWith('-')
        ? 'Unknown arguments found on commandline'
        : a.startsWith('--')
          ? `iptables-save: unrecognized option '${a}'`
          : `iptables-save: invalid option -- '${a[1]}'`;
      return failure(`${what}\nLook at manual page \`iptables-save.8' for more information.`, 1);
    }
  }
  if (kubeProxy) {
    // svcsim's own view: kube-proxy's iptables-restore input in the canonical order its tests compare.
    const text = ctx.dataplane.kubeProxyRestoreText(node);
    if (text === undefined) {
      const mode = ctx.dataplane.modeOf(node);
      return failure(mode === 'iptables' ? `svcsim: no such node ${node}` : `svcsim: --kube-proxy shows kube-proxy's iptables-mode restore input; ${node}'s kube-proxy runs in ${mode} mode (see iptables-save)`);
    }
    const note = `# svcsim: kube-proxy's own iptables-restore input on ${node}, in the canonical order of kube-proxy's tests (not real iptables-save output)\n`;
    return { stdout: note + text, stderr: '', exitCode: 0 };
  }
  const rules = ctx.dataplane.rulesOf(node);
  if (!rules) return failure(`svcsim: no such node ${node}`);
  const r = formatIptablesSave(rules.ruleset, { ...(table ? { table } : {}), now: ctx.cluster.now() });
  return r.ok ? { stdout: r.text, stderr: '', exitCode: 0 } : failure(r.error, 1);
}

export function iptables(args: readonly string[], ctx: ShellContext): CommandOutput {
  const node = nodeOf(ctx);
  if (!node) return failure(ctx.place.kind === 'pod' ? 'iptables v1.8.10 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)' : 'bash: iptables: command not found', ctx.place.kind === 'pod' ? 4 : 127);
  let table: string | undefined;
  let chain: string | undefined;
  let list = false;
  let numeric = false;
  let verbose = false;
  let lineNumbers = false;
  let exact = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '--table') table = args[++i];
    else if (a === '-L' || a === '--list') {
      list = true;
      if (args[i + 1] && !args[i + 1].startsWith('-')) chain = args[++i];
    } else if (a === '--line-numbers') lineNumbers = true;
    else if (a.startsWith('-') && !a.startsWith('--') && a.length > 2) {
      // Grouped short options: -nL, -nvL, -vnL KUBE-SERVICES ...
      for (const c of a.slice(1)) {
        if (c === 'n') numeric = true;
        else if (c === 'v') verbose = true;
        else if (c === 'x') exact = true;
        else if (c === 'L') {
          list = true;
          if (args[i + 1] && !args[i + 1].startsWith('-')) chain = args[++i];
        } else if (c === 't') table = args[++i];
        else return failure(`iptables v1.8.10 (nf_tables): unknown option "-${c}"\nTry \`iptables -h' or 'iptables --help' for more information.`, 2);
      }
    } else if (a === '-n' || a === '--numeric') numeric = true;
    else if (a === '-v' || a === '--verbose') verbose = true;
    else if (a === '-x' || a === '--exact') exact = true;
    else return failure(`svcsim: iptables ${a} is not simulated (try iptables -t nat -L -n, or iptables-save)`, 2);
  }
  if (!list) return failure('svcsim: only iptables -L is simulated (try iptables -t nat -L -n, or iptables-save)', 2);
  const rules = ctx.dataplane.rulesOf(node);
  if (!rules) return failure(`svcsim: no such node ${node}`);
  const r = formatIptablesList(rules.ruleset, { ...(table ? { table } : {}), ...(chain ? { chain } : {}), numeric, verbose, lineNumbers, exact });
  return r.ok ? { stdout: r.text, stderr: '', exitCode: 0 } : failure(r.error, 1);
}

/** Real iproute2 options and objects svcsim does not reproduce: said plainly, not as iproute2's "unknown". */
const IP_UNSIMULATED = new Set(['-br', '-brief', '-d', '-details', '-s', '-stats', '-statistics', '-j', '-json', '-c', '-color', '-o', '-oneline', '-p', '-pretty']);
const IP_OBJECTS_UNSIMULATED = new Set(['rule', 'netns', 'maddr', 'tunnel', 'monitor', 'xfrm', 'mroute', 'ntable', 'tuntap', 'vrf', 'mptcp']);

export function ip(args: readonly string[], ctx: ShellContext): CommandOutput {
  const flag = args.find((a) => IP_UNSIMULATED.has(a));
  const object = args.find((a) => !a.startsWith('-'));
  if (flag || (object && IP_OBJECTS_UNSIMULATED.has(object)) || (/^r(o(u(te?)?)?)?$/.test(object ?? '') && args.includes('get'))) {
    return failure(`svcsim: \`ip ${args.join(' ')}' is not simulated (try ip route, ip addr, ip link, ip neigh)`, 1);
  }
  // A node's namespace comes from the data plane (with kube-ipvs0 in ipvs mode); a pod's from the network.
  const place = ctx.place;
  const netns = place.kind === 'node' ? ctx.dataplane.node(place.node) : place.kind === 'pod' ? ctx.dataplane.network.netns(`${place.namespace}/${place.name}`) : undefined;
  if (!netns) return failure('svcsim: the outside client\'s network is not simulated', 1);
  return ipCommand(netns, args);
}

export function conntrack(args: readonly string[], ctx: ShellContext): CommandOutput {
  const unsimulated = args.find((a) => ['-S', '--stats', '-E', '--event', '-U', '--update', '-I', '--create', '-F', '--flush'].includes(a));
  if (unsimulated) return failure(`svcsim: conntrack ${unsimulated} is not simulated (try conntrack -L, -D or -C)`, 1);
  const node = nodeOf(ctx);
  if (!node) return failure(ctx.place.kind === 'pod' ? 'conntrack v1.4.8 (conntrack-tools): Operation failed: Operation not permitted' : 'bash: conntrack: command not found', ctx.place.kind === 'pod' ? 1 : 127);
  return conntrackCommand(ctx.dataplane.conntrack(node), args, ctx.cluster.now());
}
