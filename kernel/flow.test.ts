/**
 * The kernel suite, flows (issue 6): a second request of a flow hits the conntrack entry svcsim
 * shows. A pod on node201 talks to a ClusterIP Service over three pods on three nodes.
 * - UDP: datagrams from one socket bound to a fixed port (one 5-tuple) all reach one endpoint,
 *   and `conntrack -L` on node201 lists one entry for that port, answered by that endpoint; in
 *   svcsim the later datagrams hit conntrack (a `conntrack-hit` hop) and keep the first one's
 *   endpoint, with an entry of the same shape.
 * - TCP: connections one after another from one local port (`curl --local-port`): each SYN on the
 *   tuple in TIME_WAIT reopens it (nf_conntrack_proto_tcp.c tcp_packet kills the old entry, the
 *   packet is looked up again as NEW and the nat table decides afresh), so `conntrack -E` shows
 *   one NEW per connection and `conntrack -L` one entry, in TIME_WAIT, answered by the last
 *   connection's endpoint; svcsim's traces never hit conntrack and each is DNATed again.
 * The endpoints chosen are random draws on both sides: the shapes are compared, not the pods.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { assertNothingLeft, skipped } from './harness.ts';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, labPlanOf, withProxyMode, type Session, type Trace } from '../src/engine/index.ts';
import { DataPlane, type ClusterView } from '../src/engine/dataplane/world.ts';
import { send } from '../src/engine/dataplane/walk.ts';
import { conntrackCommand } from '../src/engine/net/conntrack-format.ts';
import { decodeKubeProxyConfiguration } from '../src/engine/manifest/index.ts';
import { checkHost } from '../src/cli/lab/host.ts';
import { labDown, labUp, type LabState } from '../src/cli/lab/runner.ts';
import { parseConntrack, setText, type CtEntry } from './conntrack.ts';

const PREFIX = `svf${process.pid.toString(36)}-`;
const CLIENT = fileURLToPath(new URL('./client.mjs', import.meta.url));
const UDP_PORT = 5353;
const UDP_SPORT = 40053;
const UDP_TIMES = 6;
const TCP_SPORT = 40080;
/** Connections from the one local port: enough that the draws differ (all 10 alike: 1 in 19,683 with three endpoints). */
const TCP_TIMES = 10;
/** Real time between the connections: the client's side of the last one is gone (LAST_ACK acknowledged). */
const TCP_GAP_MS = 200;

const web = (i: number): string => `apiVersion: v1
kind: Pod
metadata:
  name: web-${i}
  labels:
    app: web
spec:
  nodeName: node20${i}
  containers:
  - name: app
    image: traefik/whoami
    ports:
    - containerPort: 80
    - containerPort: ${UDP_PORT}
      protocol: UDP
`;

const SCENARIO = [
  web(1),
  web(2),
  web(3),
  `apiVersion: v1
kind: Pod
metadata:
  name: caller
spec:
  nodeName: node201
  containers:
  - name: app
    image: nicolaka/netshoot
`,
  `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
  - name: udp
    port: ${UDP_PORT}
    protocol: UDP
`,
].join('---\n');

interface KernelAnswer {
  result: string;
  hostname?: string;
  remote?: string;
  error?: string;
}

function nsOf(state: LabState, name: string): string {
  const p = state.places.find((x) => x.name === name && x.kind !== 'underlay');
  if (!p) throw new Error(`no lab place ${name}`);
  return p.netns;
}

