/**
 * Runs the one-shot processes of pods (see cluster/one-shot-processes.ts) with the console's
 * programs: `wget`, `curl`, `nslookup` ... inside the pod, once, when the pod starts. A
 * process runs in the background: what it waits for (a connect timeout, a DNS retry) does not
 * move the console's clock, and its pod turns Completed or Error when the clock reaches the
 * moment it finished. `kubectl run -i` attaches instead: the process runs in the foreground,
 * its waits are the console's, and its pod finishes as the line ends.
 */
import type { ProcessExit, ProcessStart } from '../cluster/one-shot-processes.ts';
import type { CommandOutput, Place } from './context.ts';
import { processWords } from './container-process.ts';
import { isOneShotCommand } from './interpreter.ts';

/** What the runner needs of the control plane. */
export interface ProcessHost {
  now(): number;
  takeStartedProcesses(): ProcessStart[];
  recordContainerExit(start: ProcessStart, exit: ProcessExit): boolean;
}

/** Runs words in a place; `background`: the clock the command would move is only counted (ms). */
export type ProcessRun = (place: Place, words: readonly string[], background: boolean) => { out: CommandOutput; waitedMs: number };

/** What the runtime logs: both streams in the order written when known, else stdout then stderr. */
function logOf(out: CommandOutput): string {
  return out.interleaved ?? out.stdout + out.stderr;
}

export class PodProcesses {
  /** Processes that ran in the background, recorded once the clock reaches their end. */
  private finishing: { start: ProcessStart; exit: ProcessExit }[] = [];

  constructor(
    private readonly host: ProcessHost,
    private readonly run: ProcessRun,
  ) {}

  /** Runs, in the background, every process started since the last call; then records those already over. */
  runStarted(): void {
    this.background(this.host.takeStartedProcesses());
    this.completeDue();
  }

  /** Records the exits the clock has reached, in the order they happened. */
  completeDue(): void {
    if (!this.finishing.length) return;
    const now = this.host.now();
    const due = this.finishing.filter((f) => f.exit.finishedAt <= now).sort((a, b) => a.exit.finishedAt - b.exit.finishedAt);
    if (!due.length) return;
    this.finishing = this.finishing.filter((f) => f.exit.finishedAt > now);
    for (const f of due) this.host.recordContainerExit(f.start, f.exit);
  }

  /**
   * `kubectl run -i`: the pod's process run in the foreground and its exit recorded at once.
   * Undefined when the pod is not one whose process svcsim runs to its end (the caller then
   * runs the words without touching the pod).
   */
  attach(namespace: string, name: string): CommandOutput | undefined {
    const starts = this.host.takeStartedProcesses();
    const mine = starts.find((s) => s.namespace === namespace && s.name === name);
    const words = mine && wordsOf(mine);
    // Whatever else started runs in the background as usual.
    this.background(starts.filter((s) => s !== mine));
    if (!mine || !words) return undefined;
    const { out } = this.run(placeOf(mine), words, false);
    this.host.recordContainerExit(mine, { exitCode: out.exitCode, log: logOf(out), finishedAt: this.host.now() });
    return out;
  }

  private background(starts: readonly ProcessStart[]): void {
    for (const start of starts) {
      const words = wordsOf(start);
      if (!words) continue;
      const { out, waitedMs } = this.run(placeOf(start), words, true);
      this.finishing.push({ start, exit: { exitCode: out.exitCode, log: logOf(out), finishedAt: start.startedAt + waitedMs } });
    }
  }
}

function placeOf(s: ProcessStart): Place {
  return { kind: 'pod', namespace: s.namespace, name: s.name, node: s.node };
}

/** The process's words when svcsim can run it to its end, else undefined (the pod keeps running). */
function wordsOf(s: ProcessStart): string[] | undefined {
  const words = processWords(s.image, s.command, s.args);
  return isOneShotCommand(words) ? words : undefined;
}
