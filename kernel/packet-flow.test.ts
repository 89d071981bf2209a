/**
 * The kernel suite (issue 6): each packet-flow case (src/engine/proxy/testing/packet-flow-cases.ts)
 * built as a real lab of network namespaces with the tables svcsim generated, real requests sent
 * from the source namespace, and the outcome compared with svcsim's traces: the result (delivered,
 * refused, timed out), the endpoints that answer (only ones svcsim allows; all of them over enough
 * requests), the source address each endpoint saw, and the conntrack entries on the source's node.
 * Every difference is collected and the case fails with the list. Needs root, Linux, netns,
 * iproute2, iptables, nfacct, conntrack (nft for nftables mode); elsewhere it says why it skipped.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { assertNothingLeft, skipped } from './harness.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, labPlanOf, labUpdate, withProxyMode, type Pod, type Service, type Session, type Trace } from '../src/engine/index.ts';
import { PACKET_FLOW_CASES, type ConntrackStep, type FlowSource, type FlowStep, type FlowTarget, type PacketFlowCase, type ProxyModeName, type SendStep } from '../src/engine/proxy/testing/packet-flow-cases.ts';
import { checkHost, kernelFeatures } from '../src/cli/lab/host.ts';
import { labApply, labDown, labUp, type LabState } from '../src/cli/lab/runner.ts';
import { parseConntrack, setText, type CtEntry } from './conntrack.ts';

// One prefix per run: engineers and CI may run the suite at the same time on one machine, and
// each run makes, checks and removes only its own namespaces.
const PREFIX = `svk${process.pid.toString(36)}-`;
const CLIENT = fileURLToPath(new URL('./client.mjs', import.meta.url));
/** svcsim samples per step to learn which endpoints it allows and what source each sees. */
const SAMPLES = 48;
const MAX_TIMES = 30;
/** Seconds between requests that the suite leaves out (shorter than any affinity timeout of the table). */
const SHORT_SLEEP = 5;
/** Seconds between requests the lab waits for real. */
const REAL_SLEEP = 2;
/** The session affinity timeout of the lab variant of a case whose waits outlast its own. */
const LAB_AFFINITY_TIMEOUT = 1;
/** Requests of a step that waits past the affinity timeout, in the lab variant. */
const LAB_AFFINITY_TIMES = 8;

/**
 * A case whose requests wait past its session affinity timeout (30 s) would take minutes of real
 * time: its lab variant has a 1 s timeout, 2 s waits for the waits past the timeout (at most 8
 * requests) and none for the waits within it, in svcsim and in the lab alike.
 */
function labVariant(c: PacketFlowCase): { scenario: string; steps: FlowStep[]; note?: string } {
  const timeout = Number(/timeoutSeconds: (\d+)/.exec(c.scenario)?.[1] ?? NaN);
  const longWaits = c.steps.some((s) => 'send' in s && (s.send.sleepBetween ?? 0) > SHORT_SLEEP);
  if (!longWaits || !(timeout > REAL_SLEEP)) return { scenario: c.scenario, steps: [...c.steps] };
  const steps = c.steps.map((s): FlowStep => {
    if (!('send' in s) || !s.send.sleepBetween) return s;
    const past = s.send.sleepBetween > timeout;
    return { send: { ...s.send, sleepBetween: past ? REAL_SLEEP : 0, ...(past ? { times: Math.min(s.send.times ?? 1, LAB_AFFINITY_TIMES) } : {}) } };
  });
  return {
    scenario: c.scenario.replace(/timeoutSeconds: \d+/g, `timeoutSeconds: ${LAB_AFFINITY_TIMEOUT}`),
    steps,
    note: `${c.name}: checked as its lab variant (timeoutSeconds ${LAB_AFFINITY_TIMEOUT}, ${REAL_SLEEP} s waits past it, at most ${LAB_AFFINITY_TIMES} requests; none within it)`,
  };
}

