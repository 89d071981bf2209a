// svcsim kernel suite: the requests a source namespace sends (run with `ip netns exec NS node client.mjs`).
// Usage: node client.mjs tcp|udp HOST PORT TIMES TIMEOUT_MS [SLEEP_MS [SPORT]] -> one JSON array on stdout:
// [{ result: 'delivered', hostname, remote, local } | { result: 'refused'|'timeout'|'no-route'|'closed', error }]
// With SPORT every request is the same flow: UDP datagrams from one socket bound to it, TCP
// connections one after another from that local port (curl --local-port).
import http from 'node:http';
import dgram from 'node:dgram';

const [proto, host, portText, timesText, timeoutText, sleepText, sportText] = process.argv.slice(2);
// Real time between requests (bounded: the suite keeps its waits to a few seconds).
const sleepMs = Math.min(Number(sleepText ?? 0) || 0, 3000);
const port = Number(portText);
const times = Math.min(Number(timesText), 200);
const timeoutMs = Math.min(Number(timeoutText), 10_000);
const sport = Number(sportText ?? 0) || undefined;

function classify(err) {
  const code = err && err.code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return { result: 'refused', error: code };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { result: 'no-route', error: code };
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT') return { result: 'timeout', error: code };
  return { result: 'closed', error: String(code || err) };
}

function parse(body, local) {
  const hostname = /^Hostname: (.*)$/m.exec(body)?.[1];
  const remote = /^RemoteAddr: (.*)$/m.exec(body)?.[1];
  return { result: 'delivered', hostname, remote, local };
}

function tcpOnce() {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => { if (!done) { done = true; clearTimeout(timer); resolve(r); } };
    const req = http.get({ host, port, path: '/', agent: false, ...(sport ? { localPort: sport } : {}), headers: { 'User-Agent': 'curl/7.88.1' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => finish(parse(body, `${req.socket?.localAddress}:${req.socket?.localPort}`)));
    });
    const timer = setTimeout(() => { finish({ result: 'timeout', error: 'TIMEOUT' }); req.destroy(); }, timeoutMs);
    req.on('error', (e) => finish(classify(e)));
  });
}

function udpOnce() {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    let done = false;
    const finish = (r) => { if (!done) { done = true; clearTimeout(timer); try { sock.close(); } catch {} resolve(r); } };
    const timer = setTimeout(() => finish({ result: 'timeout', error: 'TIMEOUT' }), timeoutMs);
    sock.on('message', (m) => finish(parse(m.toString(), `${sock.address().address}:${sock.address().port}`)));
    sock.on('error', (e) => finish(classify(e)));
    // A connected socket hears ICMP port unreachable as ECONNREFUSED.
    sock.connect(port, host, () => sock.send('svcsim'));
  });
}

/** Every datagram from one socket bound to `sport`: one 5-tuple, one conntrack entry. */
async function udpFlow() {
  const sock = dgram.createSocket('udp4');
  const answers = [];
  sock.on('message', (m) => answers.shift()?.(parse(m.toString(), `${sock.address().address}:${sock.address().port}`)));
  sock.on('error', (e) => answers.shift()?.(classify(e)));
  const ready = await new Promise((resolve) => {
    sock.once('error', (e) => resolve(classify(e)));
    sock.bind(sport, () => sock.connect(port, host, () => resolve(undefined)));
  });
  const out = [];
  for (let i = 0; i < times && !ready; i++) {
    if (i > 0 && sleepMs) await new Promise((r) => setTimeout(r, sleepMs));
    out.push(await new Promise((resolve) => {
      const timer = setTimeout(() => { answers.length = 0; resolve({ result: 'timeout', error: 'TIMEOUT' }); }, timeoutMs);
      answers.push((r) => { clearTimeout(timer); resolve(r); });
      sock.send('svcsim');
    }));
  }
  sock.close();
  return ready ? [ready] : out;
}

const out = [];
if (proto === 'udp' && sport) out.push(...(await udpFlow()));
else {
  for (let i = 0; i < times; i++) {
    if (i > 0 && sleepMs) await new Promise((r) => setTimeout(r, sleepMs));
    out.push(await (proto === 'udp' ? udpOnce() : tcpOnce()));
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
