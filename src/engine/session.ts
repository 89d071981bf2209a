/** A session: one simulated cluster and the console that drives it. */
import type { Scenario } from './api/scenario.ts';
import type { Cluster } from './cluster/index.ts';
import type { ClusterReader } from './cluster/types.ts';
import { runLine } from './shell/interpreter.ts';
import type { FileReader, LineResult, RunOptions } from './shell/types.ts';
import { scenarioFiles } from './scenario/files.ts';
import { loadScenario } from './scenario/load.ts';
import type { ScenarioProblem } from './scenario/read-scenario.ts';

export type { ScenarioProblem };

export interface SessionOptions {
  /** The scenario's YAML text (any number of documents). Empty: the default cluster alone. */
  scenario?: string;
  /** Name the scenario text goes by in messages (`error when creating "scenario.yaml"`). */
  scenarioFile?: string;
  /** Overrides the Scenario object's seed. */
  seed?: number;
  /** Files the console may read besides the scenario's own `files`. */
  files?: FileReader;
}

export interface LoadResult {
  problems: ScenarioProblem[];
  scenario?: Scenario;
}

/** Each console line takes a second of simulated time, as a person typing would. */
const SECONDS_PER_LINE = 1;

export class Session {
  private readonly live: Cluster;
  readonly scenario: Scenario | undefined;
  /** Problems found while loading the scenario; the objects that were fine are applied. */
  readonly problems: readonly ScenarioProblem[];
  private readonly files: FileReader;
  /** The host console lines run on: the control-plane node. */
  readonly host: string;

  constructor(opts: SessionOptions = {}) {
    const loaded = loadScenario(opts.scenario ?? '', opts.scenarioFile ?? 'scenario.yaml', opts.seed);
    this.live = loaded.cluster;
    this.scenario = loaded.scenario;
    this.problems = loaded.problems;
    this.files = scenarioFiles(loaded.scenario?.files, opts.files);
    const nodes = this.live.list('Node');
    const cp = nodes.find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0];
    this.host = cp?.metadata.name ?? 'localhost';
  }

  /** The cluster, read-only: what the UI renders. */
  get cluster(): ClusterReader {
    return this.live;
  }

  /** Grows with every change to the cluster: a cheap signal for the UI to re-read. */
  get revision(): number {
    return this.live.revision;
  }

  /** Runs one console line as root on the control-plane node. */
  run(line: string, opts: RunOptions = {}): LineResult {
    this.live.tick(SECONDS_PER_LINE);
    const out = runLine(line, { cluster: this.live, files: this.files, stdin: opts.stdin, host: this.host });
    return { line, ...out };
  }
}

export function createSession(opts: SessionOptions = {}): Session {
  return new Session(opts);
}
