/**
 * Where the text tools of a pipeline (`grep`, `head`, `wc`, ...) read from: the files named on
 * their command line, or standard input (the previous command's output) when none is named or
 * the name is `-`. Files are the ones `cat` can read where the tool runs: the home node's, or a
 * pod's /etc/resolv.conf and /etc/hosts.
 */
import type { ShellContext } from '../context.ts';
import { podFile } from '../dns-commands.ts';

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
    return { name: path, text: fileText(ctx, path), stdin: false };
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

function fileText(ctx: ShellContext, path: string): string | undefined {
  if (ctx.place.kind === 'node') return ctx.place.admin ? ctx.files.readFile(path) : undefined;
  if (ctx.place.kind !== 'pod') return undefined;
  const pod = ctx.cluster.get('Pod', ctx.place.namespace, ctx.place.name);
  return pod ? podFile(ctx, pod, path) : undefined;
}
