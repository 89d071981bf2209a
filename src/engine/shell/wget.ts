/**
 * busybox wget (1.36.1 networking/wget.c, libbb/xconnect.c, libbb/progress.c), the HTTP client
 * of busybox- and Alpine-based images: `wget -qO- http://web` prints the body; without -q it
 * says where it connects and writes, with one progress line as busybox draws it when stderr is
 * no terminal (80 columns: a 32-character bar). Errors as busybox dies with them, exit code 1.
 */
import type { Trace } from '../dataplane/index.ts';
import { failure, type CommandOutput, type ShellContext } from './context.ts';
import { exchange, KERNEL_CONNECT_TIMEOUT_MS, utf8Length } from './http-exchange.ts';
import { busyboxTarget } from './http-target.ts';
import { imageHasWget } from '../dns/tools/image-tools.ts';
import { execNotFound } from './dns-commands.ts';
import { execContainer } from './resolve.ts';

const USER_AGENT = 'Wget';
/** wget's default -T: the alarm set around connect and each read. */
const DEFAULT_TIMEOUT_S = 900;

interface WgetOptions {
  url: string;
  quiet: boolean;
  /** -O: `-` for standard output. */
  output?: string;
  timeout: number;
}

function parseArgs(args: readonly string[]): WgetOptions | { error: string } {
  const o: WgetOptions = { url: '', quiet: false, timeout: DEFAULT_TIMEOUT_S };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (inline: string | undefined): string | undefined => inline ?? args[++i];
    if (a === '-q' || a === '--quiet') o.quiet = true;
    else if (a === '-O' || a === '--output-document' || a.startsWith('--output-document=')) o.output = value(a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined);
    else if (a === '-T' || a === '--timeout' || a.startsWith('--timeout=')) {
      const v = value(a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined);
      if (v === undefined || !/^\d+$/.test(v)) return { error: `wget: invalid number '${v ?? ''}'` };
      o.timeout = Number(v);
    } else if (a === '-U' || a === '--user-agent' || a === '--header' || a === '-Y' || a === '-P' || a === '-t') i++;
    else if (a === '--no-check-certificate' || a === '-c' || a === '--continue') continue;
    else if (/^-[qcO]+/.test(a) && a.length > 2) {
      // Bundled short options: -qO- , -qO FILE.
      const at = a.indexOf('O');
      for (const c of a.slice(1, at < 0 ? undefined : at)) if (c === 'q') o.quiet = true;
      if (at >= 0) o.output = a.length > at + 1 ? a.slice(at + 1) : args[++i];
    } else if (a.startsWith('-') && a !== '-') return { error: `svcsim: wget option ${a} is not simulated (try -q, -O FILE, -T SEC)` };
    else o.url = a;
  }
  if (!o.url) return { error: 'svcsim: wget needs a URL (wget -qO- http://SERVICE)' };
  return o;
}

/** bb_progress_update with stderr not a terminal, at the end of a transfer that took no time. */
function progressLine(file: string, size: number): string {
  const name = file.length > 20 ? file.slice(0, 20) : file.padEnd(20);
  return `${name} 100% |${'*'.repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;
}

export function wget(args: readonly string[], ctx: ShellContext): CommandOutput {
  // In a pod the binary has to be in the image: containerd's error before wget ever runs.
  if (ctx.place.kind === 'pod') {
    const pod = ctx.cluster.get('Pod', ctx.place.namespace, ctx.place.name);
    const container = pod && execContainer(pod, ctx.place.container);
    if (container && !imageHasWget(container.image)) return execNotFound(ctx, 'wget');
  }
  const o = parseArgs(args);
  if ('error' in o) return failure(o.error);
  const u = busyboxTarget(o.url);
  if ('error' in u) return failure(u.error);
  const x = exchange(ctx, { host: u.host, port: u.port, hostHeader: u.hostPort, target: u.target, userAgent: USER_AGENT, headers: ['Connection: close'] });
  // xhost2sockaddr names the host as written, port included.
  if (x.kind === 'unresolved') return failure(`wget: bad address '${u.hostPort}'`);
  if (x.kind === 'no-network') return failure('svcsim: this place has no network to send from');
  if (x.kind === 'unsimulated') return failure(x.message);
  let stderr = o.quiet ? '' : `Connecting to ${u.hostPort} (${x.ip}:${u.port})\n`;
  const die = (message: string): CommandOutput => ({ stdout: '', stderr: `${stderr}wget: ${message}\n`, exitCode: 1 });
  const waitFor = (seconds: number) => ctx.cluster.tick(seconds);
  const t: Trace = x.trace;
  switch (t.result) {
    case 'refused':
      return die(`can't connect to remote host (${x.ip}): Connection refused`);
    case 'no-route':
      return die(`can't connect to remote host (${x.ip}): No route to host`);
    case 'dropped':
    case 'timeout':
      // The -T alarm around connect, unless the kernel gives up on the SYN first.
      if (o.timeout * 1000 < KERNEL_CONNECT_TIMEOUT_MS) {
        waitFor(o.timeout);
        return die('download timed out');
      }
      waitFor(KERNEL_CONNECT_TIMEOUT_MS / 1000);
      return die(`can't connect to remote host (${x.ip}): Connection timed out`);
    case 'closed':
      return die('error getting response');
    case 'delivered':
      break;
  }
  const response = x.response;
  if (!response) {
    // Connected, and nothing ever answers: the -T alarm around the read of the status line.
    waitFor(o.timeout);
    return die('download timed out');
  }
  if (!/^HTTP\/1\.[01] 2\d\d/.test(response.status)) return die(`server returned error: ${response.status}`);
  const toStdout = o.output === '-';
  const file = o.output ?? (u.path.split('/').pop() || 'index.html');
  if (!o.quiet) {
    stderr += toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`;
    stderr += progressLine(toStdout ? '-' : file.split('/').pop() ?? file, utf8Length(response.body));
    stderr += toStdout ? 'written to stdout\n' : `'${file}' saved\n`;
  }
  // A file lands in the container's filesystem, which svcsim does not keep.
  return { stdout: toStdout ? response.body : '', stderr, exitCode: 0 };
}
