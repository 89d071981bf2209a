/**
 * A console line parsed the way bash parses the part of its grammar the console runs: simple
 * commands with their redirections, joined by `|` and `|&` into pipelines, and pipelines joined
 * by `&&`, `||` and `;` into a list. An operator character inside quotes or after a backslash
 * is part of a word. No expansion, globbing, subshells or background jobs (`&` alone is refused
 * by the runner). Words: blanks separate them, single quotes are literal, double quotes keep blanks and honour `\"`, `\\`,
 * `\$` and `` \` ``, a backslash outside quotes escapes the next character, `#` starts a comment.
 */

/** Where a redirection sends a stream: `>/dev/null`, `2>&1`, `> FILE`, `>> FILE`, `< FILE`. */
export type Redirection =
  | { fd: number; op: '>' | '>>'; path: string }
  | { fd: number; op: '>&'; to: number }
  | { fd: 0; op: '<'; path: string }
  | { op: '&>' | '&>>'; path: string };

export interface SimpleCommand {
  words: string[];
  redirections: Redirection[];
  /** `|&` after this command: its stderr goes down the pipe with its stdout. */
  pipeStderr: boolean;
}

export interface Pipeline {
  commands: SimpleCommand[];
  /** How this pipeline is joined to the one before it (the first: `;`). */
  after: ';' | '&&' | '||';
  /** Ended by a lone `&` (bash would run it in the background). */
  background: boolean;
}

export type ParseResult = { ok: true; pipelines: Pipeline[] } | { ok: false; error: string };

type Op = '|' | '|&' | '&&' | '||' | ';' | ';;' | '&' | '>' | '>>' | '>&' | '<' | '&>' | '&>>' | '<<' | '<&' | '(' | ')';

type Token = { kind: 'word'; text: string } | { kind: 'op'; op: Op; fd?: number };

const BLANKS = ' \t\r\n';

/** Operators longest first, as bash's reader takes them. */
const OPERATORS: readonly Op[] = ['&>>', ';;', '&&', '||', '|&', '>>', '>&', '&>', '<<', '<&', '|', '&', ';', '>', '<', '(', ')'];

type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

function lex(line: string): LexResult {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  // Whether the word so far came from unquoted digits only (`2` in `2>&1` is a file descriptor).
  let digitsOnly = true;
  const endWord = () => {
    if (inWord) tokens.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
    digitsOnly = true;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (BLANKS.includes(c)) {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !inWord) break; // a comment runs to the end of the line
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      // `2>`, `1>&2`: a word of digits right before a redirection is the descriptor it applies to.
      if (inWord && digitsOnly && (op === '>' || op === '>>' || op === '>&' || op === '<' || op === '<&')) {
        tokens.push({ kind: 'op', op, fd: Number(word) });
        word = '';
        inWord = false;
        digitsOnly = true;
      } else {
        endWord();
        tokens.push({ kind: 'op', op });
      }
      i += op.length;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      digitsOnly = false;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return { ok: false, error: 'unexpected EOF while looking for matching `"\'' };
      digitsOnly = false;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[i + 1];
      digitsOnly = false;
      i += 2;
    } else {
      if (c < '0' || c > '9') digitsOnly = false;
      word += c;
      i++;
    }
  }
  endWord();
  return { ok: true, tokens };
}

const unexpected = (t: Token | undefined): string =>
  t === undefined ? 'syntax error: unexpected end of file' : `syntax error near unexpected token \`${t.kind === 'op' ? t.op : t.text}'`;

/** `newline` is what bash names the end of the line when a redirection has no target. */
const NO_TARGET = "syntax error near unexpected token `newline'";

export function parseCommandLine(line: string): ParseResult {
  const lexed = lex(line);
  if (!lexed.ok) return lexed;
  const tokens = lexed.tokens;
  const pipelines: Pipeline[] = [];
  let i = 0;
  let after: Pipeline['after'] = ';';
  while (i < tokens.length) {
    const commands: SimpleCommand[] = [];
    let background = false;
    for (;;) {
      const cmd: SimpleCommand = { words: [], redirections: [], pipeStderr: false };
      while (i < tokens.length) {
        const t = tokens[i];
        if (t.kind === 'word') {
          cmd.words.push(t.text);
          i++;
          continue;
        }
        if (t.op === '>' || t.op === '>>' || t.op === '<' || t.op === '>&' || t.op === '&>' || t.op === '&>>') {
          const target = tokens[i + 1];
          if (target === undefined) return { ok: false, error: NO_TARGET };
          if (target.kind !== 'word') return { ok: false, error: unexpected(target) };
          const r = redirection(t.op, t.fd, target.text);
          if ('error' in r) return { ok: false, error: r.error };
          cmd.redirections.push(r);
          i += 2;
          continue;
        }
        if (t.op === '<<' || t.op === '<&' || t.op === '(' || t.op === ')' || t.op === ';;') {
          return { ok: false, error: t.op === '<<' || t.op === '<&' ? `svcsim: \`${t.op}' is not simulated` : unexpected(t) };
        }
        break;
      }
      const next = tokens[i];
      if (!cmd.words.length && !cmd.redirections.length) return { ok: false, error: unexpected(next) };
      commands.push(cmd);
      if (next?.kind === 'op' && (next.op === '|' || next.op === '|&')) {
        cmd.pipeStderr = next.op === '|&';
        i++;
        if (i >= tokens.length) return { ok: false, error: unexpected(undefined) };
        continue;
      }
      break;
    }
    const next = tokens[i];
    let joiner: Pipeline['after'] | undefined;
    if (next?.kind === 'op') {
      if (next.op === '&&' || next.op === '||' || next.op === ';') joiner = next.op;
      else if (next.op === '&') {
        background = true;
        joiner = ';';
      } else return { ok: false, error: unexpected(next) };
      i++;
      // `a &&` at the end: bash waits for more; a console line ends there.
      if ((joiner === '&&' || joiner === '||') && i >= tokens.length) return { ok: false, error: unexpected(undefined) };
    } else if (next !== undefined) return { ok: false, error: unexpected(next) };
    pipelines.push({ commands, after, background });
    after = joiner ?? ';';
  }
  return { ok: true, pipelines };
}

function redirection(op: '>' | '>>' | '<' | '>&' | '&>' | '&>>', fd: number | undefined, target: string): Redirection | { error: string } {
  if (op === '&>' || op === '&>>') return { op, path: target };
  if (op === '<') return { fd: 0, op, path: target };
  if (op === '>&') {
    // `>&FILE` with a word that is no descriptor sends both streams to the file, as `&>` does.
    if (!/^\d+$/.test(target)) return fd === undefined ? { op: '&>', path: target } : { error: `${target}: ambiguous redirect` };
    return { fd: fd ?? 1, op, to: Number(target) };
  }
  return { fd: fd ?? 1, op, path: target };
}

/**
 * The words of a line that is one simple command (a container's `sh -c STRING` without shell
 * syntax): split and unquoted as the console splits a line.
 */
export function splitWords(line: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) return parsed;
  if (!parsed.pipelines.length) return { ok: true, words: [] };
  const [only] = parsed.pipelines;
  if (parsed.pipelines.length > 1 || only.commands.length > 1 || only.commands[0].redirections.length || only.background) return { ok: false, error: 'not one simple command' };
  return { ok: true, words: only.commands[0].words };
}