/** The scenario with every Service's session affinity off. */
function withoutAffinity(scenario: string): string {
  return scenario.replace(/^(\s*)sessionAffinity: ClientIP\n/gm, '').replace(/^(\s*)sessionAffinityConfig:\n(?:\1\s+.*\n)*/gm, '');
}

interface KernelAnswer {
  result: 'delivered' | 'refused' | 'timeout' | 'no-route' | 'closed';
  hostname?: string;
  remote?: string;
  error?: string;
}

interface Run {
  session: Session;
  sampler: Session;
  state: LabState;
  differences: string[];
  unchecked: string[];
  /** Conntrack entries svcsim's traces allow, over the case's steps so far: `node dst/proto origSrc replySrc replyDst`. */
  ctAllowed: Set<string>;
  /** What the previous conntrack check of a node and target listed. */
  ctSeen: Map<string, { kernel: CtEntry[]; sim: number }>;
}

const norm = (r: string): string => (r === 'dropped' ? 'timeout' : r);
const ipOf = (addr: string): string => addr.slice(0, addr.lastIndexOf(':'));

function selectorMatches(pod: Pod, selector: string): boolean {
  return selector.split(',').every((t) => {
    const [k, v] = t.split('=');
    return pod.metadata.labels?.[k!] === v;
  });
}

function findPod(s: Session, ref: { pod?: string; podSelector?: string; namespace?: string; node?: string }): Pod {
  const pod = s.cluster
    .list('Pod', ref.namespace ?? 'default')
    .filter((p) => (ref.pod ? p.metadata.name === ref.pod : selectorMatches(p, ref.podSelector ?? '')) && (!ref.node || p.spec.nodeName === ref.node))
    .slice()
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
  if (!pod?.status?.podIP) throw new Error(`no running pod for ${JSON.stringify(ref)}`);
  return pod;
}

function nodeIP(s: Session, node: string): string {
  const ip = s.cluster.get('Node', undefined, node)?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (!ip) throw new Error(`no node ${node}`);
  return ip;
}

function resolveTarget(s: Session, to: FlowTarget): { ip: string; port: number; node?: string } | undefined {
  if ('ip' in to) return to;
  if ('podSelector' in to) return { ip: findPod(s, to).status!.podIP!, port: to.port };
  const svc: Service | undefined = s.cluster.get('Service', to.namespace ?? 'default', to.service);
  if (!svc) throw new Error(`no Service ${to.service}`);
  const sp = to.port === undefined ? svc.spec.ports?.[0] : svc.spec.ports?.find((p) => p.name === to.port || p.port === to.port);
  if (!sp) throw new Error(`no port ${String(to.port)}`);
  if (to.via === 'clusterIP') return svc.spec.clusterIP && svc.spec.clusterIP !== 'None' ? { ip: svc.spec.clusterIP, port: sp.port } : undefined;
  if (to.via === 'nodePort') return { ip: nodeIP(s, to.node ?? 'master200'), port: sp.nodePort!, node: to.node ?? 'master200' };
  if (to.via === 'externalIP') return svc.spec.externalIPs?.[0] ? { ip: svc.spec.externalIPs[0], port: sp.port } : undefined;
  const lb = svc.status?.loadBalancer?.ingress?.[0]?.ip;
  return lb ? { ip: lb, port: sp.port } : undefined;
}

/** The words `Session.trace` takes, the lab namespace, and the node whose conntrack the flow starts in. */
function resolveSource(s: Session, state: LabState, from: FlowSource): { word: string; netns: string; node?: string } {
  const place = (name: string): string => {
    const p = state.places.find((x) => x.name === name && x.kind !== 'underlay');
    if (!p) throw new Error(`no lab place ${name}`);
    return p.netns;
  };
  if ('client' in from) return { word: from.client, netns: place(from.client) };
  if ('node' in from && !('podSelector' in from)) return { word: from.node, netns: place(from.node), node: from.node };
  const pod = findPod(s, from);
  const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
  return { word: key, netns: place(key), node: pod.spec.nodeName! };
}

