/**
 * The process a container runs, as console words: its command then its args (the runtime
 * joins them when the pod gives a command; with args alone they follow the image's
 * entrypoint). Two images' entrypoints matter to what tutorials run: curlimages/curl puts
 * `curl` before arguments starting with `-` (its entrypoint.sh), and a shell given `-c STRING`
 * runs STRING, split as the console splits a line.
 */
import { splitWords } from './command-line.ts';

const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/zsh']);

/** Words svcsim's one-command console cannot run as sh would (lists, pipes, redirections, expansions). */
const SHELL_SYNTAX = /[;&|<>`$()]/;

export function isShell(word: string | undefined): boolean {
  return word !== undefined && SHELLS.has(word);
}

export function processWords(image: string, command: readonly string[] | undefined, args: readonly string[] | undefined): string[] {
  const words = [...(command ?? []), ...(args ?? [])];
  const repo = image.replace(/[:@].*$/, '');
  if (!command?.length && (repo === 'curlimages/curl' || repo.endsWith('/curlimages/curl')) && words[0]?.startsWith('-')) return ['curl', ...words];
  if (isShell(words[0]) && words[1] === '-c' && words.length >= 3 && !SHELL_SYNTAX.test(words[2])) {
    const inner = splitWords(words[2]);
    if (inner.ok && inner.words.length) return inner.words;
  }
  return words;
}
