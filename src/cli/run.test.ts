import { describe, it, expect } from 'vitest';
import type { LineResult, Session, SessionOptions } from '../engine/index.ts';
import type { ScenarioEntry } from '../scenarios/catalog.ts';
import { print, readsStdin, runCli, shellQuote, type CliIO } from './run.ts';

/** A stand-in session that records what it was asked and answers from a table. */
function fakeEngine(answers: Record<string, Partial<LineResult>> = {}) {
  const calls: { opts?: SessionOptions; lines: { line: string; stdin?: string }[] } = { lines: [] };
  const make = (opts: SessionOptions): Session => {
    calls.opts = opts;
    const session = {
      cluster: undefined,
      scenario: undefined,
      problems: opts.scenario?.includes('broken') ? [{ message: 'error: broken', position: { line: 3, column: 1 } }] : [],
      run(line: string, runOpts?: { stdin?: string }): LineResult {
        calls.lines.push({ line, stdin: runOpts?.stdin });
        return { line, exitCode: 0, stdout: '', stderr: '', ...answers[line] };
      },
    };
    return session as unknown as Session;
  };
  return { make, calls };
}

function fakeIO(opts: { stdin?: string; files?: Record<string, string>; scenarios?: ScenarioEntry[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stdinReads = 0;
  const io: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => {
      stdinReads++;
      return opts.stdin ?? '';
    },
    files: { readFile: (p) => opts.files?.[p] },
    scenarios: () => opts.scenarios ?? [],
  };
  return { io, out: () => out.join(''), err: () => err.join(''), stdinReads: () => stdinReads };
}

const entry: ScenarioEntry = { id: '001-mynginx', title: 'T', description: '', text: 'kind: Scenario' };

describe('runCli', () => {
  it('applies the files, then runs the lines, and prints what the console printed', () => {
    const engine = fakeEngine({
      'kubectl apply -f app.yaml': { stdout: 'service/web created\n' },
      'kubectl get svc': { stdout: 'NAME ...\n' },
    });
    const t = fakeIO();
    expect(runCli(['-f', 'app.yaml', 'kubectl get svc'], t.io, engine.make)).toBe(0);
    expect(engine.calls.lines.map((l) => l.line)).toEqual(['kubectl apply -f app.yaml', 'kubectl get svc']);
    expect(t.out()).toBe('service/web created\nNAME ...\n');
    expect(t.stdinReads()).toBe(0);
  });

  it('exits 1 when a line fails, and still runs the lines after it', () => {
    const engine = fakeEngine({ 'kubectl get svc nope': { exitCode: 1, stderr: 'Error from server (NotFound): services "nope" not found\n' } });
    const t = fakeIO();
    expect(runCli(['kubectl get svc nope', 'kubectl get svc'], t.io, engine.make)).toBe(1);
    expect(engine.calls.lines).toHaveLength(2);
    expect(t.err()).toBe('Error from server (NotFound): services "nope" not found\n');
  });

  it('exits 2 on a usage error without starting a session', () => {
    const engine = fakeEngine();
    const t = fakeIO();
    expect(runCli(['--bogus'], t.io, engine.make)).toBe(2);
    expect(engine.calls.opts).toBeUndefined();
    expect(t.err()).toContain('unknown flag: --bogus');
  });

  it('reads standard input once for -f - and hands it to the session', () => {
    const engine = fakeEngine();
    const t = fakeIO({ stdin: 'kind: Service\n' });
    runCli(['-f', '-', 'kubectl get svc'], t.io, engine.make);
    expect(t.stdinReads()).toBe(1);
    expect(engine.calls.lines[0]).toEqual({ line: 'kubectl apply -f -', stdin: 'kind: Service\n' });
  });

  it('passes the seed, the real file system and a built-in scenario found by short name', () => {
    const engine = fakeEngine();
    const t = fakeIO({ scenarios: [entry] });
    runCli(['--scenario', 'mynginx', '--seed', '7', 'kubectl get nodes'], t.io, engine.make);
    expect(engine.calls.opts).toMatchObject({ scenario: 'kind: Scenario', scenarioFile: '001-mynginx.yaml', seed: 7 });
    expect(engine.calls.opts?.files).toBe(t.io.files);
  });

  it('loads a scenario file, reports its problems on stderr and exits 1', () => {
    const engine = fakeEngine();
    const t = fakeIO({ files: { 'mine.yaml': 'broken' } });
    expect(runCli(['--scenario', 'mine.yaml'], t.io, engine.make)).toBe(1);
    expect(t.err()).toBe('mine.yaml:3:1: error: broken\n');
  });

  it('exits 1 when the scenario is neither built in nor a file', () => {
    const t = fakeIO();
    expect(runCli(['--scenario', 'nope'], t.io, fakeEngine().make)).toBe(1);
    expect(t.err()).toBe(`error: no built-in scenario "nope" and no such file (see 'svcsim scenarios')\n`);
  });

  it('prints one JSON object per file and per line with --json', () => {
    const engine = fakeEngine({ 'kubectl get ep': { stdout: 'x\n', stderr: 'Warning: w\n' } });
    const t = fakeIO();
    runCli(['--json', '-f', 'my app.yaml', 'kubectl get ep'], t.io, engine.make);
    const objects = t.out().trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(objects).toEqual([
      { line: "kubectl apply -f 'my app.yaml'", exitCode: 0, stdout: '', stderr: '' },
      { line: 'kubectl get ep', exitCode: 0, stdout: 'x\n', stderr: 'Warning: w\n' },
    ]);
    expect(t.err()).toBe('');
  });

  it('prints help and the scenario list without a session', () => {
    const t = fakeIO({ scenarios: [entry] });
    expect(runCli(['scenarios'], t.io, fakeEngine().make)).toBe(0);
    expect(t.out()).toBe('NAME          TITLE\n001-mynginx   T\n');
    const h = fakeIO();
    expect(runCli(['--help'], h.io, fakeEngine().make)).toBe(0);
    expect(h.out()).toContain('Usage:');
  });
});

describe('print', () => {
  it('puts warnings before the output and errors after it', () => {
    const t = fakeIO();
    const order: string[] = [];
    t.io.stdout = (s) => void order.push(`out:${s}`);
    t.io.stderr = (s) => void order.push(`err:${s}`);
    print({ line: 'l', exitCode: 1, stdout: 'table\n', stderr: 'Warning: deprecated\nerror: later\n' }, false, t.io);
    expect(order).toEqual(['err:Warning: deprecated\n', 'out:table\n', 'err:error: later\n']);
    order.length = 0;
    const note = 'Flag --record has been deprecated, --record will be removed in the future\n';
    print({ line: 'l', exitCode: 0, stdout: 'deployment.apps/web scaled\n', stderr: note }, false, t.io);
    expect(order).toEqual([`err:${note}`, 'out:deployment.apps/web scaled\n']);
  });
});

describe('helpers', () => {
  it('quotes only words that need it', () => {
    expect(shellQuote('/a/b-c_d.yaml')).toBe('/a/b-c_d.yaml');
    expect(shellQuote("it's here.yaml")).toBe(`'it'\\''s here.yaml'`);
  });

  it('spots lines that read standard input', () => {
    expect(readsStdin('kubectl apply -f -')).toBe(true);
    expect(readsStdin('kubectl create --filename=- -n x')).toBe(true);
    expect(readsStdin('kubectl get svc -A')).toBe(false);
    expect(readsStdin('kubectl apply -f -x.yaml')).toBe(false);
  });
});
