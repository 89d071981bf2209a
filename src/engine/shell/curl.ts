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
import { exchange, KERNEL_CONNECT_TIMEOUT_MS, utf8Length, type HttpResponse } from './http-exchange.ts';
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
  /** -f/--fail: an HTTP error status is curl's error 22, and the body is not written. */
  fail: boolean;
  /** -o/--output: where the body goes (`-`: stdout). */
  output?: string;
  /** -w/--write-out: printed to stdout once the transfer is over. */
  writeOut?: string;
  /** -A/--user-agent. */
  userAgent?: string;
  /** -H/--header, in order. */
  headers: string[];
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information";

/** Options taking a value, short and long (curl 8.5.0 src/tool_listhelp.c), by what svcsim does with them. */
const VALUE_OPTIONS: Record<string, string> = {
  '-m': 'max-time', '--max-time': 'max-time', '--connect-timeout': 'connect-timeout', '--local-port': 'local-port',
  '-o': 'output', '--output': 'output', '-w': 'write-out', '--write-out': 'write-out',
  '-H': 'header', '--header': 'header', '-A': 'user-agent', '--user-agent': 'user-agent', '-X': 'request', '--request': 'request',
  '-d': 'data', '--data': 'data', '--data-raw': 'data', '--data-binary': 'data', '--data-urlencode': 'data', '-F': 'data', '--form': 'data',
  '-u': 'user', '--user': 'user', '-x': 'proxy', '--proxy': 'proxy', '--resolve': 'resolve', '-e': 'referer', '--referer': 'referer',
};

const FLAGS: Record<string, keyof CurlOptions | 'ignored'> = {
  '-s': 'silent', '--silent': 'silent', '-S': 'showError', '--show-error': 'showError', '-v': 'verbose', '--verbose': 'verbose',
  '-i': 'include', '--include': 'include', '-I': 'head', '--head': 'head', '--path-as-is': 'pathAsIs', '-f': 'fail', '--fail': 'fail',
  '-k': 'ignored', '--insecure': 'ignored', '-L': 'ignored', '--location': 'ignored',
};

