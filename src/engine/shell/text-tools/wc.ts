/**
 * coreutils 9.4 wc: lines, words, bytes (the default three), -m characters, -L longest line;
 * the counts in wc's order, right-aligned to one width (src/wc.c compute_number_width: 1 for a
 * single count of a single input, at least 7 when an input is not a regular file such as a
 * pipe, else the digits of the inputs' total size), the name after them, `total` past one input.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';

type Count = 'lines' | 'words' | 'chars' | 'bytes' | 'max-line-length';
const ORDER: readonly Count[] = ['lines', 'words', 'chars', 'bytes', 'max-line-length'];
const SHORT: Record<string, Count> = { l: 'lines', w: 'words', m: 'chars', c: 'bytes', L: 'max-line-length' };
const TRY = "Try 'wc --help' for more information.\n";

function counts(text: string): Record<Count, number> {
  const lines = text.split('\n');
  let longest = 0;
  for (const l of lines) longest = Math.max(longest, [...l.replace(/\t/g, '        ')].length);
  return {
    lines: lines.length - 1,
    words: text.split(/[ \t\n\r\f\v]+/).filter((w) => w !== '').length,
    chars: [...text].length,
    bytes: new TextEncoder().encode(text).length,
    'max-line-length': longest,
  };
}

export function wc(args: readonly string[], ctx: ShellContext): CommandOutput {
  const wanted = new Set<Count>();
  const files: string[] = [];
  let options = true;
  for (const a of args) {
    if (options && a === '--') options = false;
    else if (options && a.startsWith('--') ) {
      const name = a.slice(2);
      if (!(ORDER as readonly string[]).includes(name)) return { stdout: '', stderr: `wc: unrecognized option '${a}'\n${TRY}`, exitCode: 1 };
      wanted.add(name as Count);
    } else if (options && a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (!SHORT[c]) return { stdout: '', stderr: `wc: invalid option -- '${c}'\n${TRY}`, exitCode: 1 };
        wanted.add(SHORT[c]);
      }
    } else files.push(a);
  }
  const shown = ORDER.filter((c) => (wanted.size ? wanted.has(c) : c === 'lines' || c === 'words' || c === 'bytes'));
  const inputs = readInputs(files, ctx);
  const found = inputs.filter((i) => i.text !== undefined);
  const rows = found.map((i) => ({ name: i.stdin ? (files.length ? '-' : '') : i.name, c: counts(i.text!) }));
  let width: number;
  if (shown.length === 1 && inputs.length === 1) width = 1;
  else {
    const total = found.reduce((n, i) => n + (i.stdin ? 0 : new TextEncoder().encode(i.text!).length), 0);
    width = Math.max(inputs.some((i) => i.stdin) ? 7 : 1, String(total).length);
  }
  const line = (c: Record<Count, number>, name: string) => `${shown.map((k) => String(c[k]).padStart(width)).join(' ')}${name ? ` ${name}` : ''}\n`;
  let stdout = rows.map((r) => line(r.c, r.name)).join('');
  if (inputs.length > 1) {
    const sum = {} as Record<Count, number>;
    for (const k of ORDER) sum[k] = k === 'max-line-length' ? Math.max(0, ...rows.map((r) => r.c[k])) : rows.reduce((n, r) => n + r.c[k], 0);
    stdout += line(sum, 'total');
  }
  const stderr = inputs.filter((i) => i.text === undefined).map((i) => `wc: ${i.name}: No such file or directory\n`).join('');
  return { stdout, stderr, exitCode: stderr ? 1 : 0 };
}
