import { describe, expect, it } from 'vitest';
import { flagBool, flagList, flagValue, parseFlags, type FlagSpec } from './flags.ts';

const specs: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', type: 'string' },
  { name: 'all-namespaces', shorthand: 'A', type: 'bool' },
  { name: 'output', shorthand: 'o', type: 'string' },
  { name: 'filename', shorthand: 'f', type: 'stringArray' },
  { name: 'replicas', type: 'int' },
  { name: 'show-labels', type: 'bool' },
];

describe('parseFlags', () => {
  it('reads the forms kubectl users type', () => {
    const r = parseFlags(['get', 'pods', '-n', 'myservice', '-owide', '--show-labels', '-f=a.yaml', '--filename', 'b.yaml'], specs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parsed.args).toEqual(['get', 'pods']);
    expect(flagValue(r.parsed, 'namespace')).toBe('myservice');
    expect(flagValue(r.parsed, 'output')).toBe('wide');
    expect(flagBool(r.parsed, 'show-labels')).toBe(true);
    expect(flagList(r.parsed, 'filename')).toEqual(['a.yaml', 'b.yaml']);
  });

  it('groups boolean shorthands with a trailing valued one', () => {
    const r = parseFlags(['-Ao', 'wide'], specs);
    expect(r.ok && flagBool(r.parsed, 'all-namespaces') && flagValue(r.parsed, 'output')).toBe('wide');
  });

  it('stops at -- and keeps the rest', () => {
    const r = parseFlags(['exec', 'pod', '-n', 'x', '--', 'curl', '-s', 'a'], specs);
    expect(r.ok && r.parsed.dashArgs).toEqual(['curl', '-s', 'a']);
  });

  it("answers in pflag's words", () => {
    expect(parseFlags(['--nope'], specs)).toEqual({ ok: false, error: 'unknown flag: --nope' });
    expect(parseFlags(['-x'], specs)).toEqual({ ok: false, error: "unknown shorthand flag: 'x' in -x" });
    expect(parseFlags(['-n'], specs)).toEqual({ ok: false, error: "flag needs an argument: 'n' in -n" });
    expect(parseFlags(['--replicas=abc'], specs)).toEqual({
      ok: false,
      error: 'invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    });
  });
});