function kernelSend(netns: string, proto: 'tcp' | 'udp', ip: string, port: number, times: number, sleepMs: number, sport: number): KernelAnswer[] {
  const timeoutMs = 3000;
  const r = spawnSync('ip', ['netns', 'exec', netns, process.execPath, CLIENT, proto, ip, String(port), String(times), String(timeoutMs), String(sleepMs), String(sport)], { encoding: 'utf8', timeout: times * (timeoutMs + sleepMs) + 10_000 });
  if (r.status !== 0) throw new Error(`client in ${netns}: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as KernelAnswer[];
}

/** A TCP line of `conntrack -L` or `-E`: its state (the word before the first src=). */
const tcpState = (line: string): string => /\s([A-Z_]+2?)\s+src=/.exec(line)?.[1] ?? '?';
const shape = (e: CtEntry): string => `${e.origSrc}:${e.origSport} -> reply from ${e.replySrc} to ${e.replyDst}`;

/** `conntrack -E` in a namespace while `during` runs; its event lines (bounded: killed by its pid after). */
async function kernelEvents(netns: string, args: string[], during: () => void): Promise<string[]> {
  const child = spawn('ip', ['netns', 'exec', netns, 'timeout', '30', 'conntrack', '-E', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    // conntrack prints nothing once it listens: give it a moment to open its netlink socket.
    await new Promise((r) => setTimeout(r, 300));
    during();
    // The last close's events (TIME_WAIT) come as the FIN/ACK exchange ends.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    if (child.pid) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  }
  return out.split('\n').filter((l) => /\[(NEW|UPDATE|DESTROY)\]/.test(l));
}

async function crossCheck(mode: 'iptables' | 'nftables'): Promise<string[]> {
  const session: Session = createSession({ scenario: withProxyMode(SCENARIO, mode) });
  expect(session.problems.map((p) => p.message)).toEqual([]);
  const cluster = session.cluster as ClusterView;
  const vip = cluster.get('Service', 'default', 'web')!.spec.clusterIP!;
  const caller = cluster.get('Pod', 'default', 'caller')!;
  const callerIP = caller.status!.podIP!;
  const podIPs = new Map(cluster.list('Pod', 'default').map((p) => [p.metadata.name, p.status!.podIP!]));
  const endpoints = new Set(['web-1', 'web-2', 'web-3'].map((n) => podIPs.get(n)!));
  const differences: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'svcsim-kernel-flow-'));
  const state = await labUp(labPlanOf(session, { prefix: PREFIX }), dir, { maxSeconds: 120 });
  try {
    const podNs = nsOf(state, 'default/caller');
    const nodeNs = nsOf(state, 'node201');
    const kernelCt = (args: string[]): string => spawnSync('ip', ['netns', 'exec', nodeNs, 'conntrack', ...args], { encoding: 'utf8' }).stdout;

    // UDP: one socket, one 5-tuple, UDP_TIMES datagrams.
    {
      const where = `UDP ${callerIP}:${UDP_SPORT} -> ${vip}:${UDP_PORT}`;
      const k = kernelSend(podNs, 'udp', vip, UDP_PORT, UDP_TIMES, 0, UDP_SPORT);
      const kReached = new Set(k.map((a) => (a.result === 'delivered' ? podIPs.get(a.hostname ?? '') ?? `?${a.hostname}` : a.result)));
      if (k.length !== UDP_TIMES || kReached.size !== 1) differences.push(`${where}: the kernel's ${UDP_TIMES} datagrams got ${setText(k.map((a) => `${a.result} ${a.hostname ?? a.error ?? ''}`))}, expected one endpoint for all`);
      const ctArgs = ['-L', '-p', 'udp', '--orig-dst', vip, '--orig-port-dst', String(UDP_PORT)];
      const kc = parseConntrack(kernelCt(ctArgs)).filter((e) => e.origSport === String(UDP_SPORT));

      // svcsim: the engine's send with the same source port, on a data plane over the session's cluster.
      const dp = new DataPlane(cluster, 7, (text) => decodeKubeProxyConfiguration(text).config);
      dp.observeKubeProxies();
      if (dp.modeOf('node201') !== mode) differences.push(`svcsim's node201 runs kube-proxy in ${dp.modeOf('node201')} mode, not ${mode}`);
      const from = { kind: 'pod' as const, name: 'default/caller', ip: callerIP, host: 'node201' };
      const at = { kind: 'pod' as const, key: 'default/caller', node: 'node201' };
      const traces: Trace[] = Array.from({ length: UDP_TIMES }, () => send(dp, cluster, { from, at, dst: vip, dport: UDP_PORT, proto: 'udp', sport: UDP_SPORT, clients: session.clients }));
      const sReached = new Set(traces.map((t) => (t.result === 'delivered' ? t.endpoint?.ip ?? '?' : t.result)));
      if (sReached.size !== 1) differences.push(`${where}: svcsim's datagrams reached ${setText(sReached)}, expected one endpoint for all`);
      const hits = traces.map((t) => t.hops.some((h) => h.action === 'conntrack-hit' && h.place.host === 'node201'));
      if (hits[0] || hits.slice(1).some((h) => !h)) differences.push(`${where}: svcsim's conntrack hits on node201 per datagram: ${hits.join(',')} (expected the first to miss, the rest to hit)`);
      const sc = parseConntrack(conntrackCommand(dp.conntrack('node201'), ctArgs, cluster.now()).stdout).filter((e) => e.origSport === String(UDP_SPORT));

      if (kc.length !== 1 || sc.length !== 1) differences.push(`${where}: conntrack -L on node201 lists ${kc.length} entries for the port in the kernel, ${sc.length} in svcsim (expected 1)`);
      const [ke, se] = [kc[0], sc[0]];
      if (ke && !(kReached.has(ke.replySrc) && endpoints.has(ke.replySrc))) differences.push(`${where}: the kernel's entry is answered by ${ke.replySrc}, its datagrams by ${setText(kReached)}`);
      if (se && !(sReached.has(se.replySrc) && endpoints.has(se.replySrc))) differences.push(`${where}: svcsim's entry is answered by ${se.replySrc}, its datagrams by ${setText(sReached)}`);
      // Same shape: the same original tuple, answered by an endpoint, to the caller (no SNAT).
      const general = (e: CtEntry): string => shape({ ...e, replySrc: endpoints.has(e.replySrc) ? 'ENDPOINT' : e.replySrc });
      if (ke && se && general(ke) !== general(se)) differences.push(`${where}: the kernel's entry ${shape(ke)}, svcsim's ${shape(se)}`);
    }

    // TCP: TCP_TIMES connections from one local port, each after the last one closed.
    {
      const where = `TCP ${callerIP}:${TCP_SPORT} -> ${vip}:80`;
      let k: KernelAnswer[] = [];
      const events = await kernelEvents(nodeNs, ['-p', 'tcp', '--orig-dst', vip, '--orig-port-dst', '80'], () => {
        k = kernelSend(podNs, 'tcp', vip, 80, TCP_TIMES, TCP_GAP_MS, TCP_SPORT);
      });
      const ours = events.filter((l) => l.includes(` sport=${TCP_SPORT} `));
      const kResults = k.map((a) => (a.result === 'delivered' ? podIPs.get(a.hostname ?? '') ?? `?${a.hostname}` : `${a.result} ${a.error ?? ''}`));
      if (k.length !== TCP_TIMES || kResults.some((r) => !endpoints.has(r))) differences.push(`${where}: the kernel's connections got ${kResults.join(', ')}`);
      const news = ours.filter((l) => l.includes('[NEW]'));
      const destroys = ours.filter((l) => l.includes('[DESTROY]'));
      // Each SYN after the first met the entry in TIME_WAIT: killed, and a new one made.
      if (news.length !== TCP_TIMES || destroys.length !== TCP_TIMES - 1) differences.push(`${where}: conntrack -E on node201 showed ${news.length} NEW and ${destroys.length} DESTROY events in the kernel, expected ${TCP_TIMES} and ${TCP_TIMES - 1}:\n    ${ours.join('\n    ')}`);
      const kState = destroys.map(tcpState);
      if (kState.some((s) => s !== 'TIME_WAIT')) differences.push(`${where}: the kernel destroyed entries in the states ${kState.join(',')}, expected TIME_WAIT`);
      if (new Set(kResults).size === 1) differences.push(`${where}: all ${TCP_TIMES} kernel connections reached ${kResults[0]}: no fresh NAT decision seen`);

      const before = session.run(`ssh node201 conntrack -L -p tcp --orig-dst ${vip} --sport ${TCP_SPORT}`).stdout;
      if (parseConntrack(before).length) differences.push(`${where}: svcsim lists an entry before any connection: ${before}`);
      const sTraces: Trace[] = [];
      for (let i = 0; i < TCP_TIMES; i++) {
        const r = session.run(`kubectl exec caller -- curl -s --local-port ${TCP_SPORT} http://${vip}/`);
        if (!r.trace || r.exitCode !== 0) differences.push(`${where}: svcsim's curl ${i + 1} exited ${r.exitCode}: ${r.stderr}`);
        if (r.trace) sTraces.push(r.trace);
      }
      const sResults = sTraces.map((t) => (t.result === 'delivered' ? t.endpoint?.ip ?? '?' : t.result));
      if (sResults.some((r) => !endpoints.has(r))) differences.push(`${where}: svcsim's connections got ${sResults.join(', ')}`);
      const sHits = sTraces.filter((t) => t.hops.some((h) => h.action === 'conntrack-hit')).length;
      const sDnat = sTraces.filter((t) => t.hops.some((h) => h.action === 'dnat')).length;
      if (sHits || sDnat !== TCP_TIMES) differences.push(`${where}: svcsim's ${TCP_TIMES} connections: ${sHits} conntrack hits and ${sDnat} DNAT decisions, expected none and ${TCP_TIMES}`);
      if (new Set(sResults).size === 1) differences.push(`${where}: all ${TCP_TIMES} svcsim connections reached ${sResults[0]}: no fresh NAT decision`);

      const ctArgs = ['-L', '-p', 'tcp', '--orig-dst', vip, '--orig-port-dst', '80'];
      const kLines = kernelCt(ctArgs).split('\n').filter((l) => l.includes(` sport=${TCP_SPORT} `));
      const sLines = session.run(`ssh node201 conntrack ${ctArgs.join(' ')}`).stdout.split('\n').filter((l) => l.includes(` sport=${TCP_SPORT} `));
      if (kLines.length !== 1 || sLines.length !== 1) differences.push(`${where}: conntrack -L on node201 lists ${kLines.length} entries for the port in the kernel, ${sLines.length} in svcsim (expected 1)`);
      const [kl, sl] = [kLines[0], sLines[0]];
      if (kl && sl) {
        const [ke, se] = [parseConntrack(kl)[0]!, parseConntrack(sl)[0]!];
        // The entry is the last connection's: its endpoint answers, and it ended in TIME_WAIT.
        if (ke.replySrc !== kResults[kResults.length - 1]) differences.push(`${where}: the kernel's entry is answered by ${ke.replySrc}, its last connection by ${kResults[kResults.length - 1]}`);
        if (se.replySrc !== sResults[sResults.length - 1]) differences.push(`${where}: svcsim's entry is answered by ${se.replySrc}, its last connection by ${sResults[sResults.length - 1]}`);
        if (tcpState(kl) !== tcpState(sl)) differences.push(`${where}: the entry is in ${tcpState(kl)} in the kernel, ${tcpState(sl)} in svcsim`);
        const flags = (l: string): string => setText(['[UNREPLIED]', '[ASSURED]'].filter((f) => l.includes(f)));
        if (flags(kl) !== flags(sl)) differences.push(`${where}: the entry's flags are ${flags(kl)} in the kernel, ${flags(sl)} in svcsim`);
        const general = (e: CtEntry): string => shape({ ...e, replySrc: endpoints.has(e.replySrc) ? 'ENDPOINT' : e.replySrc });
        if (general(ke) !== general(se)) differences.push(`${where}: the kernel's entry ${shape(ke)}, svcsim's ${shape(se)}`);
      }
    }
  } finally {
    labDown(dir, PREFIX);
    rmSync(dir, { recursive: true, force: true });
  }
  return differences;
}

afterAll(() => assertNothingLeft(PREFIX));

for (const mode of ['iptables', 'nftables'] as const) {
  const why = checkHost(mode, PREFIX).reasons.join('; ');
  if (skipped(`flows, ${mode} mode`, why)) continue;
  describe(`kernel: flows, ${mode} mode`, () => {
    it('a UDP flow stays on its conntrack entry; a TCP SYN on a TIME_WAIT tuple reopens it with a fresh NAT decision, as svcsim says', async () => {
      const differences = await crossCheck(mode);
      expect(differences, `svcsim and the kernel differ:\n  ${differences.join('\n  ')}`).toEqual([]);
    });
  });
}
