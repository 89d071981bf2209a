/**
 * From a URL to the request-target a client puts in its request line, each client its own way.
 */

export interface UrlParts {
  host: string;
  port: number;
  /** What the client sends after the method: `/healthz?x=1`. */
  target: string;
}

const CURL_USAGE_ERROR = { error: 'curl: (3) URL rejected: Malformed input to a URL function', code: 3 };

/**
 * curl 8.5.0 (lib/urlapi.c parseurl, lib/url.c, lib/http.c Curl_http_target): the host ends at
 * the first `/`, `?` or `#`; the fragment is cut; the query is kept as written (a lone `?` too);
 * an empty path or `/` is `/`; `.` and `..` segments are removed (RFC 3986 5.2.4, dedotdotify)
 * unless --path-as-is; the path is sent as written but for bytes above 0x7f, which get
 * lower-case %xx (curl_url_get with CURLU_URLENCODE). Spaces and control bytes reject the URL.
 */
export function curlTarget(url: string, pathAsIs = false): (UrlParts & { hostPort: string }) | { error: string; code: number } {
  // junkscan: control bytes, DEL and (without CURLU_ALLOW_SPACE) spaces.
  if (/[\x00-\x20\x7f]/.test(url)) return CURL_USAGE_ERROR;
  let rest = url;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'http') return { error: `svcsim: curl here speaks plain http only, not ${scheme[1]}`, code: 1 };
    rest = rest.slice(scheme[0].length);
  }
  const hostEnd = rest.search(/[/?#]/);
  const hostPort = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  let pathPart = hostEnd < 0 ? '' : rest.slice(hostEnd);
  const m = /^([^:]+)(?::(\d+))?$/.exec(hostPort);
  if (!m) return { error: 'curl: (3) URL rejected: Bad hostname', code: 3 };
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port > 65535) return { error: 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535', code: 3 };
  const hash = pathPart.indexOf('#');
  if (hash >= 0) pathPart = pathPart.slice(0, hash);
  const q = pathPart.indexOf('?');
  const query = q < 0 ? undefined : pathPart.slice(q + 1);
  let path = q < 0 ? pathPart : pathPart.slice(0, q);
  if (path.length <= 1) path = '/';
  else if (!pathAsIs) path = dedotdotify(path);
  return { host: m[1], port, hostPort, target: percentEncodeHigh(path) + (query === undefined ? '' : `?${query}`) };
}

/** RFC 3986 5.2.4 as curl's dedotdotify does it on a path that starts with `/`. */
export function dedotdotify(path: string): string {
  if (!path.includes('.')) return path;
  let input = path;
  let out = '';
  while (input) {
    if (input.startsWith('./')) input = input.slice(2);
    else if (input.startsWith('../')) input = input.slice(3);
    else if (input === '.' || input === '..') break;
    else if (input.startsWith('/./')) input = input.slice(2);
    else if (input === '/.') {
      out += '/';
      break;
    } else if (input.startsWith('/../')) {
      input = input.slice(3);
      out = out.slice(0, Math.max(0, out.lastIndexOf('/')));
    } else if (input === '/..') {
      out = `${out.slice(0, Math.max(0, out.lastIndexOf('/')))}/`;
      break;
    } else {
      const next = input.indexOf('/', 1);
      const seg = next < 0 ? input : input.slice(0, next);
      out += seg;
      input = input.slice(seg.length);
    }
  }
  return out;
}

/** urlencode_str: bytes above 0x7f as %xx with curl's lower-case hex digits. */
function percentEncodeHigh(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * busybox 1.36.1 wget parse_url: the host ends at the first `/`, `?` or `#`; after a `/` the
 * rest is the path, after a `?` or `#` that mark is dropped and the rest is the path (so
 * `http://web?x=1` asks `GET /x=1`, as its own comment owns); the request line is `GET /PATH`,
 * the path sent as written, fragment included.
 */
export function busyboxTarget(url: string): (UrlParts & { hostPort: string; path: string }) | { error: string } {
  let rest = url;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    if (scheme[1] === 'https' || scheme[1] === 'ftp' || scheme[1] === 'ftps') return { error: `svcsim: wget here speaks plain http only, not ${scheme[1]}` };
    if (scheme[1] !== 'http') return { error: `wget: not an http or ftp url: ${url}` };
    rest = rest.slice(scheme[0].length);
  }
  const sep = rest.search(/[/?#]/);
  const hostPort = sep < 0 ? rest : rest.slice(0, sep);
  const path = sep < 0 ? '' : rest.slice(sep + 1);
  const m = /^([^:]*)(?::(\d+))?$/.exec(hostPort);
  if (!m) return { error: `wget: bad address '${hostPort}'` };
  return { host: m[1], port: m[2] === undefined ? 80 : Number(m[2]), hostPort, path, target: `/${path}` };
}
