/**
 * A session: one simulated cluster and the console that drives it.
 * (Placeholder wiring; the control plane, shell and scenario loader fill it in.)
 */
import type { ClusterReader } from './cluster/types.ts';
import type { FileReader, LineResult, RunOptions } from './shell/types.ts';
import type { SourcePosition } from './api/meta.ts';
import type { Scenario } from './api/scenario.ts';

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

/** A problem in the scenario text, where it is and what kubectl would say. */
export interface ScenarioProblem {
  message: string;
  position?: SourcePosition;
}

export interface LoadResult {
  problems: ScenarioProblem[];
  scenario?: Scenario;
}

export declare class Session {
  readonly cluster: ClusterReader;
  readonly scenario: Scenario | undefined;
  /** Problems found while loading the scenario; the objects that were fine are applied. */
  readonly problems: readonly ScenarioProblem[];
  run(line: string, opts?: RunOptions): LineResult;
}

export declare function createSession(opts?: SessionOptions): Session;
