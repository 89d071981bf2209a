/** The console language's contract: one line in, what the terminal shows out. */

import type { Trace } from '../dataplane/trace.ts';

/** What a console line printed, and how it ended (as a shell's `$?`). */
export interface LineResult {
  line: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Both streams in the order they were written, when stdout then stderr would misplace some of it. */
  interleaved?: string;
  /** The request a `curl` on this line made, hop by hop. */
  trace?: Trace;
}

/** Files the console can read (`kubectl apply -f PATH`, `cat PATH`). */
export interface FileReader {
  /** The file's text, or undefined when there is no such file. */
  readFile(path: string): string | undefined;
  /** A directory's entries by name (directories flagged), or undefined when the path is no directory. */
  readDirectory?(path: string): DirectoryEntry[] | undefined;
  /** Writes (or appends to) a file the console keeps for the session: `kubectl get svc x -o yaml > svc.yaml`. */
  writeFile?(path: string, text: string, append: boolean): void;
}

export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

export interface RunOptions {
  /** Standard input, for `kubectl apply -f -`. */
  stdin?: string;
  /** Run on the console's home node even while an interactive shell is open (the UI's overview). */
  home?: boolean;
}
