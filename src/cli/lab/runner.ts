/**
 * Runs a lab plan on this machine: each step's command (refusing any that would leave the lab's
 * namespaces), then the pod servers, detached, their process ids kept in a state file so that
 * `down` ends exactly those and removes exactly the namespaces with the lab prefix.
 */
import { WHOAMI_PROGRAM } from './whoami-program.ts';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dnsTableFile, etcPath, labCommand, serverArgv, staysInLab, type LabPlace, type LabPlan, type LabServer, type LabStep, type LabUpdate } from '../../engine/index.ts';

export interface LabState {
  prefix: string;
  mode: string;
  places: LabPlace[];
  servers: { pod: string; netns: string; pid: number }[];
  /** The server program, to tell our processes from a recycled pid. */
  program: string;
}

const STATE_FILE = 'state.json';
/** How long the servers may take to listen. */
const READY_TIMEOUT_MS = 15_000;

export class LabError extends Error {}

export function readState(dir: string): LabState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

/** Lab namespaces that exist now (`ip netns list`), by prefix. */
export function labNamespaces(prefix: string): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return (r.stdout ?? '')
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
}

function runChecked(argv: string[], prefix: string, stdin?: string, tolerant = false): void {
  if (!staysInLab(argv, prefix)) throw new LabError(`refusing a command outside the lab: ${argv.join(' ')}`);
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input: stdin ?? '', timeout: 30_000 });
  if (r.status !== 0 && !(tolerant && r.status !== null)) throw new LabError(`${argv.join(' ')}: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
}

function runSteps(steps: readonly LabStep[], prefix: string): void {
  for (const step of steps) {
    if ('etcFile' in step) {
      writeEtcFile(step, prefix);
      continue;
    }
    const argv = labCommand(step);
    if (argv) runChecked(argv, prefix, 'stdin' in step ? step.stdin : undefined, step.tolerant);
  }
}

/** Starts servers detached (their pids go into the state as they start) and waits until each listens. */
async function startServers(servers: readonly LabServer[], state: LabState, dir: string, maxSeconds: number): Promise<void> {
  for (const s of servers) if (s.dns) writeFileSync(join(dir, dnsTableFile(s)), JSON.stringify(s.dns));
  const logs: string[] = [];
  for (const s of servers) {
    const argv = serverArgv(s, state.program, maxSeconds, dir);
    if (!staysInLab(argv, state.prefix)) throw new LabError(`refusing a server outside the lab: ${argv.join(' ')}`);
    const log = join(dir, `${s.netns}.log`);
    const fd = openSync(log, 'w');
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    if (child.pid === undefined) throw new LabError(`could not start the server in ${s.netns}`);
    state.servers.push({ pod: s.pod, netns: s.netns, pid: child.pid });
    logs.push(log);
    writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 1));
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (const log of logs) {
    for (;;) {
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      if (text.includes('ready')) break;
      if (Date.now() > deadline) throw new LabError(`a server did not start listening within ${READY_TIMEOUT_MS / 1000} s: ${log}\n${text}`);
      await sleep(20);
    }
  }
}

function endServer(s: { pid: number }, program: string): boolean {
  if (!isOurServer(s.pid, program)) return false;
  try {
    process.kill(s.pid, 'SIGTERM');
    return true;
  } catch {
    return false; // already gone
  }
}

/**
 * Brings a running lab up to date (engine lab/update.ts): ends the servers and removes the
 * namespaces of pods that went, runs the new steps, starts the new servers. On failure the
 * whole lab comes down.
 */
export async function labApply(update: LabUpdate, places: LabPlace[], dir: string, opts: { maxSeconds?: number } = {}): Promise<LabState> {
  const state = readState(dir);
  if (!state) throw new LabError(`no lab up (no state in ${dir})`);
  try {
    for (const ns of update.stopServers) {
      for (const s of state.servers.filter((x) => x.netns === ns)) endServer(s, state.program);
      state.servers = state.servers.filter((x) => x.netns !== ns);
    }
    for (const ns of update.removeNetns) {
      runChecked(['ip', 'netns', 'del', ns], state.prefix);
      rmSync(`${ETC_NETNS}/${ns}`, { recursive: true, force: true });
    }
    state.places = places;
    writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 1));
    runSteps(update.steps, state.prefix);
    await startServers(update.startServers, state, dir, opts.maxSeconds ?? 0);
    return state;
  } catch (e) {
    labDown(dir);
    throw e;
  }
}

/** Where `ip netns exec` looks for namespaces' own /etc files. */
const ETC_NETNS = '/etc/netns';

/** Writes a namespace's own /etc file; only for a lab namespace and a plain file name. */
function writeEtcFile(step: Extract<LabStep, { etcFile: string }>, prefix: string): void {
  if (!step.netnsOf.startsWith(prefix) || !/^[A-Za-z0-9_.-]+$/.test(step.netnsOf) || !/^[a-z][a-z.]*$/.test(step.etcFile)) {
    throw new LabError(`refusing a file outside the lab: ${etcPath(step)}`);
  }
  mkdirSync(`${ETC_NETNS}/${step.netnsOf}`, { recursive: true });
  writeFileSync(etcPath(step), step.text);
}

/** Removes the /etc/netns directories of the lab's namespaces (by prefix), nothing else there. */
function removeEtcDirs(prefix: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(ETC_NETNS);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(prefix)) rmSync(`${ETC_NETNS}/${n}`, { recursive: true, force: true });
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/**
 * Builds the lab. On any failure it removes what it made (servers and namespaces) and throws.
 * `maxSeconds`: servers end by themselves after that long (the kernel tests' safety net).
 */
export async function labUp(plan: LabPlan, dir: string, opts: { maxSeconds?: number } = {}): Promise<LabState> {
  const existing = labNamespaces(plan.prefix);
  if (existing.length) throw new LabError(`a lab is already up (${existing.length} namespaces named ${plan.prefix}*): run 'svcsim lab down' first`);
  mkdirSync(dir, { recursive: true });
  const program = join(dir, 'whoami.mjs');
  const state: LabState = { prefix: plan.prefix, mode: plan.mode, places: plan.places, servers: [], program };
  // The state goes down first, so a failed or interrupted `up` can still be taken down.
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 1));
  try {
    runSteps(plan.steps, plan.prefix);
    writeFileSync(program, WHOAMI_PROGRAM);
    await startServers(plan.servers, state, dir, opts.maxSeconds ?? 0);
    return state;
  } catch (e) {
    labDown(dir);
    throw e;
  }
}

function isOurServer(pid: number, program: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(program);
  } catch {
    return false;
  }
}

/** Ends the servers the state names (by pid, checked) and removes the namespaces with its prefix. */
export function labDown(dir: string, prefix?: string): { killed: number; removed: number; lingering: string[] } {
  const state = readState(dir);
  const pre = state?.prefix ?? prefix;
  let killed = 0;
  for (const s of state?.servers ?? []) if (endServer(s, state!.program)) killed++;
  const lingering: string[] = [];
  let removed = 0;
  if (pre) {
    for (const ns of labNamespaces(pre)) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.trim();
      // Our servers may take a moment to go; anything else still inside is reported, not killed.
      if (pids) for (const pid of pids.split('\n').map(Number)) if (!state?.servers.some((s) => s.pid === pid)) lingering.push(`${ns}: pid ${pid}`);
      runChecked(['ip', 'netns', 'del', ns], pre);
      removed++;
    }
    removeEtcDirs(pre);
  }
  rmSync(join(dir, STATE_FILE), { force: true });
  return { killed, removed, lingering };
}

/** The namespace of a place: a node, a pod (`name` or `namespace/name`), a client. */
export function placeNetns(state: LabState, target: string): string | undefined {
  const exact = state.places.find((p) => p.kind !== 'underlay' && p.name === target);
  if (exact) return exact.netns;
  const pods = state.places.filter((p) => p.kind === 'pod' && p.name.split('/')[1] === target);
  return pods.length === 1 ? pods[0]!.netns : undefined;
}

/** Runs a command in a place, with the terminal's streams; returns its exit status. */
export function labExec(state: LabState, target: string, command: readonly string[]): number {
  const netns = placeNetns(state, target);
  if (!netns) throw new LabError(`no node, pod or client "${target}" in the lab (try: ${state.places.filter((p) => p.kind !== 'underlay').map((p) => p.name).join(', ')})`);
  const argv = ['ip', 'netns', 'exec', netns, ...command];
  if (!staysInLab(argv, state.prefix)) throw new LabError(`refusing a command outside the lab: ${argv.join(' ')}`);
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' });
  return r.status ?? 1;
}
