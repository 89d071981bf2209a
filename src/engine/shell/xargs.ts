/**
 * GNU findutils xargs (4.9, Ubuntu 24.04's): the words of its standard input, split at blanks
 * and newlines with quotes and backslashes honoured, appended to a command (echo by default) and
 * run; `-n N` at most N per run, `-I R` once per input line with R replaced, `-r` nothing at all
 * for empty input (without it the command runs once). Its status: 123 when a run exited 1 to
 * 125, 124 for 255, 126 or 127 when the command could not be run (xargs.c).
 */
import { failure, type CommandOutput, type ShellContext } from './context.ts';

/** Builtins only a shell has (no /usr/bin program of that name): exit, loop control, variables. */
const SHELL_ONLY = new Set(['exit', 'break', 'continue', 'export', 'unset', 'read', 'let', 'help']);

export type RunWords = (words: readonly string[], ctx: ShellContext) => CommandOutput;

const TRY = "Try 'xargs --help' for more information.\n";

/** Input words as xargs reads them (its own quoting, not the shell's). */
function inputWords(text: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) {
        return `xargs: unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option\n`;
      }
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

export function xargs(args: readonly string[], ctx: ShellContext, runWords: RunWords): CommandOutput {
  let maxArgs = Infinity;
  let replace: string | undefined;
  let noRunIfEmpty = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a === '-r' || a === '--no-run-if-empty') noRunIfEmpty = true;
    else if (a.startsWith('-n') || a.startsWith('--max-args')) {
      const v = a.startsWith('-n') ? a.slice(2) || args[++i] : a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) return failure(`xargs: invalid number "${v ?? ''}" for -n option\n${TRY}`);
      maxArgs = Number(v);
    } else if (a.startsWith('-I')) {
      replace = a.slice(2) || args[++i];
      if (replace === undefined) return failure(`xargs: option requires an argument -- 'I'\n${TRY}`);
    } else if (a.startsWith('-i')) replace = a.slice(2) || '{}';
    else if (a.startsWith('--')) return failure(`xargs: unrecognized option '${a}'\n${TRY}`);
    else return failure(`xargs: invalid option -- '${a[1]}'\n${TRY}`);
  }
  const command = args.slice(i).length ? args.slice(i) : ['echo'];
  const input = ctx.stdin ?? '';
  const runs: string[][] = [];
  if (replace !== undefined) {
    // -I: one run per non-blank line, its leading blanks dropped, the line replacing R in every argument.
    for (const line of input.split('\n')) {
      const item = line.replace(/^[ \t]+/, '');
      if (item === '') continue;
      const unquoted = inputWords(item);
      if (typeof unquoted === 'string') return failure(unquoted);
      const value = unquoted.join(' ');
      runs.push(command.map((w) => w.split(replace!).join(value)));
    }
  } else {
    const words = inputWords(input);
    if (typeof words === 'string') return failure(words);
    if (!words.length) {
      if (!noRunIfEmpty) runs.push([...command]);
    } else for (let k = 0; k < words.length; k += maxArgs === Infinity ? words.length : maxArgs) runs.push([...command, ...words.slice(k, k + (maxArgs === Infinity ? words.length : maxArgs))]);
  }
  let stdout = '';
  let stderr = '';
  let status = 0;
  for (const words of runs) {
    // A shell's own builtins are no programs xargs could exec.
    const out = SHELL_ONLY.has(words[0]) ? { stdout: '', stderr: `bash: ${words[0]}: command not found\n`, exitCode: 127 } : runWords(words, { ...ctx, stdin: '' });
    if (out.exitCode === 127 && out.stderr === `bash: ${words[0]}: command not found\n`) {
      // xargs execs the command itself: no shell is there to say "command not found".
      return { stdout, stderr: `${stderr}xargs: ${words[0]}: No such file or directory\n`, exitCode: 127 };
    }
    stdout += out.stdout;
    stderr += out.stderr;
    if (out.exitCode === 126 || out.exitCode === 127) {
      // The command could not be run: xargs stops there with its status.
      return { stdout, stderr, exitCode: out.exitCode };
    }
    if (out.exitCode === 255) {
      stderr += `xargs: ${words[0]}: exited with status 255; aborting\n`;
      return { stdout, stderr, exitCode: 124 };
    }
    if (out.exitCode !== 0) status = 123;
  }
  return { stdout, stderr, exitCode: status };
}
