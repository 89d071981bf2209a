/**
 * The lab as a plain POSIX shell script a learner can read and run as root on their own Linux
 * machine: the same commands `svcsim lab up` runs, in the same order, with the node tables as
 * heredocs, the whoami server written out and started in each pod, and the way to remove it all.
 */
import { etcPath, labCommand, shellWord } from './command.ts';
import type { LabPlan, LabServer } from './types.ts';

const EOF_MARK = 'SVCSIM_EOF';

export interface ScriptOptions {
  /** Where the scenario came from, for the header. */
  title?: string;
  /**
   * The pod server's source, written into the script (the CLI's whoami.mjs: a Node program is
   * the host's business, not the engine's).
   */
  serverProgram: string;
}

function heredoc(text: string): string {
  if (text.split('\n').includes(EOF_MARK)) throw new Error(`lab script: a table holds a line ${EOF_MARK}`);
  return `<<'${EOF_MARK}'\n${text.endsWith('\n') ? text : `${text}\n`}${EOF_MARK}`;
}

/** The file a CoreDNS pod's server reads its answers from, in the lab directory. */
export function dnsTableFile(server: LabServer): string {
  return `${server.netns}.dns.json`;
}

/** The server's command line in its namespace (the runner uses the same words); `dir` holds the DNS tables. */
export function serverArgv(server: LabServer, programPath: string, maxSeconds = 0, dir?: string): string[] {
  const dns = server.dns && dir !== undefined ? ['--dns', `${dir}/${dnsTableFile(server)}`] : [];
  return ['ip', 'netns', 'exec', server.netns, 'node', programPath, server.hostname, ...server.ports.map((p) => `${p.port}/${p.proto}`), ...(maxSeconds > 0 ? ['--max-seconds', String(maxSeconds)] : []), ...dns];
}

/** The one-liner that removes every namespace with the prefix, after ending the processes in them. */
export function teardownLine(prefix: string): string {
  return `for ns in $(ip netns list | awk '{print $1}' | grep '^${prefix}'); do ip netns pids "$ns" | xargs -r kill; ip netns del "$ns"; rm -rf "/etc/netns/$ns"; done`;
}

export function renderLabScript(plan: LabPlan, opts: ScriptOptions): string {
  const out: string[] = [
    '#!/bin/sh',
    `# svcsim lab${opts.title ? `: ${opts.title}` : ''} (kube-proxy in ${plan.mode} mode)`,
    '# Builds the cluster as Linux network namespaces, loads the rules svcsim generated into each',
    '# node namespace, and starts a whoami-like server in each pod. Run as root; needs iproute2,',
    `# ${plan.mode === 'nftables' ? 'iptables, nftables' : 'iptables'}, procps (sysctl), nfacct and Node.js. Touches only namespaces named ${plan.prefix}*.`,
    '#',
    '# Try:   ip netns exec <pod namespace> curl -s http://<ClusterIP>/',
    `# Undo:  ${teardownLine(plan.prefix)}`,
    ...plan.notes.map((n) => `# Note: ${n}`),
    'set -eu',
    'LAB_DIR=${LAB_DIR:-/tmp/svcsim-lab}',
    'mkdir -p "$LAB_DIR"',
  ];
  for (const step of plan.steps) {
    if ('say' in step) {
      out.push('', `# ${step.say}`);
      continue;
    }
    if ('etcFile' in step) {
      out.push(`mkdir -p /etc/netns/${step.netnsOf}`, `cat > ${etcPath(step)} ${heredoc(step.text)}`);
      continue;
    }
    const argv = labCommand(step)!;
    const line = argv.map(shellWord).join(' ');
    const full = 'stdin' in step && step.stdin !== undefined ? `${line} ${heredoc(step.stdin)}` : line;
    out.push(step.tolerant ? full.replace(/^([^\n]*)/, '$1 || true') : full);
  }
  if (plan.servers.length) {
    out.push('', '# The whoami server each pod runs (who it is, the source address it saw; UDP too)');
    out.push(`cat > "$LAB_DIR/whoami.mjs" ${heredoc(opts.serverProgram)}`);
    for (const s of plan.servers) {
      if (!s.dns) continue;
      out.push(`# ${s.pod}: svcsim's CoreDNS answers, made in advance`, `cat > "$LAB_DIR/${dnsTableFile(s)}" ${heredoc(JSON.stringify(s.dns))}`);
    }
    for (const s of plan.servers) {
      const argv = serverArgv(s, '$LAB_DIR/whoami.mjs', 0, '$LAB_DIR').map((w) => (w.startsWith('$LAB_DIR/') ? `"${w}"` : shellWord(w)));
      out.push(`${argv.join(' ')} >"$LAB_DIR/${s.netns}.log" 2>&1 &`);
    }
  }
  out.push('', `echo "svcsim lab: ${plan.places.length} namespaces, ${plan.servers.length} servers; ip netns list | grep ${plan.prefix}"`, '');
  return out.join('\n');
}
