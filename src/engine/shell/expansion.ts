/**
 * The expansions bash makes to a simple command just before it runs (bash manual, "Shell
 * Expansions"), in its order: tilde, parameter (`$NAME`, `${NAME}`, `${NAME:-word}`,
 * `${#NAME}`, `$?`), command substitution (`$(...)`, backquotes: the output with its trailing
 * newlines removed), then word splitting of what was expanded outside double quotes (on
 * blanks, tabs and newlines; an unquoted expansion that comes out empty leaves no word). No
 * globbing: svcsim's hosts have no files to match, and bash leaves a pattern matching nothing as
 * written. Leading `NAME=value` words are assignments; `export NAME=$(...)` is not split, as
 * bash does for its declaration builtins.
 */
import type { CommandOutput } from './context.ts';
import { ASSIGNMENT, type Redirection, type SimpleCommand, type WordPart } from './command-line.ts';
import type { ShellVariables } from './variables.ts';
import { ArithmeticError, evaluateArithmetic } from './arithmetic.ts';

export interface ExpansionHost {
  vars: ShellVariables;
  /** Runs LINE in a subshell and gives back what it wrote and its status. */
  substitute(line: string): CommandOutput;
}

export type ExpandedCommand =
  | {
      ok: true;
      words: string[];
      assignments: [name: string, value: string][];
      redirections: Redirection[];
      /** What command substitutions wrote to stderr (it goes to the terminal, not into the word). */
      stderr: string;
      /** The status of the last command substitution, if any ran: an assignment-only command's status. */
      substitutionStatus: number | undefined;
    }
  | { ok: false; error: string; stderr: string };

const HOME = '/root';
const DECLARATIONS = new Set(['export', 'readonly', 'declare', 'local', 'typeset']);

class NotSimulated extends Error {}

export function expandCommand(cmd: SimpleCommand, host: ExpansionHost): ExpandedCommand {
  const run = { stderr: '', status: undefined as number | undefined };
  try {
    const parts = cmd.parts;
    const assignments: [string, string][] = [];
    let first = 0;
    if (parts) {
      for (; first < parts.length; first++) {
        const lead = parts[first][0];
        const m = lead?.kind === 'text' && !lead.quoted ? ASSIGNMENT.exec(lead.text) : null;
        if (!m || lead.kind !== 'text') break;
        const name = m[0].slice(0, -1);
        const rest: WordPart[] = [{ ...lead, text: lead.text.slice(m[0].length) }, ...parts[first].slice(1)];
        assignments.push([name, joined(rest, host, run)]);
      }
    }
    const words: string[] = [];
    const declaring = parts && first < parts.length ? DECLARATIONS.has(cmd.words[first]) : false;
    for (let i = first; i < cmd.words.length; i++) {
      const word = parts?.[i];
      if (!word) words.push(cmd.words[i]);
      else if (cmd.noSplit || (declaring && i > first && word[0]?.kind === 'text' && !word[0].quoted && ASSIGNMENT.test(word[0].text))) words.push(joined(word, host, run));
      else words.push(...fields(word, host, run));
    }
    const redirections: Redirection[] = [];
    for (const r of cmd.redirections) {
      if (!('word' in r) || !r.word) {
        redirections.push(r);
        continue;
      }
      const target = fields(r.word, host, run);
      if (target.length !== 1) return { ok: false, error: `bash: ${r.path}: ambiguous redirect`, stderr: run.stderr };
      const { word: _word, ...plain } = r;
      redirections.push({ ...plain, path: target[0] } as Redirection);
    }
    return { ok: true, words, assignments, redirections, stderr: run.stderr, substitutionStatus: run.status };
  } catch (e) {
    if (e instanceof NotSimulated) return { ok: false, error: e.message, stderr: run.stderr };
    if (e instanceof ArithmeticError) return { ok: false, error: `bash: ${e.message}`, stderr: run.stderr };
    throw e;
  }
}

type Run = { stderr: string; status: number | undefined };

