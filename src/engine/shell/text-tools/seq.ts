/**
 * seq as coreutils 9.4 prints it (src/seq.c): FIRST (1), INCREMENT (1) and LAST; numbers with
 * as many decimals as FIRST and INCREMENT have, -s between them and a newline after the last,
 * -w padding them with zeros to one width. -f (a printf format) is not simulated.
 */
import type { CommandOutput, ShellContext } from '../context.ts';
import { failure } from '../context.ts';
import { quote } from './coreutils-options.ts';

const TRY = "Try 'seq --help' for more information.";
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Most numbers svcsim prints for one seq: a loop over them is capped anyway. */
const MAX_NUMBERS = 1_000_000;

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function seq(args: readonly string[], _ctx: ShellContext): CommandOutput {
  let separator = '\n';
  let equalWidth = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // A negative number is an operand, not an option (seq.c looks before getopt does).
    if (operands.length || NUMBER.test(a) || a === '-' || !a.startsWith('-')) operands.push(a);
    else if (a === '-s' || a === '--separator') {
      if (args[i + 1] === undefined) return failure(`seq: option requires an argument -- 's'\n${TRY}`);
      separator = args[++i];
    } else if (a.startsWith('-s')) separator = a.slice(2);
    else if (a.startsWith('--separator=')) separator = a.slice('--separator='.length);
    else if (a === '-w' || a === '--equal-width') equalWidth = true;
    else if (a === '-f' || a.startsWith('-f') || a.startsWith('--format')) return failure('svcsim: seq -f is not simulated');
    else return failure(`seq: invalid option -- '${a.slice(1, 2)}'\n${TRY}`);
  }
  if (!operands.length) return failure(`seq: missing operand\n${TRY}`);
  if (operands.length > 3) return failure(`seq: extra operand ${quote(operands[3])}\n${TRY}`);
  for (const o of operands) if (!NUMBER.test(o)) return failure(`seq: invalid floating point argument: ${quote(o)}\n${TRY}`);
  const [firstText, stepText, lastText] = operands.length === 1 ? ['1', '1', operands[0]] : operands.length === 2 ? [operands[0], '1', operands[1]] : operands;
  const first = Number(firstText);
  const step = Number(stepText);
  const last = Number(lastText);
  if (step === 0) return failure(`seq: invalid Zero increment value: ${quote(stepText)}\n${TRY}`);
  const places = Math.max(decimals(firstText), decimals(stepText));
  const format = (x: number) => x.toFixed(places);
  let width = 0;
  if (equalWidth) width = Math.max(format(first).length, format(last).length);
  const out: string[] = [];
  for (let k = 0; k < MAX_NUMBERS; k++) {
    const x = first + k * step;
    let text = format(x);
    // Past LAST by a rounding error (0 + 3 x 0.1): seq.c prints it still when it reads as LAST does.
    if ((step > 0 ? x > last : x < last) && text !== format(last)) break;
    if (width && text.length < width) text = text.startsWith('-') ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, '0');
    out.push(text);
    if (step > 0 ? x >= last : x <= last) break;
  }
  return { stdout: out.length ? `${out.join(separator)}\n` : '', stderr: '', exitCode: 0 };
}
