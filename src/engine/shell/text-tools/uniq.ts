/**
 * coreutils 9.4 uniq: each run of adjacent equal lines once, compared from the line's N+1-th
 * field (-f N) and M+1-th byte (-s M), over at most W bytes (-w W), without case (-i); -c puts
 * the count before each as `%7d `, -d keeps repeated runs, -u unrepeated ones, -D/--all-repeated
 * and --group print every line of the runs; the obsolete -N and +M forms; INPUT [OUTPUT].
 * Messages: coreutils src/uniq.c.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { readInputs } from './input.ts';
import { argmatch, fatal, helpOutput, parseOptions, quote, quotef, usageFailure, versionOutput, xstrtoumax, type LongOption } from './coreutils-options.ts';

const TOOL = 'uniq';
const LONG: readonly LongOption[] = [
  { name: 'count', arg: 'none', key: 'c' },
  { name: 'repeated', arg: 'none', key: 'd' },
  { name: 'all-repeated', arg: 'optional', key: 'D' },
  { name: 'group', arg: 'optional', key: 'group' },
  { name: 'ignore-case', arg: 'none', key: 'i' },
  { name: 'unique', arg: 'none', key: 'u' },
  { name: 'skip-fields', arg: 'required', key: 'f' },
  { name: 'skip-chars', arg: 'required', key: 's' },
  { name: 'check-chars', arg: 'required', key: 'w' },
  { name: 'zero-terminated', arg: 'none', key: 'z' },
];

/** uniq.c size_opt: a count, too large ones held at the maximum. */
function size(text: string, message: string): number | CommandOutput {
  const r = xstrtoumax(text);
  if (r.ok) return Number(r.value);
  if (r.overflow) return Infinity;
  return fatal(TOOL, `${text}: ${message}`);
}

const isBlank = (c: string) => c === ' ' || c === '\t';

export function uniq(args: readonly string[], ctx: ShellContext): CommandOutput {
  let skipFields = 0;
  let skipChars = 0;
  let checkChars = Infinity;
  let obsoleteFields = false;
  let count = false;
  let outputUnique = true;
  let outputFirstRepeated = true;
  let outputLaterRepeated = false;
  let outputOptionUsed = false;
  let delimit = 'none';
  let grouping = '';
  let ignoreCase = false;
  let end = '\n';
  const files: string[] = [];
  const parsed = parseOptions(args, { tool: TOOL, short: '-0123456789Dcdf:is:uw:z', long: LONG });
  for (const item of parsed.items) {
    const { key } = item;
    const value = item.value ?? '';
    if (item.operand !== undefined) {
      // +N: skip N bytes (obsolete form); else a file name.
      const r = item.operand.startsWith('+') ? xstrtoumax(item.operand) : undefined;
      if (r?.ok) skipChars = Number(r.value);
      else if (files.length === 2) return usageFailure(TOOL, `extra operand ${quote(item.operand)}`);
      else files.push(item.operand);
    } else if (/^\d$/.test(key)) {
      // -N: skip N fields (obsolete form); digits of one word, or of several, add up.
      skipFields = (obsoleteFields ? skipFields : 0) * 10 + Number(key);
      obsoleteFields = true;
    } else if (key === 'c') {
      count = true;
      outputOptionUsed = true;
    } else if (key === 'd') {
      outputUnique = false;
      outputOptionUsed = true;
    } else if (key === 'D') {
      outputUnique = false;
      outputLaterRepeated = true;
      outputOptionUsed = true;
      if (item.value === undefined) delimit = 'none';
      else {
        const m = argmatch(TOOL, '--all-repeated', value, ['none', 'prepend', 'separate']);
        if (typeof m !== 'string') return m;
        delimit = m;
      }
    } else if (key === 'group') {
      if (item.value === undefined) grouping = 'separate';
      else {
        const m = argmatch(TOOL, '--group', value, ['prepend', 'append', 'separate', 'both']);
        if (typeof m !== 'string') return m;
        grouping = m;
      }
    } else if (key === 'f' || key === 's' || key === 'w') {
      const what = key === 'f' ? 'invalid number of fields to skip' : key === 's' ? 'invalid number of bytes to skip' : 'invalid number of bytes to compare';
      const n = size(value, what);
      if (typeof n !== 'number') return n;
      if (key === 'f') {
        skipFields = n;
        obsoleteFields = false;
      } else if (key === 's') skipChars = n;
      else checkChars = n;
    } else if (key === 'i') ignoreCase = true;
    else if (key === 'u') {
      outputFirstRepeated = false;
      outputOptionUsed = true;
    } else if (key === 'z') end = '\0';
    else if (key === 'help') return helpOutput(TOOL);
    else if (key === 'version') return versionOutput(TOOL, ['Richard M. Stallman', 'David MacKenzie']);
  }
  if (parsed.failure) return parsed.failure;
  if (grouping && outputOptionUsed) return usageFailure(TOOL, '--group is mutually exclusive with -c/-d/-D/-u');
  if (count && outputLaterRepeated) return usageFailure(TOOL, 'printing all duplicated lines and repeat counts is meaningless');

  const input = readInputs(files.slice(0, 1), ctx)[0];
  if (input.text === undefined) return fatal(TOOL, `${quotef(input.name)}: No such file or directory`);
  const lines = input.text.split(end);
  if (lines[lines.length - 1] === '') lines.pop();

  /** find_field and different(): the part of the line that is compared. */
  const field = (line: string): string => {
    let i = 0;
    for (let f = 0; f < skipFields && i < line.length; f++) {
      while (i < line.length && isBlank(line[i])) i++;
      while (i < line.length && !isBlank(line[i])) i++;
    }
    const s = line.slice(Math.min(line.length, i + skipChars)).slice(0, checkChars);
    return ignoreCase ? s.toUpperCase() : s;
  };

  let out = '';
  if (grouping) {
    lines.forEach((line, n) => {
      const starts = n === 0 || field(line) !== field(lines[n - 1]);
      if (starts && (grouping === 'prepend' || grouping === 'both' || (n > 0 && (grouping === 'append' || grouping === 'separate')))) out += end;
      out += line + end;
    });
    if ((grouping === 'append' || grouping === 'both') && lines.length) out += end;
  } else {
    let firstDelimiter = true;
    for (let i = 0; i < lines.length; ) {
      let j = i + 1;
      while (j < lines.length && field(lines[j]) === field(lines[i])) j++;
      const n = j - i;
      if (n === 1 || !outputLaterRepeated) {
        if (n === 1 ? outputUnique : outputFirstRepeated) out += `${count ? `${String(n).padStart(7)} ` : ''}${lines[i]}${end}`;
      } else {
        // -D: the lines before a run's last are "later repeats", its last closes the run (uniq.c check_file).
        if (delimit === 'prepend' || (delimit === 'separate' && !firstDelimiter)) out += end;
        for (let k = i; k < j - 1; k++) out += lines[k] + end;
        if (outputFirstRepeated) out += lines[j - 1] + end;
        firstDelimiter = false;
      }
      i = j;
    }
  }
  if (files.length === 2 && files[1] !== '-') {
    if (ctx.place.kind === 'node' && ctx.place.admin && ctx.files.writeFile) {
      ctx.files.writeFile(files[1], out, false);
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    return fatal('svcsim', `uniq OUTPUT: svcsim keeps no files on ${ctx.host}`);
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}
