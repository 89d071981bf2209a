/**
 * The server a lab pod runs: a few lines of Node (ES module) that answer like traefik/whoami
 * (dataplane/app.ts whoamiBody) on TCP, and with its name and the source it saw on UDP. The CLI
 * runs this file; `svcsim lab script` writes it into its script with a heredoc.
 *
 * Usage: node whoami.mjs NAME PORT/PROTO... [--max-seconds N] [--dns TABLE.json]
 * Prints `ready` once every port listens; exits by itself after N seconds when given. With
 * `--dns` (a CoreDNS pod), port 53 answers DNS over UDP and TCP from the table (dns-table.ts):
 * the header, the question and owner names in the asker's spelling are written here, the
 * record data comes as hex. Over UDP an answer past 512 bytes is cut to the header with TC set
 * (no EDNS), and the asker retries over TCP. An HTTP request on 53/tcp still gets the whoami
 * answer (the kernel suite asks each endpoint who it is that way).
 */
// svcsim lab: a whoami-like server (traefik/whoami's answer) on TCP and UDP ports.
// process.getBuiltinModule (Node >= 20.16): no import statement, so the program is one plain file.
const http = process.getBuiltinModule('node:http');
const dgram = process.getBuiltinModule('node:dgram');
const os = process.getBuiltinModule('node:os');
const net = process.getBuiltinModule('node:net');
const fs = process.getBuiltinModule('node:fs');

const args = process.argv.slice(2);
const name = args.shift();
let maxSeconds = 0;
let dns = null;
const ports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--max-seconds') maxSeconds = Number(args[++i]);
  else if (args[i] === '--dns') dns = JSON.parse(fs.readFileSync(args[++i], 'utf8'));
  else ports.push(args[i]);
}
const ips = () => Object.values(os.networkInterfaces()).flat().filter(Boolean).sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1)).map((a) => 'IP: ' + a.address);
const strip = (addr) => (addr && addr.startsWith('::ffff:') ? addr.slice(7) : addr);
const u16 = (n) => { const b = Buffer.alloc(2); b.writeUInt16BE(n & 0xffff); return b; };
const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
const wireName = (name) => Buffer.concat([...name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
// The answer to one query message, or null for what a server ignores (a response, no question).
function dnsAnswer(q, maxSize) {
  if (q.length < 12 || q[2] & 0x80 || q.readUInt16BE(4) !== 1) return null;
  let off = 12;
  const labels = [];
  while (off < q.length && q[off] !== 0) {
    if (q[off] > 63) return null;
    labels.push(q.toString('latin1', off + 1, off + 1 + q[off]));
    off += q[off] + 1;
  }
  off += 5;
  if (off > q.length) return null;
  const qtype = q.readUInt16BE(off - 4);
  const qname = labels.join('.') + '.';
  const lname = qname.toLowerCase();
  const inZone = lname === dns.zone || lname.endsWith('.' + dns.zone);
  const a = dns.answers[lname + '|' + qtype] || (inZone ? dns.unknownInZone : dns.unknownOutside);
  // Owner names that are the question or one of its parents take the asker's spelling (CoreDNS echoes it).
  const owner = (name) => {
    const l = name.toLowerCase();
    return lname.endsWith(l) && (l.length === lname.length || lname[lname.length - l.length - 1] === '.') ? qname.slice(qname.length - l.length) : name;
  };
  const rr = (r) => { const data = Buffer.from(r.rdata, 'hex'); return Buffer.concat([wireName(owner(r.name)), u16(r.type), u16(1), u32(r.ttl), u16(data.length), data]); };
  const flags = (tc) => 0x8000 | (q.readUInt16BE(2) & 0x7900) | (a.aa ? 0x400 : 0) | (tc ? 0x200 : 0) | (a.ra ? 0x80 : 0) | a.rcode;
  const head = (tc, an, ns, ar) => Buffer.concat([q.subarray(0, 2), u16(flags(tc)), u16(1), u16(an), u16(ns), u16(ar)]);
  const question = q.subarray(12, off);
  const body = [...a.answer.map(rr), ...a.authority.map(rr), ...a.additional.map(rr)];
  const full = Buffer.concat([head(false, a.answer.length, a.authority.length, a.additional.length), question, ...body]);
  return full.length <= maxSize ? full : Buffer.concat([head(true, 0, 0, 0), question]);
}
const whoami = (req, res) => {
  const head = [req.method + ' ' + req.url + ' HTTP/' + req.httpVersion];
  for (let i = 0; i < req.rawHeaders.length; i += 2) head.push(req.rawHeaders[i] + ': ' + req.rawHeaders[i + 1]);
  const remote = strip(req.socket.remoteAddress) + ':' + req.socket.remotePort;
  const body = ['Hostname: ' + name, ...ips(), 'RemoteAddr: ' + remote].join('\n') + '\n' + head.join('\r\n') + '\r\n\r\n';
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  res.end(body);
};
let pending = ports.length;
const ready = () => { if (--pending === 0) console.log('ready'); };
for (const p of ports) {
  const [port, proto] = p.split('/');
  if (dns && port === '53' && proto === 'udp') {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => { const r = dnsAnswer(msg, 512); if (r) sock.send(r, rinfo.port, rinfo.address); });
    sock.bind(53, '0.0.0.0', ready);
  } else if (dns && port === '53') {
    // A request that starts like HTTP gets the whoami answer: the kernel suite asks every server who it is.
    const web = http.createServer(whoami);
    web.keepAliveTimeout = 0;
    const server = net.createServer((conn) => {
      let buf = null;
      const onData = (chunk) => {
        if (buf === null && /^[A-Z]+ [^ ]+ HTTP[/]1/.test(chunk.toString('latin1', 0, 64))) {
          conn.removeListener('data', onData);
          conn.unshift(chunk);
          web.emit('connection', conn);
          return;
        }
        buf = buf === null ? chunk : Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const r = dnsAnswer(buf.subarray(2, 2 + buf.readUInt16BE(0)), 65535);
          buf = buf.subarray(2 + buf.readUInt16BE(0));
          if (r) conn.write(Buffer.concat([u16(r.length), r]));
        }
      };
      conn.on('data', onData);
      conn.on('error', () => {});
    });
    server.listen(53, '0.0.0.0', ready);
  } else if (proto === 'udp') {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => {
      sock.send('Hostname: ' + name + '\nRemoteAddr: ' + rinfo.address + ':' + rinfo.port + '\n', rinfo.port, rinfo.address);
    });
    sock.bind(Number(port), '0.0.0.0', ready);
  } else {
    const server = http.createServer(whoami);
    server.keepAliveTimeout = 0;
    server.listen(Number(port), '0.0.0.0', ready);
  }
}
if (pending === 0) console.log('ready');
if (maxSeconds > 0) setTimeout(() => process.exit(0), maxSeconds * 1000).unref?.();
