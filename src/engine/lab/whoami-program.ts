/**
 * The server a lab pod runs: a few lines of Node (ES module) that answer like traefik/whoami
 * (dataplane/app.ts whoamiBody) on TCP, and with its name and the source it saw on UDP. Kept
 * as text: the CLI writes it into the lab directory, the script writes it with a heredoc.
 *
 * Usage: node whoami.mjs NAME PORT/PROTO... [--max-seconds N]
 * Prints `ready` once every port listens; exits by itself after N seconds when given.
 */
export const WHOAMI_PROGRAM = `// svcsim lab: a whoami-like server (traefik/whoami's answer) on TCP and UDP ports.
// process.getBuiltinModule (Node >= 20.16): no import statement, so the program is one plain file.
const http = process.getBuiltinModule('node:http');
const dgram = process.getBuiltinModule('node:dgram');
const os = process.getBuiltinModule('node:os');

const args = process.argv.slice(2);
const name = args.shift();
let maxSeconds = 0;
const ports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--max-seconds') maxSeconds = Number(args[++i]);
  else ports.push(args[i]);
}
const ips = () => Object.values(os.networkInterfaces()).flat().filter(Boolean).sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1)).map((a) => 'IP: ' + a.address);
const strip = (addr) => (addr && addr.startsWith('::ffff:') ? addr.slice(7) : addr);
let pending = ports.length;
const ready = () => { if (--pending === 0) console.log('ready'); };
for (const p of ports) {
  const [port, proto] = p.split('/');
  if (proto === 'udp') {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => {
      sock.send('Hostname: ' + name + '\\nRemoteAddr: ' + rinfo.address + ':' + rinfo.port + '\\n', rinfo.port, rinfo.address);
    });
    sock.bind(Number(port), '0.0.0.0', ready);
  } else {
    const server = http.createServer((req, res) => {
      const head = [req.method + ' ' + req.url + ' HTTP/' + req.httpVersion];
      for (let i = 0; i < req.rawHeaders.length; i += 2) head.push(req.rawHeaders[i] + ': ' + req.rawHeaders[i + 1]);
      const remote = strip(req.socket.remoteAddress) + ':' + req.socket.remotePort;
      const body = ['Hostname: ' + name, ...ips(), 'RemoteAddr: ' + remote].join('\\n') + '\\n' + head.join('\\r\\n') + '\\r\\n\\r\\n';
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end(body);
    });
    server.keepAliveTimeout = 0;
    server.listen(Number(port), '0.0.0.0', ready);
  }
}
if (pending === 0) console.log('ready');
if (maxSeconds > 0) setTimeout(() => process.exit(0), maxSeconds * 1000).unref?.();
`;
