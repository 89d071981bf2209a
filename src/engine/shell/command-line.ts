/**
 * A console line parsed the way bash parses the part of its grammar the console runs: simple
 * commands with their redirections, joined by `|` and `|&` into pipelines, and pipelines joined
 * by `&&`, `||` and `;` into a list. An operator character inside quotes or after a backslash
 * is part of a word. Words: blanks separate them, single quotes are literal, double quotes keep
 * blanks and honour `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes escapes the next
 * character, `#` starts a comment. A word keeps where its expansions stand (`$NAME`, `${NAME}`,
 * `$(...)`, backquotes, `~`) and whether each was quoted: expansion.ts expands them when the
 * command runs, as bash does. No globbing, subshells or background jobs (`&` alone is refused by
 * the runner).
 */

/** Where a redirection sends a stream: `>/dev/null`, `2>&1`, `> FILE`, `>> FILE`, `< FILE`. */
export type Redirection =
  | { fd: number; op: '>' | '>>'; path: string; word?: WordPart[] }
  | { fd: number; op: '>&'; to: number }
  | { fd: 0; op: '<'; path: string; word?: WordPart[] }
  | { op: '&>' | '&>>'; path: string; word?: WordPart[] };

/** A piece of a word: text as written (quotes removed), or an expansion and whether it stood inside double quotes. */
export type WordPart =
  | { kind: 'text'; text: string; quoted: boolean }
  /** `$NAME`, `${NAME}`, `$?`, ...; `${NAME:-word}` (`colon`: also when empty) and `${NAME-word}` carry `fallback`; `${#NAME}` is `length`. */
  | {
      kind: 'param';
      name: string;
      quoted: boolean;
      fallback?: { text: string; colon: boolean };
      length?: boolean;
      /** `${NAME#pattern}`, `##`, `%`, `%%`: the shortest or longest matching prefix or suffix removed. */
      trim?: { op: '#' | '##' | '%' | '%%'; pattern: string };
    }
  /** `$(LINE)` or `` `LINE` ``. */
  | { kind: 'command'; line: string; quoted: boolean }
  /** `$((EXPR))`: bash's integer arithmetic. */
  | { kind: 'arith'; text: string; quoted: boolean }
  /** What svcsim does not expand (`$((...))`, `${x/a/b}`, `$$`): refused by name when the command runs. */
  | { kind: 'unsupported'; source: string; quoted: boolean }
  /** A leading unquoted `~` (root's home). */
  | { kind: 'tilde' };

/** `for NAME in WORDS; do BODY; done`: BODY runs once per word of WORDS (expanded and split when the loop runs). */
export interface ForLoop {
  name: string;
  words: string[];
  parts?: WordPart[][];
  body: Pipeline[];
}