function parseArgs(args: readonly string[]): CurlOptions | { error: string; code: number } {
  const o: CurlOptions = { url: '', silent: false, showError: false, verbose: false, include: false, head: false, pathAsIs: false, fail: false, headers: [] };
  const usage = (message: string) => ({ error: `curl: ${message}\n${TRY}`, code: 2 });
  const take = (flag: string, value: string | undefined): { error: string; code: number } | undefined => {
    if (value === undefined) return usage(`option ${flag}: requires parameter`);
    const what = VALUE_OPTIONS[flag];
    const number = () => {
      const n = Number(value);
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    };
    switch (what) {
      case 'max-time':
      case 'connect-timeout':
      case 'local-port': {
        const n = number();
        if (n === undefined) return usage(`option ${flag}: expected a proper numerical parameter`);
        if (what === 'max-time') o.maxTime = n;
        else if (what === 'connect-timeout') o.connectTimeout = n;
        else o.localPort = n;
        return undefined;
      }
      case 'output':
        o.output = value;
        return undefined;
      case 'write-out':
        o.writeOut = value;
        return undefined;
      case 'header':
        o.headers.push(value);
        return undefined;
      case 'user-agent':
        o.userAgent = value;
        return undefined;
      case 'request':
        // The whoami servers echo the method: only GET is answered as svcsim knows it.
        if (value === 'GET') return undefined;
        return { error: `svcsim: curl -X ${value} is not simulated (requests here are GET)`, code: 2 };
      default:
        return { error: `svcsim: curl ${flag} is not simulated (requests here are plain GETs, straight to the server)`, code: 2 };
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (VALUE_OPTIONS[a] !== undefined) {
      const err = take(a, args[++i]);
      if (err) return err;
    } else if (FLAGS[a] !== undefined) {
      const f = FLAGS[a];
      if (f !== 'ignored') (o as unknown as Record<string, boolean>)[f] = true;
    } else if (a.startsWith('--')) return usage(`option ${a}: is unknown`);
    else if (a.startsWith('-') && a.length > 1) {
      // A cluster of short options (`-sS`, `-sSo /dev/null`, `-ofile`): one taking a value takes the rest, or the next word.
      for (let k = 1; k < a.length; k++) {
        const flag = `-${a[k]}`;
        if (VALUE_OPTIONS[flag] !== undefined) {
          const err = take(flag, k + 1 < a.length ? a.slice(k + 1) : args[++i]);
          if (err) return err;
          break;
        }
        const f = FLAGS[flag];
        if (f === undefined) return usage(`option ${flag}: is unknown`);
        if (f !== 'ignored') (o as unknown as Record<string, boolean>)[f] = true;
      }
    } else o.url = a;
  }
  if (!o.url) return { error: `curl: no URL specified!\n${TRY}`, code: 2 };
  return o;
}

/** The request's header lines in curl's order (lib/http.c: Host, User-Agent, Accept, then -H's), and what the server reads. */
interface RequestHeaders {
  lines: string[];
  host: string;
  /** undefined: none sent (Go's server then writes its default). */
  userAgent: string | undefined;
  /** The other lines, keys canonical and sorted as a Go server writes them back. */
  others: string[];
}

/** textproto.CanonicalMIMEHeaderKey: `x-forwarded-for` reads `X-Forwarded-For`; a key with other bytes stays as it is. */
function canonicalKey(key: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

function requestHeaders(o: CurlOptions, hostHeader: string): RequestHeaders | { error: string; code: number } {
  const custom: [string, string][] = [];
  const removed = new Set<string>();
  for (const h of o.headers) {
    const colon = h.indexOf(':');
    const semi = h.indexOf(';');
    // `Name;` sends an empty header; `Name:` with nothing after it removes curl's own.
    if (colon < 0 && semi > 0 && !h.slice(semi + 1).trim()) custom.push([h.slice(0, semi), '']);
    else if (colon > 0 && !h.slice(colon + 1).trim()) removed.add(h.slice(0, colon).toLowerCase());
    else if (colon > 0) custom.push([h.slice(0, colon), h.slice(colon + 1).trim()]);
  }
  const has = (name: string) => custom.some(([k]) => k.toLowerCase() === name) || removed.has(name);
  const customHost = custom.find(([k]) => k.toLowerCase() === 'host');
  if (removed.has('host')) return { error: 'svcsim: a request without a Host header is not simulated', code: 2 };
  const host = customHost ? customHost[1] : hostHeader;
  const lines = [`Host: ${host}`];
  if (!has('user-agent')) lines.push(`User-Agent: ${o.userAgent ?? USER_AGENT}`);
  if (!has('accept')) lines.push('Accept: */*');
  for (const [k, v] of custom) if (k.toLowerCase() !== 'host') lines.push(`${k}: ${v}`);
  let userAgent: string | undefined;
  const others: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    const key = canonicalKey(line.slice(0, i));
    const value = line.slice(i + 1).trim();
    if (key === 'User-Agent') userAgent ??= value;
    else others.push([key, value]);
  }
  // Header.Write: keys sorted, a key's values in the order received.
  others.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { lines, host, userAgent, others: others.map(([k, v]) => `${k}: ${v}`) };
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
  const headers = requestHeaders(o, u.hostHeader);
  if ('error' in headers) return failure(headers.error, headers.code);
  const sink = outputSink(o.output, ctx);
  if (typeof sink === 'object' && 'error' in sink) return failure(sink.error, 23);
  const start = ctx.cluster.now();
  // A port kubectl port-forward holds on this node: the kubelet connects inside the pod, to its loopback.
  const via = /^(localhost|127\.0\.0\.1|\[::1\])$/.test(u.host) ? ctx.forwarded?.(u.port) : undefined;
  const x = via
    ? exchange({ ...ctx, place: { kind: 'pod', namespace: via.namespace, name: via.name, node: via.node } }, { host: '127.0.0.1', port: via.port, hostHeader: headers.host, target: u.target, userAgent: headers.userAgent, headers: headers.others })
    : exchange(ctx, { host: u.host, port: u.port, hostHeader: headers.host, target: u.target, userAgent: headers.userAgent, headers: headers.others, localPort: o.localPort });
  if (x.kind === 'no-network') return failure('svcsim: this place has no network to send from');
  if (x.kind === 'unsimulated') return failure(x.message);
  const transfer: Transfer =
    x.kind === 'unresolved' ? { ...failed(o, 6, `Could not resolve host: ${u.host}`, ''), info: { connected: false } } : render(ctx, o, u, headers, x.ip, x.trace, x.response, x.resolved);
  return finish(ctx, o, u, headers, transfer, sink, ctx.cluster.now() - start);
}

/** What one transfer wrote, before -o and -w decide where it goes. */
interface Transfer {
  /** Verbose lines up to the body, the body's headers (-i/-I), the body, verbose lines after it. */
  before: string;
  head: string;
  body: string;
  after: string;
  /** curl's error line (unless -s), and the exit code. */
  error: string;
  exitCode: number;
  errorMessage?: string;
  info: { connected: boolean; ip?: string; port?: number; localIp?: string; localPort?: number; response?: HttpResponse };
}

function failed(o: CurlOptions, code: number, message: string, verbose: string): Omit<Transfer, 'info'> {
  const quiet = o.silent && !o.showError;
  return { before: verbose, head: '', body: '', after: '', error: quiet ? '' : `curl: (${code}) ${message}\n`, exitCode: code, errorMessage: message };
}

type Sink = 'stdout' | 'null' | { file: string };

/** Where -o sends the body: the console's home node keeps files; elsewhere nothing is kept. */
function outputSink(path: string | undefined, ctx: ShellContext): Sink | { error: string } {
  if (path === undefined || path === '-') return 'stdout';
  if (path === '/dev/null') return 'null';
  if (ctx.place.kind !== 'node' || !ctx.place.admin || !ctx.files.writeFile) return { error: `svcsim: files written here are not kept (${path}); only the console's home node has files` };
  return { file: path };
}

function render(
  ctx: ShellContext,
  o: CurlOptions,
  u: { host: string; port: number; hostHeader: string; target: string },
  headers: RequestHeaders,
  ip: string,
  t: Trace,
  response: HttpResponse | undefined,
  resolved?: string[],
): Transfer {
  // lib/hostip.c show_resolve_info (curl 8.5.0): what a name resolved to, per family.
  const resolvedLines = resolved ? `* Host ${u.host}:${u.port} was resolved.\n* IPv6: (none)\n* IPv4: ${resolved.join(', ')}\n` : '';
  let verbose = o.verbose ? `${resolvedLines}*   Trying ${ip}:${u.port}...\n` : '';
  // Messages name the host as the user wrote it; the per-address lines show the address.
  const host = u.host;
  const src = t.hops[0]?.packet;
  const connected = { connected: true, ip, port: u.port, localIp: src?.src, localPort: src?.sport };
  const failWith = (code: number, message: string, verboseLines: string[] = [], info: Transfer['info'] = { connected: false }): Transfer => {
    if (o.verbose) verbose += [...verboseLines, `* ${message}`, '* Closing connection'].map((l) => `${l}\n`).join('');
    return { ...failed(o, code, message, verbose), info };
  };
  // What curl -v shows of the request it sent (lines ending in CRLF, as curl writes them).
  const requestLines = () => [`> ${o.head ? 'HEAD' : 'GET'} ${u.target} HTTP/1.1`, ...headers.lines.map((l) => `> ${l}`), '> '].map((l) => `${l}\r\n`).join('');
  switch (t.result) {
    case 'closed':
      // Connected, the request sent, and the server closed without a word.
      if (o.verbose) verbose += `* Connected to ${host} (${ip}) port ${u.port}\n${requestLines()}`;
      return failWith(52, 'Empty reply from server', [], connected);
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
  if (!response) {
    if (o.verbose) verbose += `* Connected to ${host} (${ip}) port ${u.port}\n${requestLines()}`;
    return failWith(52, 'Empty reply from server', [], connected);
  }
  const lines = [response.status, ...response.headers];
  if (o.verbose) {
    verbose += `* Connected to ${host} (${ip}) port ${u.port}\n`;
    verbose += requestLines();
    verbose += [...lines.map((h) => `< ${h}`), '< '].map((l) => `${l}\r\n`).join('');
  }
  const info = { ...connected, response };
  const code = statusCode(response);
  // -f: lib/http.c http_should_fail, once the headers are in: error 22 and no body.
  if (o.fail && code >= 400) {
    const message = `The requested URL returned error: ${code}`;
    if (o.verbose) verbose += `* ${message}\n* Closing connection\n`;
    return { ...failed(o, 22, message, verbose), head: o.include ? `${lines.join('\r\n')}\r\n\r\n` : '', info };
  }
  const head = o.include || o.head ? `${lines.join('\r\n')}\r\n\r\n` : '';
  const after = o.verbose ? `* Connection #0 to host ${host} left intact\n` : '';
  return { before: verbose, head, body: o.head ? '' : response.body, after, error: '', exitCode: 0, info };
}

function statusCode(response: HttpResponse | undefined): number {
  return Number(/^HTTP\/[\d.]+ (\d{3})/.exec(response?.status ?? '')?.[1] ?? 0);
}

/** Sends the body where -o says, then writes -w's text (tool_writeout.c ourWriteOut) to stdout. */
function finish(ctx: ShellContext, o: CurlOptions, u: { hostPort: string; target: string }, headers: RequestHeaders, t: Transfer, sink: Sink, elapsedMs: number): CommandOutput {
  const content = t.head + t.body;
  if (typeof sink === 'object' && t.info.connected) ctx.files.writeFile?.(sink.file, content, false);
  const shown = sink === 'stdout' ? content : '';
  const w = o.writeOut === undefined ? { out: '', err: '' } : writeOut(o.writeOut, { o, u, headers, t, sink, elapsedMs });
  const stdout = shown + w.out;
  const stderr = t.before + t.after + t.error + w.err;
  // On a terminal the two streams come in the order curl writes them: headers, body, the closing note.
  const interleaved = o.verbose || (w.err && w.out) ? { interleaved: t.before + shown + t.after + t.error + w.out + w.err } : {};
  return { stdout, stderr, exitCode: t.exitCode, ...interleaved };
}

/** The bytes of header lines as sent or received: each line and its CRLF, then the blank line's. */
function headerBytes(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + utf8Length(l) + 2, 0) + 2;
}

interface WriteOutContext {
  o: CurlOptions;
  u: { hostPort: string; target: string };
  headers: RequestHeaders;
  t: Transfer;
  sink: Sink;
  elapsedMs: number;
}

/** Time variables: the simulated clock's elapsed time, as writeTime prints seconds (%lu.%06lu). */
const TIMES = new Set(['time_appconnect', 'time_connect', 'time_namelookup', 'time_pretransfer', 'time_redirect', 'time_starttransfer', 'time_total']);

/** One %{variable}'s text; undefined when curl writes nothing for it; null when svcsim does not know it. */
function variable(name: string, c: WriteOutContext): string | undefined | null {
  const { t, o, u, headers } = c;
  const r = t.info.response;
  const code = statusCode(r);
  switch (name) {
    case 'http_code':
    case 'response_code':
      return String(code).padStart(3, '0');
    case 'http_connect':
      return '000';
    case 'http_version':
      return r ? (/^HTTP\/1\.0 /.test(r.status) ? '1' : '1.1') : '0';
    case 'content_type': {
      const ct = r?.headers.find((h) => /^content-type:/i.test(h));
      return ct === undefined ? undefined : ct.slice(ct.indexOf(':') + 1).trim();
    }
    case 'errormsg':
      return t.exitCode ? t.errorMessage : undefined;
    case 'exitcode':
      return String(t.exitCode);
    case 'filename_effective':
      return typeof c.sink === 'object' ? c.sink.file : c.sink === 'null' ? '/dev/null' : undefined;
    case 'local_ip':
      return t.info.localIp ?? '';
    case 'local_port':
      return String(t.info.localPort ?? 0);
    case 'remote_ip':
      return t.info.connected ? (t.info.ip ?? '') : '';
    case 'remote_port':
      return String(t.info.connected ? (t.info.port ?? 0) : 0);
    case 'method':
      return o.head ? 'HEAD' : 'GET';
    case 'num_connects':
      return t.info.connected ? '1' : '0';
    case 'num_redirects':
      return '0';
    case 'redirect_url':
      return undefined;
    case 'scheme':
      return t.info.connected ? 'HTTP' : undefined;
    case 'size_download':
      return String(r && !o.head && !(o.fail && code >= 400) ? utf8Length(r.body) : 0);
    case 'size_header':
      return String(r ? headerBytes([r.status, ...r.headers]) : 0);
    case 'size_request':
      return String(t.info.connected ? headerBytes([`${o.head ? 'HEAD' : 'GET'} ${u.target} HTTP/1.1`, ...headers.lines]) : 0);
    case 'size_upload':
      return '0';
    case 'url':
      return o.url;
    case 'url_effective':
      return `http://${u.hostPort}${u.target}`;
    default:
      if (TIMES.has(name)) return `${Math.floor(c.elapsedMs / 1000)}.${String((c.elapsedMs % 1000) * 1000).padStart(6, '0')}`;
      return null;
  }
}

/** Every name curl 8.5.0 knows (tool_writeout.c variables[]): the ones svcsim cannot fill are said so, not guessed. */
const KNOWN = new Set([
  'certs', 'content_type', 'conn_id', 'errormsg', 'exitcode', 'filename_effective', 'ftp_entry_path', 'header_json', 'http_code', 'http_connect',
  'http_version', 'json', 'local_ip', 'local_port', 'method', 'num_certs', 'num_connects', 'num_headers', 'num_redirects', 'onerror',
  'proxy_ssl_verify_result', 'redirect_url', 'referer', 'remote_ip', 'remote_port', 'response_code', 'scheme', 'size_download', 'size_header',
  'size_request', 'size_upload', 'speed_download', 'speed_upload', 'ssl_verify_result', 'stderr', 'stdout', ...TIMES, 'url', 'url_effective', 'urlnum', 'xfer_id',
  ...['scheme', 'user', 'password', 'options', 'host', 'port', 'path', 'query', 'fragment', 'zoneid'].flatMap((p) => [`url.${p}`, `urle.${p}`]),
]);

/** tool_writeout.c ourWriteOut: %{name}, %%, \n \r \t, %{stdout}/%{stderr} switching streams, %{onerror} stopping on success. */
function writeOut(format: string, c: WriteOutContext): { out: string; err: string } {
  let out = '';
  let err = '';
  let toErr = false;
  const write = (s: string) => (toErr ? (err += s) : (out += s));
  for (let i = 0; i < format.length; ) {
    const ch = format[i];
    if (ch === '%' && i + 1 < format.length) {
      if (format[i + 1] === '%') {
        write('%');
        i += 2;
        continue;
      }
      if (format[i + 1] === '{') {
        const end = format.indexOf('}', i + 2);
        if (end < 0) {
          write('%{');
          i += 2;
          continue;
        }
        const name = format.slice(i + 2, end);
        i = end + 1;
        if (!KNOWN.has(name)) {
          err += `curl: unknown --write-out variable: '${name}'\n`;
          continue;
        }
        if (name === 'stdout' || name === 'stderr') {
          toErr = name === 'stderr';
          continue;
        }
        if (name === 'onerror') {
          if (c.t.exitCode === 0) break;
          continue;
        }
        const v = variable(name, c);
        if (v === null) err += `svcsim: curl's %{${name}} is not simulated\n`;
        else if (v !== undefined) write(v);
        continue;
      }
      write(format.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (ch === '\\' && i + 1 < format.length) {
      const e = format[i + 1];
      write(e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : `\\${e}`);
      i += 2;
      continue;
    }
    write(ch);
    i++;
  }
  return { out, err };
}