function kernelSend(netns: string, proto: string, ip: string, port: number, times: number, timeoutMs: number, sleepMs = 0): KernelAnswer[] {
  const r = spawnSync('ip', ['netns', 'exec', netns, process.execPath, CLIENT, proto, ip, String(port), String(times), String(timeoutMs), String(sleepMs)], { encoding: 'utf8', timeout: times * (timeoutMs + sleepMs) + 10_000 });
  if (r.status !== 0) throw new Error(`client in ${netns}: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as KernelAnswer[];
}

function crossCheckSend(run: Run, step: SendStep, mode: ProxyModeName, label: string): void {
  if (step.modes?.[mode] === 'skip') return;
  const proto = step.proto ?? 'tcp';
  const target = resolveTarget(run.session, step.to);
  if (!target) return; // no address: nothing is sent in either world
  const src = resolveSource(run.session, run.state, step.from);
  const times = Math.min(step.times ?? 1, MAX_TIMES);
  const to = `${target.ip}:${target.port}`;
  const trace = (s: Session): Trace => {
    const r = s.trace({ from: src.word, to, proto });
    if ('error' in r) throw new Error(`svcsim trace ${src.word} -> ${to}: ${r.error}`);
    return r.trace;
  };
  // svcsim: the same number of requests (for conntrack), and many more in a second session for the allowed set.
  // Entries of the target before this step, on both sides (earlier steps and cleanups leave some).
  const ctArgs = ['-L', '-p', proto, '--orig-dst', target.ip, '--orig-port-dst', String(target.port)];
  const ctNodeNs = run.state.places.find((p) => p.kind === 'node' && p.name === (src.node ?? target.node))?.netns;
  const ctCounts = (): { k: number; s: number } => ({
    k: parseConntrack(spawnSync('ip', ['netns', 'exec', ctNodeNs!, 'conntrack', ...ctArgs], { encoding: 'utf8' }).stdout).length,
    s: parseConntrack(run.session.run(`ssh ${src.node ?? target.node} conntrack ${ctArgs.join(' ')}`).stdout).length,
  });
  const ct0 = ctNodeNs ? ctCounts() : { k: 0, s: 0 };
  const traces = Array.from({ length: times }, (_, i) => {
    if (i > 0 && step.sleepBetween) run.session.run(`sleep ${step.sleepBetween}`);
    return trace(run.session);
  });
  const samples = [...traces, ...Array.from({ length: SAMPLES }, () => trace(run.sampler))];
  const simResults = new Set(traces.map((t) => norm(t.result)));
  const expected = [...simResults][0]!;
  // A missing host on a bridge is reported after ARP gives up (3 probes, 1 s apart), then ICMP comes back.
  const timeoutMs = expected === 'timeout' ? 1200 : expected === 'no-route' ? 6000 : 3000;
  // Waits of up to REAL_SLEEP seconds pass in real time in the lab too; longer ones (up to SHORT_SLEEP) only on svcsim's clock.
  const wait = step.sleepBetween ?? 0;
  const kernel = kernelSend(src.netns, proto, target.ip, target.port, times, timeoutMs, wait <= REAL_SLEEP ? wait * 1000 : 0);
  const where = `${label} (${src.word} -> ${to}/${proto})`;

  const kResults = new Set(kernel.map((k) => k.result));
  if (setText(kResults) !== setText(simResults)) run.differences.push(`${where}: kernel ${setText(kResults)}, svcsim ${setText(simResults)} [${traces.map((t) => t.result).join(',')}]`);

  // Who answered: a pod's server says its name, a node's (kube-proxy's healthz port) the node's.
  const podIP = new Map(run.state.places.filter((p) => p.kind === 'pod' || p.kind === 'node').map((p) => [p.kind === 'pod' ? p.name.split('/')[1]! : p.name, p.ip!]));
  const allowed = new Map<string, Set<string>>(); // endpoint IP -> source addresses svcsim shows it seeing
  for (const t of samples) {
    if (t.result !== 'delivered' || !t.endpoint || !t.arrival) continue;
    let seen = allowed.get(t.endpoint.ip);
    if (!seen) allowed.set(t.endpoint.ip, (seen = new Set()));
    seen.add(ipOf(t.arrival.src));
  }
  const ctNode = src.node ?? target.node;
  for (const t of samples) {
    if (t.result === 'delivered' && t.endpoint && t.arrival) run.ctAllowed.add(`${ctNode} ${to}/${proto} ${t.request.from.ip} ${t.endpoint.ip} ${ipOf(t.arrival.src)}`);
  }
  const reached = new Set<string>();
  for (const k of kernel) {
    if (k.result !== 'delivered') continue;
    const ep = podIP.get(k.hostname ?? '') ?? `?${k.hostname}`;
    reached.add(ep);
    const seen = allowed.get(ep);
    if (!seen) run.differences.push(`${where}: the kernel reached ${k.hostname} (${ep}), an endpoint svcsim never chose (svcsim: ${setText(allowed.keys())})`);
    else if (k.remote && !seen.has(ipOf(k.remote))) run.differences.push(`${where}: ${k.hostname} saw the source ${ipOf(k.remote)} in the kernel, svcsim says ${setText(seen)}`);
  }
  // Session affinity: where the case says every repetition reaches the same endpoint and svcsim's
  // do, the kernel's must too (the sampler, without affinity, says which endpoints may be first).
  if (step.expect.sameEndpoint && new Set(traces.map((t) => t.endpoint?.ip)).size === 1 && reached.size > 1) {
    run.differences.push(`${where}: svcsim sends all ${times} requests to one endpoint, the kernel to ${setText(reached)}`);
  }
  // Past the affinity timeout each request draws afresh: where svcsim's vary, the kernel's must
  // too (all of 8 the same by chance: 1 in 2,187 with three endpoints).
  if (step.expect.varies && times >= LAB_AFFINITY_TIMES && new Set(traces.map((t) => t.endpoint?.ip)).size > 1 && reached.size === 1) {
    run.differences.push(`${where}: svcsim's requests reach several endpoints, all ${times} of the kernel's ${setText(reached)}`);
  }
  // Over enough requests every endpoint svcsim may choose answers (a miss has odds below 1 in 1,000).
  if (reached.size && allowed.size > 1 && times >= 8 * allowed.size) {
    const missing = [...allowed.keys()].filter((ip) => !reached.has(ip));
    if (missing.length) run.differences.push(`${where}: svcsim also sends to ${setText(missing)}, never reached in ${times} kernel requests`);
  }

  // conntrack on the node the flow enters first.
  if (ctNode && expected === 'delivered') {
    const args = ['-L', '-p', proto, '--orig-dst', target.ip, '--orig-port-dst', String(target.port)];
    const nodeNs = run.state.places.find((p) => p.kind === 'node' && p.name === ctNode)!.netns;
    const k = parseConntrack(spawnSync('ip', ['netns', 'exec', nodeNs, 'conntrack', ...args], { encoding: 'utf8' }).stdout);
    const s = parseConntrack(run.session.run(`ssh ${ctNode} conntrack ${args.join(' ')}`).stdout);
    if (k.length - ct0.k !== s.length - ct0.s) run.differences.push(`${where}: conntrack on ${ctNode} gained ${k.length - ct0.k} entries in the kernel (${ct0.k} -> ${k.length}), ${s.length - ct0.s} in svcsim (${ct0.s} -> ${s.length})`);
    // Each kernel entry: the reply comes from an endpoint svcsim may choose, to the address svcsim
    // says that endpoint sees (the SNAT address, or the sender kept).
    const origins = setText(k.map((e) => e.origSrc));
    if (origins !== setText(s.map((e) => e.origSrc))) run.differences.push(`${where}: conntrack on ${ctNode}: original sources ${origins} in the kernel, ${setText(s.map((e) => e.origSrc))} in svcsim`);
    // (A NodePort of another node is not translated here: the reply comes from the address aimed at.)
    for (const e of k) {
      if (e.replySrc === target.ip || run.ctAllowed.has(`${ctNode} ${to}/${proto} ${e.origSrc} ${e.replySrc} ${e.replyDst}`)) continue;
      run.differences.push(`${where}: conntrack on ${ctNode} in the kernel: ${e.origSrc} -> ${to}, reply from ${e.replySrc} to ${e.replyDst}; no svcsim trace of the case so far shows that`);
    }
  }
}

async function crossCheckCase(c: PacketFlowCase, mode: ProxyModeName): Promise<{ differences: string[]; unchecked: string[] }> {
  const variant = labVariant(c);
  const scenario = withProxyMode(variant.scenario, mode);
  const session = createSession({ scenario });
  // The sampler learns which endpoints a request may reach: without session affinity, so that
  // its requests draw afresh (the first request of an affinity draws as one without).
  const sampler = createSession({ scenario: withoutAffinity(scenario) });
  expect(session.problems.map((p) => p.message)).toEqual([]);
  // Console lines before the first request shape the cluster the lab is built from; later ones
  // change the running lab as the kubelet and kube-proxy would (engine lab/update.ts).
  const steps = variant.steps;
  while (steps[0] && 'run' in steps[0]) {
    const line = (steps.shift() as { run: string }).run;
    session.run(line);
    sampler.run(line);
  }
  const unchecked: string[] = variant.note ? [variant.note] : [];
  const dir = mkdtempSync(join(tmpdir(), 'svcsim-kernel-'));
  let plan = labPlanOf(session, { prefix: PREFIX });
  const state = await labUp(plan, dir, { maxSeconds: 300 });
  const run: Run = { session, sampler, state, differences: [], unchecked, ctAllowed: new Set(), ctSeen: new Map() };
  try {
    for (const [i, step] of steps.entries()) {
      const label = `${c.name}, step ${i + 1}`;
      if ('run' in step) {
        session.run(step.run);
        sampler.run(step.run);
        const next = labPlanOf(session, { prefix: PREFIX });
        run.state = await labApply(labUpdate(plan, next), next.places, dir, { maxSeconds: 300 });
        plan = next;
      } else if ('conntrack' in step) {
        crossCheckConntrack(run, step.conntrack, mode, label);
      } else if (step.send.sleepBetween && step.send.sleepBetween > SHORT_SLEEP) {
        // Waits shorter than a session affinity timeout keep the affinity: those requests go back
        // to back in the lab (svcsim's clock still moves by the wait). Longer ones need real minutes.
        unchecked.push(`${label} (${step.send.sleepBetween} s between requests: real time past the affinity timeout)`);
      } else crossCheckSend(run, step.send, mode, label);
    }
  } finally {
    labDown(dir, PREFIX);
    rmSync(dir, { recursive: true, force: true });
  }
  return { differences: run.differences, unchecked: run.unchecked };
}

/**
 * A conntrack check of the case on both sides: the same number of entries where the case counts
 * them; in the kernel every entry replies from an endpoint that still serves, the entries of
 * serving endpoints the previous check listed are all still there, and entries went away where
 * svcsim's went away.
 */
function crossCheckConntrack(run: Run, step: ConntrackStep, mode: ProxyModeName, label: string): void {
  if (step.modes?.[mode] === 'skip') return;
  const target = resolveTarget(run.session, step.to);
  if (!target) return;
  const args = ['-L', '-p', step.proto, '--orig-dst', target.ip, '--orig-port-dst', String(target.port)];
  const nodeNs = run.state.places.find((p) => p.kind === 'node' && p.name === step.node)!.netns;
  const k = parseConntrack(spawnSync('ip', ['netns', 'exec', nodeNs, 'conntrack', ...args], { encoding: 'utf8' }).stdout);
  const s = parseConntrack(run.session.run(`ssh ${step.node} conntrack ${args.join(' ')}`).stdout);
  const where = `${label} (conntrack on ${step.node}, ${target.ip}:${target.port}/${step.proto})`;
  const expectCount = (typeof step.modes?.[mode] === 'object' ? (step.modes[mode] as ConntrackStep['expect']) : step.expect).count;
  if (expectCount !== undefined && k.length !== s.length) run.differences.push(`${where}: ${k.length} entries in the kernel, ${s.length} in svcsim`);
  const svc = 'service' in step.to ? step.to.service : undefined;
  const serving = new Set(
    run.session.cluster
      .list('EndpointSlice', 'namespace' in step.to ? (step.to.namespace ?? 'default') : 'default')
      .filter((e) => e.metadata.labels?.['kubernetes.io/service-name'] === svc)
      .flatMap((e) => e.endpoints.filter((x) => x.conditions?.ready !== false).flatMap((x) => x.addresses)),
  );
  for (const e of k) if (!serving.has(e.replySrc)) run.differences.push(`${where}: the kernel keeps an entry answered by ${e.replySrc}, which no longer serves (svcsim's serving: ${setText(serving)})`);
  const key = `${step.node} ${target.ip}:${target.port}/${step.proto}`;
  const before = run.ctSeen.get(key);
  if (before) {
    const keyOf = (e: CtEntry): string => `${e.origSrc}:${e.origSport} ${e.replySrc}`;
    const kNow = new Set(k.map(keyOf));
    const lostLive = before.kernel.filter((e) => serving.has(e.replySrc) && !kNow.has(keyOf(e)));
    if (lostLive.length) run.differences.push(`${where}: ${lostLive.length} kernel entries of serving endpoints went away`);
    const kDropped = k.length < before.kernel.length;
    const sDropped = s.length < before.sim;
    if (kDropped !== sDropped) run.differences.push(`${where}: entries went away in ${kDropped ? 'the kernel' : 'svcsim'} only (kernel ${before.kernel.length} -> ${k.length}, svcsim ${before.sim} -> ${s.length})`);
  }
  run.ctSeen.set(key, { kernel: k, sim: s.length });
}

const features = kernelFeatures();
const MODES: { mode: ProxyModeName; why?: string }[] = [
  { mode: 'iptables', why: checkHost('iptables', PREFIX).reasons.join('; ') || undefined },
  { mode: 'nftables', why: checkHost('nftables', PREFIX).reasons.join('; ') || undefined },
  { mode: 'ipvs', why: features.ipVs ? 'the lab does not build ipvs mode yet (kube-ipvs0 and the IPVS table)' : 'the kernel has no ip_vs (no /proc/net/ip_vs; nothing to load it from)' },
];

const uncheckedAll: string[] = [];
afterAll(() => {
  if (uncheckedAll.length) console.log(`Kernel suite: left out, or checked as a lab variant:\n  ${[...new Set(uncheckedAll)].join('\n  ')}`);
  // Nothing of ours may outlive the suite.
  assertNothingLeft(PREFIX);
});

for (const { mode, why } of MODES) {
  if (skipped(`packet flows, ${mode} mode`, why)) continue;
  describe(`kernel: packet flows, ${mode} mode`, () => {
    for (const c of PACKET_FLOW_CASES) {
      it(c.name, async () => {
        const r = await crossCheckCase(c, mode);
        uncheckedAll.push(...r.unchecked.map((u) => `${mode}: ${u}`));
        expect(r.differences, `svcsim and the kernel differ:\n  ${r.differences.join('\n  ')}`).toEqual([]);
      });
    }
  });
}
