import { describe, it, expect } from 'vitest';
import { parseArgs, USAGE } from './args.ts';

function ok(argv: string[]) {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(`expected success, got ${r.error}`);
  return r.options;
}

function fail(argv: string[]): string {
  const r = parseArgs(argv);
  if (r.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return r.error;
}

describe('parseArgs', () => {
  it('takes console lines as positional arguments, in order', () => {
    expect(ok(['kubectl get svc -A', 'kubectl get pods'])).toEqual({
      command: 'run',
      files: [],
      json: false,
      lines: ['kubectl get svc -A', 'kubectl get pods'],
    });
  });

  it('collects repeated -f and --filename in the order given, with every value form', () => {
    expect(ok(['-f', 'a.yaml', '--filename', 'b.yaml', '--filename=c.yaml', '-fd.yaml', '-f=e.yaml', '-f', '-']).files).toEqual([
      'a.yaml',
      'b.yaml',
      'c.yaml',
      'd.yaml',
      'e.yaml',
      '-',
    ]);
  });

  it('reads --seed, --json and --scenario anywhere on the line', () => {
    const o = ok(['kubectl get svc', '--seed', '42', '--json', '--scenario=mynginx', 'kubectl get ep']);
    expect(o.seed).toBe(42);
    expect(o.json).toBe(true);
    expect(o.scenario).toBe('mynginx');
    expect(o.lines).toEqual(['kubectl get svc', 'kubectl get ep']);
  });

  it('accepts seed 0 and the largest 32-bit seed', () => {
    expect(ok(['--seed=0']).seed).toBe(0);
    expect(ok(['--seed', '4294967295']).seed).toBe(4294967295);
  });

  it('treats everything after -- as lines, even when it starts with a dash', () => {
    expect(ok(['--json', '--', '--seed', '-f']).lines).toEqual(['--seed', '-f']);
  });

  it('recognises the scenarios command', () => {
    expect(ok(['scenarios']).command).toBe('scenarios');
    expect(ok(['scenarios', '--json'])).toMatchObject({ command: 'scenarios', json: true });
  });

  it('recognises --help and -h', () => {
    expect(ok(['--help']).command).toBe('help');
    expect(ok(['kubectl get svc', '-h']).command).toBe('help');
    expect(USAGE).toContain('svcsim [-f FILE]... [--scenario NAME|FILE] [--seed N] [--json] [LINE]...');
  });

  it('rejects an unknown flag with a usage message', () => {
    expect(fail(['--frobnicate'])).toBe("error: unknown flag: --frobnicate\nSee 'svcsim --help' for usage.\n");
    expect(fail(['-x'])).toBe("error: unknown shorthand flag: 'x' in -x\nSee 'svcsim --help' for usage.\n");
  });

  it('rejects a flag without its argument', () => {
    expect(fail(['-f'])).toBe("error: flag needs an argument: -f\nSee 'svcsim --help' for usage.\n");
    expect(fail(['kubectl get svc', '--seed'])).toContain('error: flag needs an argument: --seed');
    expect(fail(['--scenario='])).toContain('error: flag needs an argument: --scenario');
  });

  it('rejects a seed that is not a whole number in range', () => {
    for (const bad of ['abc', '-1', '1.5', '4294967296', '']) {
      expect(fail([`--seed=${bad}`])).toContain(`error: invalid argument "${bad}" for "--seed"`);
    }
  });

  it('rejects a value on a switch, stray arguments after scenarios, and empty lines', () => {
    expect(fail(['--json=true'])).toContain('flag does not take a value: --json');
    expect(fail(['scenarios', 'extra'])).toContain('unexpected argument after "scenarios": extra');
    expect(fail(['scenarios', '-f', 'a.yaml'])).toContain('"scenarios" takes no flags except --json');
    expect(fail(['  '])).toContain('empty LINE');
  });

  it('reads svcsim trace with its flags', () => {
    const r = parseArgs(['-f', 'a.yaml', 'trace', '--from', 'client', '--to=svc/web:http', '--proto', 'udp', '-n', 'shop']);
    expect(r).toEqual({
      ok: true,
      options: { command: 'trace', files: ['a.yaml'], json: false, lines: [], trace: { from: 'client', to: 'svc/web:http', proto: 'udp', namespace: 'shop' } },
    });
    expect(parseArgs(['trace', '--from', 'client']).ok).toBe(false);
    expect(parseArgs(['--from', 'client', 'kubectl get pods']).ok).toBe(false);
  });
});

