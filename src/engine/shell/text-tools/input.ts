/**
 * Where the text tools of a pipeline (`grep`, `head`, `wc`, ...) read from: the files named on
 * their command line, or standard input (the previous command's output) when none is named or
 * the name is `-`. Files are the ones `cat` can read on this host.
 */
import type { ShellContext } from '../context.ts';

export interface TextInput {
  /** The name the tool prints for this input: the path, or `(standard input)` as GNU tools say. */
  name: string;
  /** The text, or undefined when the file is not there. */
  text: string | undefined;
  /** True when this input is standard input. */
  stdin: boolean;
}

export const STDIN_NAME = '(standard input)';

/** One input per path (`-` and no path at all: standard input, empty when nothing is piped in). */
export function readInputs(paths: readonly string[], ctx: ShellContext): TextInput[] {
  if (!paths.length) return [{ name: STDIN_NAME, text: ctx.stdin ?? '', stdin: true }];
  return paths.map((path) => {
    if (path === '-') return { name: STDIN_NAME, text: ctx.stdin ?? '', stdin: true };
    const text = ctx.place.kind === 'node' && ctx.place.admin ? ctx.files.readFile(path) : undefined;
    return { name: path, text, stdin: false };
  });
}

/**
 * The text as lines, the way the tools read them: a last line without its newline is still a
 * line (`hasFinalNewline` says whether to print one back; GNU tools add it where POSIX asks).
 */
export function splitLines(text: string): { lines: string[]; hasFinalNewline: boolean } {
  if (text === '') return { lines: [], hasFinalNewline: true };
  const hasFinalNewline = text.endsWith('\n');
  const lines = (hasFinalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, hasFinalNewline };
}
