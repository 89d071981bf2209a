/**
 * GNU sed (4.9, Ubuntu 24.04's) for the edits pipelines make: `s/RE/REPL/FLAGS` (g, p, N, I;
 * `&` and `\1`..`\9` in REPL), `d`, `p`, `q`, with addresses (N, `$`, /RE/, and ranges A,B),
 * `-n`, `-e`, `-E`/`-r`, commands separated by `;` or newlines. BREs by default, as sed reads
 * them. Anything else (hold space, branches, `-i` on files) is refused by svcsim rather than
 * guessed at.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs, splitLines } from './input.ts';
import { translateRegex } from './regex.ts';

type Address = { t: 'line'; n: number } | { t: 'last' } | { t: 're'; re: RegExp };

interface Command {
  from?: Address;
  to?: Address;
  negate: boolean;
  op: 's' | 'd' | 'p' | 'q';
  re?: RegExp;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
}

class Unsupported extends Error {}

function regex(src: string, extended: boolean, flags = ''): RegExp {
  const r = translateRegex(src, extended);
  if (!r.ok) throw new Unsupported();
  return new RegExp(r.source, flags);
}

/** Text up to the next unescaped delimiter, from i; the index after the delimiter. */
function delimited(s: string, i: number, delim: string): { text: string; end: number } {
  let text = '';
  for (; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      text += s[i + 1] === delim ? delim : s[i] + s[i + 1];
      i++;
      continue;
    }
    if (s[i] === delim) return { text, end: i + 1 };
    text += s[i];
  }
  throw new Unsupported();
}

function parseScript(script: string, extended: boolean): Command[] {
  const cmds: Command[] = [];
  let i = 0;
  const address = (): Address | undefined => {
    const m = /^\d+/.exec(script.slice(i));
    if (m) {
      i += m[0].length;
      return { t: 'line', n: Number(m[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { t: 'last' };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[++i] : '/';
      const d = delimited(script, i + 1, delim);
      i = d.end;
      return { t: 're', re: regex(d.text, extended) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (i < script.length && ' \t\n;'.includes(script[i])) i++;
    if (i >= script.length) break;
    const cmd: Command = { negate: false, op: 'p' };
    cmd.from = address();
    if (cmd.from && script[i] === ',') {
      i++;
      cmd.to = address();
      if (!cmd.to) throw new Unsupported();
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      cmd.negate = true;
      i++;
    }
    const op = script[i++];
    if (op === 'd' || op === 'p' || op === 'q') cmd.op = op;
    else if (op === 's') {
      const delim = script[i];
      if (delim === undefined || delim === '\\' || delim === '\n') throw new Unsupported();
      const pat = delimited(script, i + 1, delim);
      const rep = delimited(script, pat.end, delim);
      i = rep.end;
      let flags = '';
      while (i < script.length && /[gpIi0-9]/.test(script[i])) flags += script[i++];
      cmd.op = 's';
      cmd.global = flags.includes('g');
      cmd.print = flags.includes('p');
      const nth = /\d+/.exec(flags);
      cmd.nth = nth ? Number(nth[0]) : 1;
      cmd.re = regex(pat.text, extended, /[Ii]/.test(flags) ? 'gi' : 'g');
      cmd.repl = rep.text;
    } else throw new Unsupported();
    while (i < script.length && (script[i] === ' ' || script[i] === '\t')) i++;
    if (i < script.length && script[i] !== ';' && script[i] !== '\n' && script[i] !== '}') throw new Unsupported();
    cmds.push(cmd);
  }
  return cmds;
}

/** REPL with `&`, `\1`..`\9`, `\n` and escaped characters filled in. */
function replacement(repl: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === '&') out += m[0];
    else if (c === '\\' && i + 1 < repl.length) {
      const d = repl[++i];
      if (d >= '0' && d <= '9') out += m[Number(d)] ?? '';
      else out += d === 'n' ? '\n' : d === 't' ? '\t' : d;
    } else out += c;
  }
  return out;
}

function substitute(line: string, c: Command): { text: string; done: boolean } {
  const re = c.re!;
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let count = 0;
  let done = false;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    count++;
    if (count >= c.nth! && (c.global || count === c.nth)) {
      out += line.slice(last, m.index) + replacement(c.repl!, m);
      last = m.index + m[0].length;
      done = true;
      if (!c.global) break;
    }
    if (m[0] === '') re.lastIndex++;
  }
  return { text: out + line.slice(last), done };
}

export function sed(args: readonly string[], ctx: ShellContext): CommandOutput {
  let quiet = false;
  let extended = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
    else if (a === '-e') scripts.push(args[++i] ?? '');
    else if (a.startsWith('-e')) scripts.push(a.slice(2));
    else if (a === '-i' || a.startsWith('-i') || a.startsWith('--in-place')) return { stdout: '', stderr: 'svcsim: sed -i is not simulated: write the result with > FILE instead\n', exitCode: 1 };
    else if (a.startsWith('-') && a.length > 1) return { stdout: '', stderr: `svcsim: sed ${a} is not simulated\n`, exitCode: 1 };
    else if (!scripts.length) scripts.push(a);
    else files.push(a);
  }
  if (!scripts.length) return { stdout: '', stderr: "svcsim: sed needs a script, e.g. sed 's/old/new/'\n", exitCode: 1 };
  let cmds: Command[];
  try {
    cmds = parseScript(scripts.join('\n'), extended);
  } catch {
    return { stdout: '', stderr: `svcsim: this sed script is not simulated (only s, d, p and q with addresses): ${scripts.join('; ')}\n`, exitCode: 1 };
  }
  const lines: string[] = [];
  let stderr = '';
  let finalNewline = true;
  for (const input of readInputs(files, ctx)) {
    if (input.text === undefined) {
      stderr += `sed: can't read ${input.name}: No such file or directory\n`;
      continue;
    }
    const split = splitLines(input.text);
    lines.push(...split.lines);
    finalNewline = split.hasFinalNewline;
  }
  const active = cmds.map(() => false);
  const matches = (a: Address, n: number, line: string) => (a.t === 'line' ? n === a.n : a.t === 'last' ? n === lines.length : a.re.test(line));
  let stdout = '';
  const emit = (text: string, last: boolean) => (stdout += text + (last && !finalNewline ? '' : '\n'));
  for (let k = 0; k < lines.length; k++) {
    const n = k + 1;
    const last = n === lines.length;
    let line = lines[k];
    let deleted = false;
    let quit = false;
    for (let j = 0; j < cmds.length && !deleted && !quit; j++) {
      const c = cmds[j];
      let selected: boolean;
      if (!c.from) selected = true;
      else if (!c.to) selected = matches(c.from, n, line);
      else if (active[j]) {
        selected = true;
        if (c.to.t === 'line' ? n >= c.to.n : matches(c.to, n, line)) active[j] = false;
      } else if (matches(c.from, n, line)) {
        selected = true;
        // A range whose end is a line number already past closes at once (GNU).
        active[j] = !(c.to.t === 'line' && c.to.n <= n) && !(c.to.t === 'last' && last);
      } else selected = false;
      if (selected === c.negate) continue;
      if (c.op === 'd') deleted = true;
      else if (c.op === 'p') emit(line, last);
      else if (c.op === 'q') quit = true;
      else {
        const r = substitute(line, c);
        line = r.text;
        if (r.done && c.print) emit(line, last);
      }
    }
    if (!deleted && !quiet) emit(line, last);
    if (quit) break;
  }
  return { stdout, stderr, exitCode: stderr ? 2 : 0 };
}
