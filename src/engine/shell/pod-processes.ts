/**
 * Runs the commands of pods (see cluster/one-shot-processes.ts) with the console's programs:
 * `wget`, `curl`, `nslookup` ... inside the pod, when the pod starts. A process runs in the
 * background: what it waits for (a connect timeout, a DNS retry) does not move the console's
 * clock, and its pod changes when the clock reaches the moment it finished. `kubectl run -i`
 * attaches instead: the process runs in the foreground, its waits are the console's.
 *
 * A pod that does not restart the container ends Completed or Error. One that does (restart
 * policy Always, or OnFailure after a failure) goes round the kubelet's crash loop: each
 * restart the clock reaches runs the command again, and in between the pod shows
 * CrashLoopBackOff (see cluster/crash-loop.ts).
 */
import { backOffAfter, MAX_BACKOFF_MS, POD_WORKER_RETRY_MS, type ContainerRun, type CrashLoopState } from '../cluster/crash-loop.ts';
import type { ProcessExit, ProcessStart } from '../cluster/one-shot-processes.ts';
import type { CommandOutput, Place } from './context.ts';
import { processWords } from './container-process.ts';
import { isOneShotCommand } from './interpreter.ts';

/** What the runner needs of the control plane. */
export interface ProcessHost {
  now(): number;
  takeStartedProcesses(): ProcessStart[];
  recordContainerExit(start: ProcessStart, exit: ProcessExit): boolean;
  recordCrashLoop(start: ProcessStart, state: CrashLoopState): boolean;
  /** The process's pod is still there, running (not deleted, replaced or finished). */
  isRunning(start: ProcessStart): boolean;
}

/** Runs words in a place; `background`: the clock the command would move is only counted (ms). */
export type ProcessRun = (place: Place, words: readonly string[], background: boolean) => { out: CommandOutput; waitedMs: number };

/** Runs of one crash loop the runner carries out in a single step; later restarts repeat the last run. */
const MAX_RUNS_PER_STEP = 20;

/** What the runtime logs: both streams in the order written when known, else stdout then stderr. */
function logOf(out: CommandOutput): string {
  return out.interleaved ?? out.stdout + out.stderr;
}

/** A restarting container: its runs so far, and the BackOff warnings of the waits already over. */
interface Loop {
  start: ProcessStart;
  words: string[];
  restartCount: number;
  last: ContainerRun;
  previous: ContainerRun | undefined;
  notReadySince: number | undefined;
  /** Whether notReadySince has taken the latest run's exit into account. */
  exitSeen: boolean;
  waitsOver: { count: number; first: number; last: number } | undefined;
}

export class PodProcesses {
  /** Processes of pods that end with them, recorded once the clock reaches their end. */
  private finishing: { start: ProcessStart; exit: ProcessExit }[] = [];
  private loops: Loop[] = [];

  constructor(
    private readonly host: ProcessHost,
    private readonly run: ProcessRun,
  ) {}

  /** Runs, in the background, every process started since the last call; then brings every pod up to the clock. */
  runStarted(): void {
    for (const start of this.host.takeStartedProcesses()) {
      const words = wordsOf(start);
      if (words) this.ran(start, words, this.runAt(start, words, start.startedAt));
    }
    this.completeDue();
  }

  /** Records what the clock has reached: exits, restarts and back-offs. */
  completeDue(): void {
    const now = this.host.now();
    if (this.finishing.length) {
      const due = this.finishing.filter((f) => f.exit.finishedAt <= now).sort((a, b) => a.exit.finishedAt - b.exit.finishedAt);
      this.finishing = this.finishing.filter((f) => f.exit.finishedAt > now);
      for (const f of due) this.host.recordContainerExit(f.start, f.exit);
    }
    if (this.loops.length) this.loops = this.loops.filter((l) => this.advance(l, now));
  }

  /**
   * `kubectl run -i`: the pod's process run in the foreground. Undefined when svcsim does not
   * run that pod's process (the caller then runs the words without touching the pod).
   */
  attach(namespace: string, name: string): CommandOutput | undefined {
    const starts = this.host.takeStartedProcesses();
    const mine = starts.find((s) => s.namespace === namespace && s.name === name);
    for (const s of starts) {
      if (s === mine) continue;
      const words = wordsOf(s);
      if (words) this.ran(s, words, this.runAt(s, words, s.startedAt));
    }
    const words = mine && wordsOf(mine);
    if (!mine || !words) return undefined;
    const startedAt = this.host.now();
    const { out } = this.run(placeOf(mine), words, false);
    // What follows (the pod's end, or its restart) is recorded after the line: `--rm` may delete it first.
    this.ran(mine, words, { startedAt, finishedAt: this.host.now(), exitCode: out.exitCode, log: logOf(out) });
    return out;
  }

  /** A first run is over (or under way): the pod ends with it, or starts its crash loop. */
  private ran(start: ProcessStart, words: string[], run: ContainerRun): void {
    if (start.restartPolicy === 'Never' || (start.restartPolicy === 'OnFailure' && run.exitCode === 0)) {
      this.finishing.push({ start, exit: { exitCode: run.exitCode, log: run.log, finishedAt: run.finishedAt } });
      return;
    }
    this.loops.push({ start, words, restartCount: 0, last: run, previous: undefined, notReadySince: undefined, exitSeen: false, waitsOver: undefined });
  }

