/**
 * `nft list ruleset | tables | table ip kube-proxy` on a node. svcsim holds only the table
 * kube-proxy writes in nftables mode; the iptables-nft tables kubelet and flannel write (`table ip
 * nat`, `table ip filter` with xt compat expressions) are shown by iptables-save, and nft says so
 * on stderr rather than print an invented translation.
 */
import { listRuleset, listTable } from '../net/nftables/list-format.ts';
import { failure, type CommandOutput, type ShellContext } from './context.ts';

const IPTABLES_NFT_NOTE = 'svcsim: the iptables-nft tables of kubelet and flannel are not listed here; see iptables-save';

function nftError(message: string, line: string, from: number, to: number): CommandOutput {
  // nft points at the offending words under the command it parsed (src/erec.c).
  return failure(`Error: ${message}\n${line}\n${' '.repeat(from)}${'^'.repeat(Math.max(1, to - from))}`, 1);
}

export function nft(args: readonly string[], ctx: ShellContext): CommandOutput {
  // A pod lacks CAP_NET_ADMIN: listing fails as nft 1.0.x fails to fill its cache (netlink EPERM).
  if (ctx.place.kind === 'pod') return failure('netlink: Error: cache initialization failed: Operation not permitted', 1);
  if (ctx.place.kind !== 'node') return failure('bash: nft: command not found', 127);
  const node = ctx.place.node;
  const words = args.filter((a) => a !== '-a' && a !== '--handle');
  if (words[0] !== 'list' && words[0] !== 'ls') {
    return failure(`svcsim: \`nft ${args.join(' ')}' is not simulated (try nft list ruleset, nft list tables, nft list table ip kube-proxy)`, 1);
  }
  const state = ctx.dataplane.kubeProxy(node);
  const table = state?.nft;
  const opts = { now: ctx.cluster.now() / 1000, dynamic: ctx.dataplane.nftDynamic(node) };
  const what = words[1];
  const line = `list ${words.slice(1).join(' ')}`;
  if (what === 'ruleset') {
    return { stdout: table ? listRuleset([table], opts) : '', stderr: `${IPTABLES_NFT_NOTE}\n`, exitCode: 0 };
  }
  if (what === 'tables') {
    return { stdout: table ? `table ${table.family} ${table.name}\n` : '', stderr: `${IPTABLES_NFT_NOTE}\n`, exitCode: 0 };
  }
  if (what === 'table') {
    // `nft list table NAME` takes the ip family when none is given.
    const [family, name] = words.length >= 4 ? [words[2], words[3]] : ['ip', words[2]];
    if (!name) return nftError('syntax error, unexpected end of file, expecting string', line, line.length, line.length + 1);
    if (!table || family !== table.family || name !== table.name) {
      const start = line.lastIndexOf(name);
      return nftError('No such file or directory', line, start, start + name.length);
    }
    return { stdout: listTable(table, opts), stderr: '', exitCode: 0 };
  }
  return failure(`svcsim: \`nft ${args.join(' ')}' is not simulated (try nft list ruleset, nft list tables, nft list table ip kube-proxy)`, 1);
}
