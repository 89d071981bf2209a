/**
 * Service discovery from inside a pod: `nslookup`, `dig`, `getent hosts`, `cat /etc/resolv.conf`,
 * `cat /etc/hosts`, `env` and `printenv`, each as the pod's image has it (dns/tools/flavor.ts).
 * Every query the tools make is a UDP packet through the data plane (resolve.ts). A tool the
 * image lacks fails as containerd and runc fail it, the error kubectl prints itself.
 *
 * On a node only `getent` is registered: glibc's getent is in every Ubuntu install, while
 * `dig` and `nslookup` come with bind9-dnsutils, which a kubeadm node does not need and
 * svcsim does not assume installed. The node's resolver knows no cluster names.
 */
import type { Pod } from '../api/core.ts';
import type { Trace } from '../dataplane/index.ts';
import {
  DEFAULT_NODE_RESOLV_CONF,
  DEFAULT_OUTSIDE_WORLD,
  dig,
  etcHosts,
  formatEtcHosts,
  formatResolvConf,
  getentHosts,
  nslookupBind,
  nslookupBusybox,
  nslookupBusyboxOld,
  parseDigArgs,
  type RRType,
  type ToolContext,
  type ToolOutput,
} from '../dns/index.ts';
import { upstreamAnswer } from '../dns/outside-world.ts';
import { podEnv, servicesAt } from '../pod-env/index.ts';
import { failure, type CommandOutput, type ShellContext } from './context.ts';
import { execContainer, podResolvConf, podResolver, traceDns, type PodResolver } from './resolve.ts';

type Builtin = (args: readonly string[], ctx: ShellContext) => CommandOutput;

/**
 * What kubectl prints when the runtime cannot start the command (containerd's CRI exec, runc's
 * message), e.g. kubernetes/website#40774: no `command terminated with exit code` line, and
 * kubectl's own exit code 1. The exec id is containerd's random 64-hex id.
 */
export function execNotFound(ctx: ShellContext, cmd: string): CommandOutput {
  let id = '';
  for (let i = 0; i < 64; i++) id += ctx.dataplane.rand.int(16).toString(16);
  return {
    stdout: '',
    stderr: `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`,
    exitCode: 1,
    execFailed: true,
  };
}

function podOf(ctx: ShellContext): Pod | undefined {
  return ctx.place.kind === 'pod' ? ctx.cluster.get('Pod', ctx.place.namespace, ctx.place.name) : undefined;
}

function resolverOf(ctx: ShellContext): PodResolver | undefined {
  return ctx.place.kind === 'pod' ? podResolver(ctx, ctx.place) : undefined;
}

/**
 * After a tool ran: the simulated clock waits as long as the tool waited for answers that never
 * came (its own timeouts; nothing when a refusal came back at once), and the queries' walks
 * become the line's traces, the first one carrying the whole lookup.
 */
function finish(ctx: ShellContext, name: string, r: PodResolver, out: ToolOutput): CommandOutput {
  if (out.elapsedMs) ctx.cluster.tick(out.elapsedMs / 1000);
  const walks = r.exchanges.flatMap((e): Trace[] => (e.trace ? [e.trace] : []));
  if (walks.length) {
    const addresses = out.queries.flatMap((q) => (typeof q.result !== 'string' ? q.result.answer.flatMap((a) => (a.type === 'A' ? [a.address] : [])) : []));
    ctx.traces.push({ ...walks[0], dns: traceDns(name, r, [...new Set(addresses)]) }, ...walks.slice(1));
  }
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode, interleaved: out.output };
}

function toolContext(r: PodResolver, server?: string): ToolContext {
  const config = server ? { ...r.config, nameservers: [server] } : r.config;
  return { config, send: r.send, hosts: r.hosts, ...(r.podIP ? { podIP: r.podIP } : {}) };
}

/** `nslookup [-type=T] NAME [SERVER]`. */
const nslookup: Builtin = (args, ctx) => {
  const r = resolverOf(ctx);
  if (!r) return failure('svcsim: nslookup runs inside a pod (kubectl exec POD -- nslookup NAME)');
  if (r.flavor.nslookup === 'none') return execNotFound(ctx, 'nslookup');
  let type: RRType | undefined;
  const words: string[] = [];
  for (const a of args) {
    const m = /^-(?:type|query|q)=(\w+)$/i.exec(a);
    if (m) type = m[1].toUpperCase() as RRType;
    else words.push(a);
  }
  const [name, server] = words;
  if (!name) return failure('svcsim: nslookup here needs a name: nslookup NAME [SERVER]');
  const t = toolContext(r, server);
  switch (r.flavor.nslookup) {
    case 'busybox-old':
      return finish(ctx, name, r, nslookupBusyboxOld(name, t, r.flavor.libc, { verboseErrors: r.flavor.verboseErrors }));
    case 'busybox':
      return finish(ctx, name, r, nslookupBusybox(name, t, type));
    case 'bind':
      return finish(ctx, name, r, nslookupBind(name, t));
  }
};

