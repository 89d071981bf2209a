/**
 * curl: a traced request through the simulated cluster, printing what curl 8.5.0 (Ubuntu
 * 24.04's) prints (lib/connect.c, lib/multi.c, src/tool_operate.c). The pod's server answers as
 * traefik/whoami does, so the address it saw shows whether the request was masqueraded.
 */
import type { Trace } from '../dataplane/index.ts';
import { failure, type CommandOutput, type ShellContext } from './context.ts';
import { imageHasCurl } from '../dns/tools/image-tools.ts';
import { execNotFound } from './dns-commands.ts';
import { execContainer } from './resolve.ts';
import { exchange, KERNEL_CONNECT_TIMEOUT_MS, type HttpResponse } from './http-exchange.ts';
import { curlTarget } from './http-target.ts';

const USER_AGENT = 'curl/8.5.0';

interface CurlOptions {
  url: string;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  maxTime?: number;
  connectTimeout?: number;
  localPort?: number;
  include: boolean;
  head: boolean;
  /** --path-as-is: keep `.` and `..` segments. */
  pathAsIs: boolean;
}

function parseArgs(args: readonly string[]): CurlOptions | { error: string; code: number } {
  const o: CurlOptions = { url: '', silent: false, showError: false, verbose: false, include: false, head: false, pathAsIs: false };
  const number = (v: string | undefined, flag: string): number | { error: string; code: number } => {
    const n = Number(v);
    return v !== undefined && Number.isFinite(n) && n >= 0 ? n : { error: `curl: option ${flag}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information`, code: 2 };
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-m' || a === '--max-time') {
      const n = number(args[++i], a);
      if (typeof n === 'object') return n;
      o.maxTime = n;
    } else if (a === '--connect-timeout') {
      const n = number(args[++i], a);
      if (typeof n === 'object') return n;
      o.connectTimeout = n;
    } else if (a === '--local-port') {
      const n = number(args[++i], a);
      if (typeof n === 'object') return n;
      o.localPort = n;
    } else if (a === '-H' || a === '--header' || a === '-X' || a === '--request' || a === '-o' || a === '--output' || a === '-A' || a === '--user-agent' || a === '-w') i++;
    else if (a === '-k' || a === '--insecure' || a === '-L' || a === '--location' || a === '-f' || a === '--fail') continue;
    else if (a.startsWith('-') && !a.startsWith('--') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 's') o.silent = true;
        else if (c === 'S') o.showError = true;
        else if (c === 'v') o.verbose = true;
        else if (c === 'i') o.include = true;
        else if (c === 'I') o.head = true;
        else if (c === 'k' || c === 'L' || c === 'f') continue;
        else return { error: `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`, code: 2 };
      }
    } else if (a === '--silent') o.silent = true;
    else if (a === '--show-error') o.showError = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--include') o.include = true;
    else if (a === '--head') o.head = true;
    else if (a === '--path-as-is') o.pathAsIs = true;
    else if (a.startsWith('--')) return { error: `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`, code: 2 };
    else o.url = a;
  }
  if (!o.url) return { error: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information", code: 2 };
  return o;
}

export function curl(args: readonly string[], ctx: ShellContext): CommandOutput {
  // In a pod the binary has to be in the image: containerd's error before curl ever runs.
  if (ctx.place.kind === 'pod') {
    const pod = ctx.cluster.get('Pod', ctx.place.namespace, ctx.place.name);
    const container = pod && execContainer(pod, ctx.place.container);
    if (container && !imageHasCurl(container.image)) return execNotFound(ctx, 'curl');
  }
  const o = parseArgs(args);
  if ('error' in o) return failure(o.error, o.code);
  const parsed = curlTarget(o.url, o.pathAsIs);
  if ('error' in parsed) return failure(parsed.error, parsed.code);
  const u = { ...parsed, hostHeader: parsed.port === 80 ? parsed.host : `${parsed.host}:${parsed.port}` };
  const quiet = o.silent && !o.showError;
  const x = exchange(ctx, { host: u.host, port: u.port, hostHeader: u.hostHeader, target: u.target, userAgent: USER_AGENT, headers: ['Accept: */*'], localPort: o.localPort });
  if (x.kind === 'unresolved') return { stdout: '', stderr: quiet ? '' : `curl: (6) Could not resolve host: ${u.host}\n`, exitCode: 6 };
  if (x.kind === 'no-network') return failure('svcsim: this place has no network to send from');
  if (x.kind === 'unsimulated') return failure(x.message);
  return render(ctx, o, u, x.ip, x.trace, x.response, x.resolved);
}