  private runAt(start: ProcessStart, words: readonly string[], at: number): ContainerRun {
    const { out, waitedMs } = this.run(placeOf(start), words, true);
    return { startedAt: at, finishedAt: at + waitedMs, exitCode: out.exitCode, log: logOf(out) };
  }

  /** Moves a crash loop to the clock and records it; false once its pod is gone. */
  private advance(loop: Loop, now: number): boolean {
    if (!this.host.isRunning(loop.start)) return false;
    let runs = 0;
    for (;;) {
      const exit = loop.last.finishedAt;
      if (exit > now) break; // running
      if (!loop.exitSeen) {
        // A run that took time was ready while it ran; an instant one never was.
        if (loop.notReadySince === undefined || loop.last.startedAt < exit) loop.notReadySince = exit;
        loop.exitSeen = true;
      }
      if (loop.start.restartPolicy === 'OnFailure' && loop.last.exitCode === 0) {
        // A restart succeeded: the pod ends with it.
        this.host.recordContainerExit(loop.start, { exitCode: 0, log: loop.last.log, finishedAt: exit });
        return false;
      }
      const wait = loop.restartCount === 0 ? 0 : backOffAfter(loop.restartCount);
      if (exit + wait > now) break; // waiting
      if (runs >= MAX_RUNS_PER_STEP && wait === MAX_BACKOFF_MS && skipCycles(loop, now)) continue;
      if (wait > 0) loop.waitsOver = addWaits(loop.waitsOver, exit, wait, 1, 0);
      // Past a few runs in one step (a long sleep), later restarts repeat the last run's outcome.
      const at = exit + wait;
      const run = runs++ < MAX_RUNS_PER_STEP ? this.runAt(loop.start, loop.words, at) : shifted(loop.last, at - loop.last.startedAt);
      loop.previous = loop.last;
      loop.last = run;
      loop.restartCount++;
      loop.exitSeen = false;
    }
    return this.host.recordCrashLoop(loop.start, stateOf(loop, now));
  }
}

function shifted(run: ContainerRun, by: number): ContainerRun {
  return { ...run, startedAt: run.startedAt + by, finishedAt: run.finishedAt + by };
}

/**
 * The BackOff warnings of `waits` waits of `wait` ms, the first from `exit`, one every `cycle`
 * ms: one per pod-worker retry inside each wait, the first at the exit.
 */
function addWaits(over: Loop['waitsOver'], exit: number, wait: number, waits: number, cycle: number): NonNullable<Loop['waitsOver']> {
  const perWait = Math.ceil(wait / POD_WORKER_RETRY_MS);
  const last = exit + (waits - 1) * cycle + (perWait - 1) * POD_WORKER_RETRY_MS;
  return { count: (over?.count ?? 0) + waits * perWait, first: over?.first ?? exit, last };
}

/**
 * At the longest back-off every cycle (wait, then the run) repeats: the whole cycles before the
 * last restart the clock has reached are counted at once, not one by one (a `sleep` of days).
 * False when there is none to skip.
 */
function skipCycles(loop: Loop, now: number): boolean {
  const wait = MAX_BACKOFF_MS;
  const cycle = wait + (loop.last.finishedAt - loop.last.startedAt);
  const skip = Math.floor((now - loop.last.finishedAt - wait) / cycle);
  if (skip <= 0) return false;
  loop.waitsOver = addWaits(loop.waitsOver, loop.last.finishedAt, wait, skip, cycle);
  loop.previous = shifted(loop.last, (skip - 1) * cycle);
  loop.last = shifted(loop.last, skip * cycle);
  loop.restartCount += skip;
  loop.exitSeen = false;
  return true;
}

/** The loop as the pod's status and events show it at `now`. */
function stateOf(loop: Loop, now: number): CrashLoopState {
  const running = loop.last.finishedAt > now;
  let backOffEvents = loop.waitsOver;
  if (!running && loop.restartCount >= 1) {
    // The wait under way: the retries so far.
    const exit = loop.last.finishedAt;
    const n = Math.floor((now - exit) / POD_WORKER_RETRY_MS) + 1;
    const last = exit + (n - 1) * POD_WORKER_RETRY_MS;
    backOffEvents = backOffEvents ? { count: backOffEvents.count + n, first: backOffEvents.first, last } : { count: n, first: exit, last };
  }
  return { restartCount: loop.restartCount, last: loop.last, previous: loop.previous, running, notReadySince: running ? undefined : loop.notReadySince, backOffEvents };
}

function placeOf(s: ProcessStart): Place {
  return { kind: 'pod', namespace: s.namespace, name: s.name, node: s.node };
}

/** The process's words when svcsim can run it to its end, else undefined (the pod keeps running). */
function wordsOf(s: ProcessStart): string[] | undefined {
  const words = processWords(s.image, s.command, s.args);
  return isOneShotCommand(words, s.image) ? words : undefined;
}
