// svcsim kernel suite: one DNS query over UDP or TCP (run with `ip netns exec NS node dns-query.mjs`).
// Usage: node dns-query.mjs udp|tcp SERVER NAME -> {"rcode":N,"tc":bool,"a":["10.96.0.1",...]} or {"error":...}
import dgram from 'node:dgram';
import net from 'node:net';

const [proto, server, name] = process.argv.slice(2);
const labels = name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
const query = Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0, 0, 1, 0, 1])]);

function skipName(m, off) {
  for (;;) {
    const n = m[off];
    if (n === 0) return off + 1;
    if ((n & 0xc0) === 0xc0) return off + 2;
    off += n + 1;
  }
}

function parse(m) {
  const rcode = m[3] & 0x0f;
  const tc = (m[2] & 0x02) !== 0;
  const an = m.readUInt16BE(6);
  let off = skipName(m, 12) + 4;
  const a = [];
  for (let i = 0; i < an; i++) {
    off = skipName(m, off);
    const type = m.readUInt16BE(off);
    const len = m.readUInt16BE(off + 8);
    if (type === 1) a.push([...m.subarray(off + 10, off + 14)].join('.'));
    off += 10 + len;
  }
  return { rcode, tc, a };
}

const done = (r) => { process.stdout.write(JSON.stringify(r) + '\n'); process.exit(0); };
setTimeout(() => done({ error: 'timeout' }), 3000);
if (proto === 'udp') {
  const s = dgram.createSocket('udp4');
  s.on('message', (m) => done(parse(m)));
  s.on('error', (e) => done({ error: e.code }));
  s.send(query, 53, server);
} else {
  const c = net.connect(53, server, () => c.write(Buffer.concat([Buffer.from([query.length >> 8, query.length & 0xff]), query])));
  let buf = Buffer.alloc(0);
  c.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(parse(buf.subarray(2)));
  });
  c.on('error', (e) => done({ error: e.code }));
}