function render(ctx: ShellContext, o: CurlOptions, u: { host: string; port: number; hostHeader: string; target: string }, ip: string, t: Trace, response: HttpResponse | undefined, resolved?: string[]): CommandOutput {
  const quiet = o.silent && !o.showError;
  // lib/hostip.c show_resolve_info (curl 8.5.0): what a name resolved to, per family.
  const resolvedLines = resolved ? `* Host ${u.host}:${u.port} was resolved.\n* IPv6: (none)\n* IPv4: ${resolved.join(', ')}\n` : '';
  let verbose = o.verbose ? `${resolvedLines}*   Trying ${ip}:${u.port}...\n` : '';
  // Messages name the host as the user wrote it; the per-address lines show the address.
  const host = u.host;
  const src = t.hops[0]?.packet;
  const failWith = (code: number, message: string, verboseLines: string[] = []): CommandOutput => {
    if (o.verbose) verbose += [...verboseLines, `* ${message}`, '* Closing connection'].map((l) => `${l}\n`).join('');
    return { stdout: '', stderr: verbose + (quiet ? '' : `curl: (${code}) ${message}\n`), exitCode: code };
  };
  switch (t.result) {
    case 'closed':
      return failWith(52, 'Empty reply from server', [`* Connected to ${host} (${ip}) port ${u.port}`]);
    case 'refused':
      return failWith(7, `Failed to connect to ${host} port ${u.port} after 0 ms: Couldn't connect to server`, src ? [`* connect to ${ip} port ${u.port} from ${src.src} port ${src.sport} failed: Connection refused`] : []);
    case 'no-route':
      return failWith(7, `Failed to connect to ${host} port ${u.port} after 0 ms: Couldn't connect to server`, [`* Immediate connect fail for ${ip}: No route to host`]);
    case 'dropped':
    case 'timeout': {
      // curl waits for its limit (or the kernel's SYN retries) and the simulated clock moves with it.
      if (o.maxTime !== undefined && (o.connectTimeout === undefined || o.maxTime <= o.connectTimeout)) {
        const ms = Math.round(o.maxTime * 1000) + 2;
        ctx.cluster.tick(ms / 1000);
        return failWith(28, `Connection timed out after ${ms} milliseconds`);
      }
      if (o.connectTimeout !== undefined) {
        const ms = Math.round(o.connectTimeout * 1000) + 2;
        ctx.cluster.tick(ms / 1000);
        return failWith(28, `Failed to connect to ${host} port ${u.port} after ${ms} ms: Timeout was reached`, [`* ipv4 connect timeout after ${ms - 2}ms, move on!`]);
      }
      ctx.cluster.tick(KERNEL_CONNECT_TIMEOUT_MS / 1000);
      return failWith(28, `Failed to connect to ${host} port ${u.port} after ${KERNEL_CONNECT_TIMEOUT_MS} ms: Couldn't connect to server`, src ? [`* connect to ${ip} port ${u.port} from ${src.src} port ${src.sport} failed: Connection timed out`] : []);
    }
    case 'delivered':
      break;
  }
  if (!response) return failWith(52, 'Empty reply from server');
  const headers = [response.status, ...response.headers];
  if (o.verbose) {
    verbose += `* Connected to ${host} (${ip}) port ${u.port}\n`;
    verbose += [`> ${o.head ? 'HEAD' : 'GET'} ${u.target} HTTP/1.1`, `> Host: ${u.hostHeader}`, `> User-Agent: ${USER_AGENT}`, '> Accept: */*', '> '].map((l) => `${l}\r\n`).join('');
    verbose += [...headers.map((h) => `< ${h}`), '< '].map((l) => `${l}\r\n`).join('');
  }
  const head = o.include || o.head ? `${headers.join('\r\n')}\r\n\r\n` : '';
  const stdout = head + (o.head ? '' : response.body);
  const tail = o.verbose ? `* Connection #0 to host ${host} left intact\n` : '';
  // On a terminal the two streams come in the order curl writes them: headers, body, the closing note.
  return { stdout, stderr: verbose + tail, exitCode: 0, ...(o.verbose ? { interleaved: verbose + stdout + tail } : {}) };
}