export interface SimpleCommand {
  /** The words as written, quotes removed: final unless `parts` says some expand. A loop's are `['for']`. */
  words: string[];
  /** Present for a `for` loop, which runs in the command's place (its redirections and pipe are the loop's). */
  loop?: ForLoop;
  /** Expand the words without splitting them (a `case` word and its patterns). */
  noSplit?: true;
  /** Present for `case`: the first clause one of whose patterns matches WORD runs. */
  choice?: { word: WordPart[]; clauses: { patterns: WordPart[][]; body: Pipeline[] }[] };
  /** Present for `for ((INIT; TEST; STEP))`: an empty TEST is true. */
  counting?: { init: string; test: string; step: string; body: Pipeline[] };
  /** Present for `((EXPR))`: status 0 when EXPR is not zero. */
  arithmetic?: string;
  /** Present for `while` (and `until`): BODY runs while TEST succeeds (fails). */
  repeat?: { test: Pipeline[]; body: Pipeline[]; until: boolean };
  /** Present for an `if`: the first branch whose test succeeds runs, else `otherwise`. */
  conditional?: { branches: { test: Pipeline[]; body: Pipeline[] }[]; otherwise?: Pipeline[] };
  /** Present when a word has an expansion: each word's parts, word for word. */
  parts?: WordPart[][];
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

type Token = { kind: 'word'; text: string; parts: WordPart[]; expands: boolean; arithmetic?: true } | { kind: 'op'; op: Op; fd?: number };

const BLANKS = ' \t\r\n';

/** Operators longest first, as bash's reader takes them. */
const OPERATORS: readonly Op[] = ['&>>', ';;', '&&', '||', '|&', '>>', '>&', '&>', '<<', '<&', '|', '&', ';', '>', '<', '(', ')'];

type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

function lex(line: string): LexResult {
  const tokens: Token[] = [];
  let word = '';
  let parts: WordPart[] = [];
  let expands = false;
  let inWord = false;
  // Whether the word so far came from unquoted digits only (`2` in `2>&1` is a file descriptor).
  let digitsOnly = true;
  const text = (t: string, quoted: boolean) => {
    word += t;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text' && last.quoted === quoted) last.text += t;
    else if (t || quoted) parts.push({ kind: 'text', text: t, quoted });
  };
  const expansion = (part: WordPart, source: string) => {
    word += source;
    parts.push(part);
    expands = true;
  };
  const endWord = () => {
    // `NAME=value` may be an assignment: its parts go to the runner too.
    const first = parts[0];
    if (first?.kind === 'text' && !first.quoted && ASSIGNMENT.test(first.text)) expands = true;
    if (inWord) tokens.push({ kind: 'word', text: word, parts, expands });
    word = '';
    parts = [];
    expands = false;
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
    // `((EXPR))`: an arithmetic command, one word holding the expression.
    if (c === '(' && line[i + 1] === '(' && !inWord) {
      let depth = 2;
      let j = i + 2;
      for (; j < line.length && depth > 0; j++) {
        if (line[j] === '(') depth++;
        else if (line[j] === ')') depth--;
      }
      if (depth > 0 || line[j - 2] !== ')') return { ok: false, error: "unexpected EOF while looking for matching `)'" };
      tokens.push({ kind: 'word', text: line.slice(i, j), parts: [{ kind: 'arith', text: line.slice(i + 2, j - 2), quoted: true }], expands: true, arithmetic: true });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      // `2>`, `1>&2`: a word of digits right before a redirection is the descriptor it applies to.
      if (inWord && digitsOnly && (op === '>' || op === '>>' || op === '>&' || op === '<' || op === '<&')) {
        tokens.push({ kind: 'op', op, fd: Number(word) });
        word = '';
        parts = [];
        inWord = false;
        digitsOnly = true;
      } else {
        endWord();
        tokens.push({ kind: 'op', op });
      }
      i += op.length;
      continue;
    }
    if (c === '~' && !inWord && (i + 1 === line.length || '/ \t\r\n;&|<>()'.includes(line[i + 1]))) {
      inWord = true;
      digitsOnly = false;
      expansion({ kind: 'tilde' }, '~');
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unexpected EOF while looking for matching `''" };
      text(line.slice(i + 1, end), true);
      digitsOnly = false;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      // An empty "" still makes a word.
      text('', true);
      while (i < line.length) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          text(line[i + 1], true);
          i += 2;
          continue;
        }
        if (d === '$' || d === '`') {
          const x = readExpansion(line, i, true);
          if ('error' in x) return { ok: false, error: x.error };
          if (x.part) {
            expansion(x.part, line.slice(i, x.end));
            i = x.end;
            continue;
          }
        }
        text(d, true);
        i++;
      }
      if (!closed) return { ok: false, error: 'unexpected EOF while looking for matching `"\'' };
      digitsOnly = false;
    } else if (c === '\\') {
      if (i + 1 < line.length) text(line[i + 1], true);
      digitsOnly = false;
      i += 2;
    } else if (c === '$' || c === '`') {
      const x = readExpansion(line, i, false);
      if ('error' in x) return { ok: false, error: x.error };
      digitsOnly = false;
      if (x.part) {
        expansion(x.part, line.slice(i, x.end));
        i = x.end;
      } else {
        text(c, false);
        i++;
      }
    } else {
      if (c < '0' || c > '9') digitsOnly = false;
      text(c, false);
      i++;
    }
  }
  endWord();
  return { ok: true, tokens };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** A word that assigns a variable when it leads a command (its `NAME=` unquoted). */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * The expansion starting at `line[i]` (a `$` or a backquote): the part and where it ends, no
 * part when the `$` is a plain character (`$` before a blank, `$%`), or bash's error for an
 * unterminated one.
 */
