/** The console's parser and runner never throw, whatever is typed: a line parses or is a syntax error, and runs to an end. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../index.ts';
import { parseCommandLine } from './command-line.ts';

const PIECES = [
  'echo', 'true', 'false', 'x', '$x', '"$x"', "'a b'", '$(echo 1)', '`echo 2`', '$((1+2))', '${x:-d}', '${#x}', 'x=1', 'n=$((n+1))',
  'for', 'i', 'in', 'do', 'done', 'while', 'until', 'if', 'then', 'elif', 'else', 'fi', 'case', 'esac', '1)', '*)', ';;',
  '[', ']', 'test', '-z', '=', '-eq', 'break', 'continue', 'exit', 'read', 'printf', '%s\\n', 'let', '((i++))', 'seq', '3',
  '|', '||', '&&', ';', '>', '/dev/null', '2>&1', '(', ')', '{', '}', '#', '\\', '"', "'", '$', '`',
];

describe('any line', () => {
  it('parses into pipelines or a syntax error, never a throw', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), fc.string({ maxLength: 20 }), (pieces, tail) => {
        const r = parseCommandLine(pieces.join(' ') + tail);
        expect(r.ok ? Array.isArray(r.pipelines) : typeof r.error === 'string').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('runs to an end with a status, never a throw', () => {
    const s = createSession();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (pieces) => {
        const r = s.run(pieces.join(' '));
        expect(Number.isInteger(r.exitCode)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
