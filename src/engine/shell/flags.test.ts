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

describe('parseFlags: what pflag v1.0.5 says as kubectl v1.33 uses it', () => {
  const more: FlagSpec[] = [...specs, { name: 'stdin', shorthand: 'i', type: 'bool' }, { name: 'tty', shorthand: 't', type: 'bool' }, { name: 'watch', shorthand: 'w', type: 'bool' }, { name: 'r32', type: 'int32' }];

  it('names only the shorthands left from the failing letter (parseSingleShortArg)', () => {
    expect(parseFlags(['-itz'], more)).toEqual({ ok: false, error: "unknown shorthand flag: 'z' in -z" });
    expect(parseFlags(['-itn'], more)).toEqual({ ok: false, error: "flag needs an argument: 'n' in -n" });
    // A number is shorthands too: pflag has no negative-number arguments.
    expect(parseFlags(['-1'], more)).toEqual({ ok: false, error: "unknown shorthand flag: '1' in -1" });
  });

  it('names a flag with its shorthand in a bad value, however it was typed (FlagSet.Set)', () => {
    expect(parseFlags(['--watch=abc'], more)).toEqual({
      ok: false,
      error: 'invalid argument "abc" for "-w, --watch" flag: strconv.ParseBool: parsing "abc": invalid syntax',
    });
  });

  it('reads ints as strconv.ParseInt(s, 0, bits) does', () => {
    const r = parseFlags(['--replicas=0x10'], more);
    expect(r.ok && flagValue(r.parsed, 'replicas')).toBe('16');
    const octal = parseFlags(['--replicas', '010'], more);
    expect(octal.ok && flagValue(octal.parsed, 'replicas')).toBe('8');
    expect(parseFlags(['--replicas=1_000'], more)).toMatchObject({ ok: true });
    expect(parseFlags(['--replicas=_1'], more)).toEqual({
      ok: false,
      error: 'invalid argument "_1" for "--replicas" flag: strconv.ParseInt: parsing "_1": invalid syntax',
    });
    expect(parseFlags(['--r32=3000000000'], more)).toEqual({
      ok: false,
      error: 'invalid argument "3000000000" for "--r32" flag: strconv.ParseInt: parsing "3000000000": value out of range',
    });
  });

  it('refuses a third dash or a bare = (parseLongArg)', () => {
    expect(parseFlags(['---foo'], more)).toEqual({ ok: false, error: 'bad flag syntax: ---foo' });
    expect(parseFlags(['--=x'], more)).toEqual({ ok: false, error: 'bad flag syntax: --=x' });
  });
});