function readExpansion(line: string, i: number, quoted: boolean): { part?: WordPart; end: number } | { error: string } {
  if (line[i] === '`') {
    let inner = '';
    for (let j = i + 1; j < line.length; j++) {
      if (line[j] === '\\' && j + 1 < line.length && '$`\\'.includes(line[j + 1])) {
        inner += line[++j];
        continue;
      }
      if (line[j] === '`') return { part: { kind: 'command', line: inner, quoted }, end: j + 1 };
      inner += line[j];
    }
    return { error: 'unexpected EOF while looking for matching ``\'' };
  }
  const next = line[i + 1];
  if (next === '(') {
    if (line[i + 2] === '(') {
      // $((EXPR)): the `)` that closes the outer pair, nested parentheses counted.
      let depth = 2;
      let j = i + 3;
      for (; j < line.length && depth > 0; j++) {
        if (line[j] === '(') depth++;
        else if (line[j] === ')') depth--;
      }
      if (depth > 0 || line[j - 2] !== ')') return { error: "unexpected EOF while looking for matching `)'" };
      return { part: { kind: 'arith', text: line.slice(i + 3, j - 2), quoted }, end: j };
    }
    const close = matchingParen(line, i + 2);
    if (close < 0) return { error: "unexpected EOF while looking for matching `)'" };
    return { part: { kind: 'command', line: line.slice(i + 2, close), quoted }, end: close + 1 };
  }
  if (next === '{') {
    const close = line.indexOf('}', i + 2);
    if (close < 0) return { error: "unexpected EOF while looking for matching `}'" };
    const body = line.slice(i + 2, close);
    const end = close + 1;
    const name = NAME.exec(body)?.[0] ?? (/^[0-9?#@*]/.test(body) ? body[0] : undefined);
    if (name !== undefined && body === name) return { part: { kind: 'param', name, quoted }, end };
    if (name !== undefined && (body.startsWith(':-', name.length) || body.startsWith('-', name.length))) {
      const colon = body[name.length] === ':';
      return { part: { kind: 'param', name, quoted, fallback: { text: unquote(body.slice(name.length + (colon ? 2 : 1))), colon } }, end };
    }
    if (body.startsWith('#') && NAME.exec(body.slice(1))?.[0] === body.slice(1)) return { part: { kind: 'param', name: body.slice(1), quoted, length: true }, end };
    const trim = name !== undefined ? /^(##?|%%?)/.exec(body.slice(name.length))?.[1] : undefined;
    if (name !== undefined && trim) {
      const pattern = unquote(body.slice(name.length + trim.length));
      return { part: { kind: 'param', name, quoted, trim: { op: trim as '#' | '##' | '%' | '%%', pattern } }, end };
    }
    return { part: { kind: 'unsupported', source: line.slice(i, end), quoted }, end };
  }
  const name = NAME.exec(line.slice(i + 1))?.[0];
  if (name) return { part: { kind: 'param', name, quoted }, end: i + 1 + name.length };
  if (next !== undefined && /[0-9?#@*$!\-]/.test(next)) {
    if ('$!-'.includes(next)) return { part: { kind: 'unsupported', source: `$${next}`, quoted }, end: i + 2 };
    return { part: { kind: 'param', name: next, quoted }, end: i + 2 };
  }
  return { end: i + 1 };
}

/** The index of the `)` closing a `$(` whose body starts at `from`, quotes and nesting considered; -1 if none. */
function matchingParen(line: string, from: number): number {
  let depth = 1;
  for (let j = from; j < line.length; j++) {
    const c = line[j];
    if (c === '\\') j++;
    else if (c === "'") {
      j = line.indexOf("'", j + 1);
      if (j < 0) return -1;
    } else if (c === '"') {
      for (j++; j < line.length && line[j] !== '"'; j++) if (line[j] === '\\') j++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return -1;
}

/** A `${NAME:-word}` default's quotes removed (its own expansions are not simulated). */
function unquote(text: string): string {
  return text.replace(/\\(.)|'([^']*)'|"([^"]*)"/g, (_m, esc: string | undefined, single: string | undefined, double: string | undefined) => esc ?? single ?? double ?? '');
}

const unexpected = (t: Token | undefined): string =>
  t === undefined ? 'syntax error: unexpected end of file' : `syntax error near unexpected token \`${t.kind === 'op' ? t.op : t.text}'`;

/** `newline` is what bash names the end of the line when a redirection has no target. */
const NO_TARGET = "syntax error near unexpected token `newline'";

export function parseCommandLine(line: string): ParseResult {
  const lexed = lex(line);
  if (!lexed.ok) return lexed;
  const parser = new Parser(lexed.tokens);
  const r = parser.list(undefined);
  if ('error' in r) return { ok: false, error: r.error };
  return { ok: true, pipelines: r };
}

type Parsed<T> = T | { error: string };

/** bash's reserved words for what svcsim does not run. */
const UNSUPPORTED = new Set(['select', 'function', '{', '}', '[[', '!']);

/** Reserved words that close or continue a compound command: out of place where a command starts. */
const CLOSERS = new Set(['do', 'done', 'then', 'elif', 'else', 'fi', 'esac']);

/** A word as a reserved word sees it: written plainly (no quotes, escapes or expansions). */
function reserved(t: Token | undefined, word: string): boolean {
  return t?.kind === 'word' && !t.expands && t.text === word && t.parts.length === 1 && t.parts[0].kind === 'text' && !t.parts[0].quoted;
}

/** bash's grammar for what the console runs: lists of pipelines of simple commands and `for` loops. */
class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  /** Pipelines joined by `;`, `&&`, `||`, `&`, up to the end or, inside a loop, its `done`. */
  list(until: readonly string[] | undefined): Parsed<Pipeline[]> {
    const tokens = this.tokens;
    const pipelines: Pipeline[] = [];
    let after: Pipeline['after'] = ';';
    // Inside `case`, a clause's list also ends at `;;`.
    const stops = (t: Token | undefined) => until !== undefined && (until.some((w) => reserved(t, w)) || (until.includes('esac') && t?.kind === 'op' && t.op === ';;'));
    while (this.i < tokens.length && !stops(tokens[this.i])) {
      const commands: SimpleCommand[] = [];
      for (;;) {
        const t = tokens[this.i];
        const cmd = reserved(t, 'for')
          ? this.forLoop()
          : reserved(t, 'if')
            ? this.conditional()
            : reserved(t, 'while') || reserved(t, 'until')
              ? this.whileLoop()
              : reserved(t, 'case')
                ? this.caseCommand()
                : this.simple();
        if ('error' in cmd) return cmd;
        const next = tokens[this.i];
        commands.push(cmd);
        if (next?.kind === 'op' && (next.op === '|' || next.op === '|&')) {
          cmd.pipeStderr = next.op === '|&';
          this.i++;
          if (this.i >= tokens.length) return { error: unexpected(undefined) };
          continue;
        }
        break;
      }
      const next = tokens[this.i];
      let joiner: Pipeline['after'] | undefined;
      let background = false;
      if (next?.kind === 'op') {
        if (stops(next)) {
          pipelines.push({ commands, after, background });
          return pipelines;
        }
        if (next.op === '&&' || next.op === '||' || next.op === ';') joiner = next.op;
        else if (next.op === '&') {
          background = true;
          joiner = ';';
        } else return { error: unexpected(next) };
        this.i++;
        // `a &&` at the end: bash waits for more; a console line ends there.
        if ((joiner === '&&' || joiner === '||') && (this.i >= tokens.length || stops(tokens[this.i]))) {
          return { error: unexpected(tokens[this.i]) };
        }
      } else if (next !== undefined && !stops(next)) return { error: unexpected(next) };
      pipelines.push({ commands, after, background });
      after = joiner ?? ';';
    }
    return pipelines;
  }

  /** Words and redirections, in any order, up to an operator that ends the command. */
  private simple(): Parsed<SimpleCommand> {
    const tokens = this.tokens;
    const cmd: SimpleCommand = { words: [], redirections: [], pipeStderr: false };
    // `do`, `fi` ... where a command would start are out of place (bash: unexpected token).
    const lead = tokens[this.i];
    if (lead?.kind === 'word' && CLOSERS.has(lead.text) && reserved(lead, lead.text)) return { error: unexpected(lead) };
    const first = tokens[this.i];
    if (first?.kind === 'word' && first.arithmetic) {
      this.i++;
      const part = first.parts[0] as Extract<WordPart, { kind: 'arith' }>;
      return this.compoundEnd({ words: ['(('], redirections: [], pipeStderr: false, arithmetic: part.text });
    }
    if (first?.kind === 'word' && UNSUPPORTED.has(first.text) && reserved(first, first.text)) {
      return { error: `svcsim: \`${first.text}' is not simulated (lines run commands joined by |, &&, || and ;, for, while and until loops, if and case)` };
    }
    while (this.i < tokens.length) {
      const t = tokens[this.i];
      if (t.kind === 'word') {
        if (t.expands && !cmd.parts) cmd.parts = cmd.words.map((w) => [{ kind: 'text', text: w, quoted: true }]);
        cmd.words.push(t.text);
        cmd.parts?.push(t.parts);
        this.i++;
        continue;
      }
      const r = this.redirection();
      if (r === undefined) break;
      if ('error' in r) return r;
      cmd.redirections.push(r);
    }
    if (!cmd.words.length && !cmd.redirections.length) return { error: unexpected(tokens[this.i]) };
    return cmd;
  }

  /** The redirection at the current token (undefined: none there). */
  private redirection(): Parsed<Redirection> | undefined {
    const t = this.tokens[this.i];
    if (t?.kind !== 'op') return undefined;
    if (t.op === '>' || t.op === '>>' || t.op === '<' || t.op === '>&' || t.op === '&>' || t.op === '&>>') {
      const target = this.tokens[this.i + 1];
      if (target === undefined) return { error: NO_TARGET };
      if (target.kind !== 'word') return { error: unexpected(target) };
      const r = redirection(t.op, t.fd, target.text);
      if ('error' in r) return r;
      // A target with an expansion (`> $OUT`) is expanded when the command runs.
      if (target.expands && 'path' in r) r.word = target.parts;
      this.i += 2;
      return r;
    }
    if (t.op === '<<' || t.op === '<&' || t.op === '(' || t.op === ')') {
      return { error: t.op === '<<' || t.op === '<&' ? `svcsim: \`${t.op}' is not simulated` : unexpected(t) };
    }
    return undefined;
  }

  /** A compound command's inner list, up to one of `closers`, which must follow it; a list cannot be empty. */
  private inner(closers: readonly string[]): Parsed<Pipeline[]> {
    const body = this.list(closers);
    if ('error' in body) return body;
    if (this.i >= this.tokens.length) return { error: unexpected(undefined) };
    if (!body.length) return { error: unexpected(this.tokens[this.i]) };
    return body;
  }

  /** The redirections after a compound command's closing word; a word there is out of place. */
  private compoundEnd(cmd: SimpleCommand): Parsed<SimpleCommand> {
    for (let r = this.redirection(); r !== undefined; r = this.redirection()) {
      if ('error' in r) return r;
      cmd.redirections.push(r);
    }
    const next = this.tokens[this.i];
    if (next?.kind === 'word') return { error: unexpected(next) };
    return cmd;
  }

  /** `case WORD in [(]PATTERN[|PATTERN]...) LIST ;; ... esac`: a clause's list may be empty. */
  private caseCommand(): Parsed<SimpleCommand> {
    const tokens = this.tokens;
    this.i++;
    const word = tokens[this.i];
    if (word?.kind !== 'word') return { error: unexpected(word) };
    this.i++;
    if (!reserved(tokens[this.i], 'in')) return { error: unexpected(tokens[this.i]) };
    this.i++;
    const clauses: { patterns: WordPart[][]; body: Pipeline[] }[] = [];
    for (;;) {
      const t = tokens[this.i];
      if (t === undefined) return { error: unexpected(undefined) };
      if (reserved(t, 'esac')) break;
      if (t.kind === 'op' && t.op === '(') this.i++;
      const patterns: WordPart[][] = [];
      for (;;) {
        const p = tokens[this.i];
        if (p?.kind !== 'word') return { error: unexpected(p) };
        patterns.push(p.parts.length ? p.parts : [{ kind: 'text', text: '', quoted: true }]);
        this.i++;
        const sep = tokens[this.i];
        if (sep?.kind === 'op' && sep.op === '|') {
          this.i++;
          continue;
        }
        if (sep?.kind === 'op' && sep.op === ')') break;
        return { error: unexpected(sep) };
      }
      this.i++; // )
      const body = this.list(['esac']);
      if ('error' in body) return body;
      clauses.push({ patterns, body });
      const end = tokens[this.i];
      if (end?.kind === 'op' && end.op === ';;') this.i++;
      else if (!reserved(end, 'esac')) return { error: unexpected(end) };
    }
    this.i++; // esac
    return this.compoundEnd({ words: ['case'], redirections: [], pipeStderr: false, choice: { word: word.parts.length ? word.parts : [{ kind: 'text', text: '', quoted: true }], clauses } });
  }

  /** `while LIST; do LIST; done` and `until LIST; do LIST; done`, with redirections after `done`. */
  private whileLoop(): Parsed<SimpleCommand> {
    const until = (this.tokens[this.i] as Extract<Token, { kind: 'word' }>).text === 'until';
    this.i++;
    const test = this.inner(['do']);
    if ('error' in test) return test;
    this.i++; // do
    const body = this.inner(['done']);
    if ('error' in body) return body;
    this.i++; // done
    return this.compoundEnd({ words: [until ? 'until' : 'while'], redirections: [], pipeStderr: false, repeat: { test, body, until } });
  }

  /** `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi [REDIRECTIONS]`. */
  private conditional(): Parsed<SimpleCommand> {
    const tokens = this.tokens;
    const branches: { test: Pipeline[]; body: Pipeline[] }[] = [];
    let otherwise: Pipeline[] | undefined;
    let word = 'if';
    while (word === 'if' || word === 'elif') {
      this.i++;
      const test = this.inner(['then']);
      if ('error' in test) return test;
      this.i++; // then
      const body = this.inner(['elif', 'else', 'fi']);
      if ('error' in body) return body;
      branches.push({ test, body });
      word = (tokens[this.i] as Extract<Token, { kind: 'word' }>).text;
    }
    if (word === 'else') {
      this.i++;
      const body = this.inner(['fi']);
      if ('error' in body) return body;
      otherwise = body;
    }
    this.i++; // fi
    return this.compoundEnd({ words: ['if'], redirections: [], pipeStderr: false, conditional: { branches, otherwise } });
  }

  /** `for NAME [in WORDS] ; do LIST ; done [REDIRECTIONS]`: words as `for` so older readers see a compound command. */
  private forLoop(): Parsed<SimpleCommand> {
    const tokens = this.tokens;
    this.i++;
    const name = tokens[this.i];
    // for ((INIT; TEST; STEP)); do LIST; done
    if (name?.kind === 'word' && name.arithmetic) {
      const [init, test, step, extra] = (name.parts[0] as Extract<WordPart, { kind: 'arith' }>).text.split(';');
      if (step === undefined || extra !== undefined) return { error: 'syntax error: arithmetic expression required' };
      this.i++;
      const semi = tokens[this.i];
      if (semi?.kind === 'op' && semi.op === ';') this.i++;
      if (!reserved(tokens[this.i], 'do')) return { error: unexpected(tokens[this.i]) };
      this.i++;
      const body = this.inner(['done']);
      if ('error' in body) return body;
      this.i++; // done
      return this.compoundEnd({ words: ['for'], redirections: [], pipeStderr: false, counting: { init: init.trim(), test: test.trim(), step: step.trim(), body } });
    }
    if (name?.kind !== 'word') return { error: unexpected(name) };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.text) || name.expands) return { error: `\`${name.text}': not a valid identifier` };
    this.i++;
    const words: string[] = [];
    let parts: WordPart[][] | undefined;
    let listed = false;
    if (reserved(tokens[this.i], 'in')) {
      listed = true;
      this.i++;
      while (tokens[this.i]?.kind === 'word' && !reserved(tokens[this.i], 'do')) {
        const t = tokens[this.i] as Extract<Token, { kind: 'word' }>;
        if (t.expands && !parts) parts = words.map((w) => [{ kind: 'text', text: w, quoted: true }]);
        words.push(t.text);
        parts?.push(t.parts);
        this.i++;
      }
    }
    const semi = tokens[this.i];
    if (semi?.kind === 'op' && semi.op === ';') this.i++;
    else if (listed || !reserved(semi, 'do')) return { error: unexpected(semi) };
    if (!reserved(tokens[this.i], 'do')) return { error: unexpected(tokens[this.i]) };
    this.i++;
    const body = this.inner(['done']);
    if ('error' in body) return body;
    this.i++; // done
    const loop = { name: name.text, words: listed ? words : ['"$@"'], parts: listed ? parts : [[{ kind: 'param' as const, name: '@', quoted: true }]], body };
    return this.compoundEnd({ words: ['for'], redirections: [], pipeStderr: false, loop });
  }
}

/** The lists a compound command holds (loop bodies, tests, branches); none for a simple command. */
export function innerLists(cmd: SimpleCommand): (readonly Pipeline[])[] {
  if (cmd.loop) return [cmd.loop.body];
  if (cmd.counting) return [cmd.counting.body];
  if (cmd.repeat) return [cmd.repeat.test, cmd.repeat.body];
  if (cmd.conditional) return [...cmd.conditional.branches.flatMap((b) => [b.test, b.body]), ...(cmd.conditional.otherwise ? [cmd.conditional.otherwise] : [])];
  if (cmd.choice) return cmd.choice.clauses.map((c) => c.body);
  return [];
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
