/** printf, outputs checked against bash 5's printf builtin. */
import { describe, expect, it } from 'vitest';
import { printf } from './printf.ts';

describe('printf', () => {
  it.each([
    [['%s\\n', 'a', 'b', 'c'], 'a\nb\nc\n'],
    [['%-5s|%5s|\\n', 'ab', 'cd'], 'ab   |   cd|\n'],
    [['%d %i %05d %+d %x %X %o %#x\\n', '42', '-7', '42', '3', '255', '255', '8', '255'], '42 -7 00042 +3 ff FF 10 0xff\n'],
    [['%.2f %e %g %g\\n', '3.14159', '12345.678', '0.0001', '100000'], '3.14 1.234568e+04 0.0001 100000\n'],
    [['%.0f %.0f %.1f %.2f %g %g %G\\n', '2.5', '3.5', '0.05', '1.005', '1e-5', '123456789', '0.000012345'], '2 4 0.1 1.00 1e-05 1.23457e+08 1.2345E-05\n'],
    [['%s=%s\\n', 'a', '1', 'b'], 'a=1\nb=\n'],
    [['%b\\n', 'a\\tb'], 'a\tb\n'],
    [['%c%c\\n', 'hello', 'world'], 'hw\n'],
    [['%5.1f|\\n', '2.25'], '  2.2|\n'],
    [['100%%\\n'], '100%\n'],
    [['%03d:%s\\n', '7'], '007:\n'],
  ])('printf %j', (args, out) => {
    expect(printf(args)).toEqual({ stdout: out, stderr: '', exitCode: 0 });
  });

  it('reads a non-number as bash does: its message, 0 printed, status 1', () => {
    expect(printf(['%d\\n', 'abc'])).toEqual({ stdout: '0\n', stderr: 'bash: printf: abc: invalid number\n', exitCode: 1 });
  });
});
