/** The CLI's real I/O: the file system, standard input and streams. Only `src/cli` does I/O. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileReader } from '../engine/index.ts';
import { catalog } from '../scenarios/catalog.ts';
import type { ScenarioEntry } from '../scenarios/catalog.ts';
import type { CliIO } from './run.ts';

/** Reads real files synchronously, relative paths from the working directory. */
export function fileSystemReader(cwd: string = process.cwd()): FileReader {
  return {
    readFile(path: string): string | undefined {
      const full = resolve(cwd, path);
      try {
        if (!statSync(full).isFile()) return undefined;
        return readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
    readDirectory(path: string) {
      try {
        return readdirSync(resolve(cwd, path), { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
      } catch {
        return undefined;
      }
    },
  };
}

const SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

/** The built-in scenarios, read from src/scenarios/*.yaml (the app bundles the same files). */
export function readBuiltInScenarios(dir: string = SCENARIO_DIR): ScenarioEntry[] {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.yaml')) files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return catalog(files);
}

/** Standard input in full; empty when it is a terminal (nothing was piped in). */
function readStdin(): string {
  if (process.stdin.isTTY) return '';
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

/** What a shell reports for a program killed by SIGPIPE (128 + 13), as kubectl is under `| head`. */
export const BROKEN_PIPE_STATUS = 141;

/**
 * When the reader of our output goes away (`svcsim ... | head -1`), the next write fails with
 * EPIPE. C and Go tools die of SIGPIPE there without a word; Node ignores SIGPIPE and would
 * throw the error instead, so this ends the process quietly with the status the shell shows
 * for them. Any other stream error is still thrown.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.EventEmitter, exit: (status: number) => void = (s) => process.exit(s)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(BROKEN_PIPE_STATUS);
    else throw e;
  });
}

let pipesWatched = false;

export function nodeIO(): CliIO {
  let scenarios: ScenarioEntry[] | undefined;
  if (!pipesWatched) {
    pipesWatched = true;
    exitQuietlyOnBrokenPipe(process.stdout);
    exitQuietlyOnBrokenPipe(process.stderr);
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin,
    files: fileSystemReader(),
    scenarios: () => (scenarios ??= readBuiltInScenarios()),
  };
}