/** `dig [@SERVER] NAME [TYPE] [+short] [+search]`. */
const digCommand: Builtin = (args, ctx) => {
  const r = resolverOf(ctx);
  if (!r) return failure('svcsim: dig runs inside a pod (kubectl exec POD -- dig NAME)');
  if (!r.flavor.dig) return execNotFound(ctx, 'dig');
  const req = parseDigArgs([...args]);
  if ('error' in req) return failure(req.error, 1);
  const server = args.find((a) => a.startsWith('@'))?.slice(1);
  // Query time 0: an answered query costs no simulated time (see DigClock.queryTimeMs).
  const out = dig(req, toolContext(r, server), { now: ctx.cluster.now(), queryTimeMs: 0, rand: () => ctx.dataplane.rand.next() });
  return finish(ctx, req.name, r, out);
};

const GETENT_USAGE = "svcsim: getent here answers `getent hosts NAME`\n";

/** `getent hosts NAME` in a pod (glibc images and Alpine's musl getent alike print `%-15s %s`). */
const getentPod: Builtin = (args, ctx) => {
  const r = resolverOf(ctx);
  if (!r) return failure(GETENT_USAGE);
  if (!r.flavor.getent) return execNotFound(ctx, 'getent');
  if (args[0] !== 'hosts' || args.length !== 2) return failure(GETENT_USAGE);
  return finish(ctx, args[1], r, getentHosts(args[1], toolContext(r)));
};

/** `getent hosts NAME` on a node: the node's /etc/hosts, then its upstream resolver (no packets in svcsim's network). */
const getentNode: Builtin = (args, ctx) => {
  if (args[0] !== 'hosts' || args.length !== 2) return failure(GETENT_USAGE);
  const hosts = [
    { ip: '127.0.0.1', names: ['localhost'] },
    { ip: '::1', names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
  ];
  const out = getentHosts(args[1], { config: DEFAULT_NODE_RESOLV_CONF, hosts, send: (q) => upstreamAnswer(DEFAULT_OUTSIDE_WORLD, q.name, q.type, q.rd ?? true) });
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode };
};

/** busybox images print busybox's cat error; the others coreutils'. */
function catError(pod: Pod, container: string | undefined, path: string): string {
  const image = execContainer(pod, container)?.image ?? '';
  return /busybox|alpine/.test(image) ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
}

/** `cat` in a pod: the files the kubelet mounts for DNS. */
const catPod: Builtin = (args, ctx) => {
  const pod = podOf(ctx);
  if (!pod) return failure('svcsim: no such pod');
  if (!args.length) return { stdout: ctx.stdin ?? '', stderr: '', exitCode: 0 };
  let stdout = '';
  let stderr = '';
  for (const path of args) {
    const text = podFile(ctx, pod, path);
    if (text !== undefined) stdout += text;
    else stderr += catError(pod, ctx.place.kind === 'pod' ? ctx.place.container : undefined, path);
  }
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
};

/** A file in the pod svcsim knows: the ones the kubelet mounts for DNS. */
export function podFile(ctx: ShellContext, pod: Pod, path: string): string | undefined {
  if (path === '/etc/resolv.conf') return formatResolvConf(podResolvConf(ctx, pod));
  if (path === '/etc/hosts' && !pod.spec.hostNetwork) {
    const aliases = (pod.spec.hostAliases ?? []) as { ip?: string; hostnames?: string[] }[];
    return formatEtcHosts(etcHosts(pod, ctx.cluster.settings.dnsDomain), aliases.filter((a) => a.ip && a.hostnames?.length).length);
  }
  return undefined;
}

/** The container's environment: the Services that existed when it started (kubelet envvars). */
export function containerEnvironment(ctx: ShellContext): string | undefined {
  const pod = podOf(ctx);
  const container = pod && execContainer(pod, ctx.place.kind === 'pod' ? ctx.place.container : undefined);
  if (!pod || !container) return undefined;
  const status = pod.status?.containerStatuses?.find((c) => c.name === container.name);
  const started = status?.state?.running?.startedAt ?? pod.status?.startTime;
  return podEnv(pod, container, servicesAt(ctx.cluster.list('Service'), started));
}

const env: Builtin = (args, ctx) => {
  if (args.length) return failure('svcsim: env here prints the environment; it runs no command');
  const text = containerEnvironment(ctx);
  return text === undefined ? failure('svcsim: no such pod') : { stdout: text, stderr: '', exitCode: 0 };
};

/** `printenv [NAME...]`: the values, exit 1 when one is missing (coreutils and busybox alike). */
const printenv: Builtin = (args, ctx) => {
  const text = containerEnvironment(ctx);
  if (text === undefined) return failure('svcsim: no such pod');
  if (!args.length) return { stdout: text, stderr: '', exitCode: 0 };
  const vars = new Map(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
  let stdout = '';
  let missing = false;
  for (const a of args) {
    const v = vars.get(a);
    if (v === undefined) missing = true;
    else stdout += `${v}\n`;
  }
  return { stdout, stderr: '', exitCode: missing ? 1 : 0 };
};

export const POD_DNS_COMMANDS: Record<string, Builtin> = { nslookup, dig: digCommand, getent: getentPod, cat: catPod, env, printenv };
export const NODE_DNS_COMMANDS: Record<string, Builtin> = { getent: getentNode };