/** The value of one expansion. */
function value(part: Exclude<WordPart, { kind: 'text' }>, host: ExpansionHost, run: Run): string {
  switch (part.kind) {
    case 'tilde':
      return host.vars.get('HOME') ?? HOME;
    case 'unsupported':
      throw new NotSimulated(`svcsim: \`${part.source}' is not simulated (the console expands $NAME, \${NAME}, \${NAME:-word}, \${NAME#pattern}, \${#NAME}, $?, $(...) and $((...)))`);
    case 'arith': {
      // The expression's own $NAME and ${NAME} are expanded first, as bash does.
      const text = part.text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|[?#])\}?/g, (_m, name: string) => param(name, host.vars) ?? '');
      return String(evaluateArithmetic(text, host.vars));
    }
    case 'command': {
      const out = host.substitute(part.line);
      run.stderr += out.stderr;
      run.status = out.exitCode;
      return out.stdout.replace(/\n+$/, '');
    }
    case 'param': {
      const v = param(part.name, host.vars);
      if (part.length) return String([...(v ?? '')].length);
      if (part.fallback && (part.fallback.colon ? !v : v === undefined)) return part.fallback.text;
      if (part.trim) return trimmed(v ?? '', part.trim.op, part.trim.pattern);
      return v ?? '';
    }
  }
}

/** `${NAME#pattern}` and its kin: the pattern is a glob (`*`, `?`, `[...]`), matched against a prefix or a suffix. */
function trimmed(value: string, op: '#' | '##' | '%' | '%%', pattern: string): string {
  const re = new RegExp(`^${globSource(pattern)}$`, 's');
  const longest = op.length === 2;
  if (op[0] === '#') {
    for (let k = longest ? value.length : 0; longest ? k >= 0 : k <= value.length; k += longest ? -1 : 1) if (re.test(value.slice(0, k))) return value.slice(k);
  } else {
    for (let k = longest ? 0 : value.length; longest ? k <= value.length : k >= 0; k += longest ? 1 : -1) if (re.test(value.slice(k))) return value.slice(0, k);
  }
  return value;
}

/** A shell pattern as a regular expression's source. */
export function globSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const close = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, close);
      out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\/g, '\\\\');
      i = close;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

/** A parameter's value: a variable, `$?`, or the positional ones an interactive shell has none of. */
function param(name: string, vars: ShellVariables): string | undefined {
  if (name === '?') return String(vars.status);
  if (name === '#') return '0';
  if (name === '@' || name === '*' || /^[0-9]$/.test(name)) return undefined;
  return vars.get(name);
}

/** A word expanded without splitting (an assignment's value, a declaration's argument). */
function joined(parts: readonly WordPart[], host: ExpansionHost, run: Run): string {
  let out = '';
  for (const p of parts) out += p.kind === 'text' ? p.text : value(p, host, run);
  return out;
}

/** A word expanded and split into fields, as bash does for a command's arguments. */
function fields(word: readonly WordPart[], host: ExpansionHost, run: Run): string[] {
  // "$@" with no positional parameters makes no word: the empty quotes around it do not count.
  const parts = word.some((p) => p.kind === 'param' && p.name === '@' && p.quoted) ? word.filter((p) => !(p.kind === 'text' && p.quoted && !p.text)) : word;
  const out: string[] = [];
  let current = '';
  // Whether the field being built exists even if empty (it holds quoted text, "" included).
  let present = false;
  const end = () => {
    if (present || current) out.push(current);
    current = '';
    present = false;
  };
  for (const p of parts) {
    if (p.kind === 'text') {
      current += p.text;
      if (p.quoted) present = true;
      continue;
    }
    // "$@" with no positional parameters (an interactive shell has none) is no word at all.
    if (p.kind === 'param' && p.name === '@' && !p.fallback && !p.length && !p.trim) continue;
    const v = value(p, host, run);
    if (p.kind === 'tilde' || p.quoted) {
      current += v;
      present = true;
      continue;
    }
    const pieces = v.split(/[ \t\n]+/);
    pieces.forEach((piece, k) => {
      if (k > 0) end();
      current += piece;
    });
  }
  end();
  return out;
}
