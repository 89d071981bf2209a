/**
 * coreutils 9.4 uniq: adjacent equal lines once (-c with the count as `%7d `, -d repeated ones
 * only, -u unrepeated only, -i without case, -f N fields and -s N characters skipped, -w N
 * characters compared). Messages: src/uniq.c.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs, splitLines } from './input.ts';

const TRY = "Try 'uniq --help' for more information.\n";

export function uniq(args: readonly string[], ctx: ShellContext): CommandOutput {
  let count = false;
  let repeated = false;
  let unique = false;
  let fold = false;
  let skipFields = 0;
  let skipChars = 0;
  let width = Infinity;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const num = /^(?:-([fsw])|--(skip-fields|skip-chars|check-chars)=?)(.*)$/.exec(a);
    if (num) {
      const v = num[3] || args[++i];
      const which = num[1] ?? { 'skip-fields': 'f', 'skip-chars': 's', 'check-chars': 'w' }[num[2] as 'skip-fields'];
      const what = which === 'f' ? 'number of fields to skip' : which === 's' ? 'number of bytes to skip' : 'number of bytes to compare';
      if (v === undefined || !/^\d+$/.test(v)) return { stdout: '', stderr: `uniq: ${v ?? ''}: invalid ${what}\n`, exitCode: 1 };
      if (which === 'f') skipFields = Number(v);
      else if (which === 's') skipChars = Number(v);
      else width = Number(v);
      continue;
    }
    if (a === '--count') count = true;
    else if (a === '--repeated') repeated = true;
    else if (a === '--unique') unique = true;
    else if (a === '--ignore-case') fold = true;
    else if (a.startsWith('--')) return { stdout: '', stderr: `uniq: unrecognized option '${a}'\n${TRY}`, exitCode: 1 };
    else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'c') count = true;
        else if (c === 'd') repeated = true;
        else if (c === 'u') unique = true;
        else if (c === 'i') fold = true;
        else return { stdout: '', stderr: `uniq: invalid option -- '${c}'\n${TRY}`, exitCode: 1 };
      }
    } else files.push(a);
  }
  if (files.length > 2) return { stdout: '', stderr: `uniq: extra operand ‘${files[2]}’\n${TRY}`, exitCode: 1 };
  const input = readInputs(files.slice(0, 1), ctx)[0];
  if (input.text === undefined) return { stdout: '', stderr: `uniq: ${input.name}: No such file or directory\n`, exitCode: 1 };
  const keyOf = (line: string): string => {
    let s = line;
    for (let f = 0; f < skipFields; f++) s = s.replace(/^[ \t]*[^ \t]*/, '');
    s = s.slice(skipChars).slice(0, width);
    return fold ? s.toUpperCase() : s;
  };
  const lines = splitLines(input.text).lines;
  let stdout = '';
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && keyOf(lines[j]) === keyOf(lines[i])) j++;
    const n = j - i;
    if ((!repeated || n > 1) && (!unique || n === 1)) stdout += `${count ? `${String(n).padStart(7)} ` : ''}${lines[i]}\n`;
    i = j;
  }
  return { stdout, stderr: '', exitCode: 0 };
}
