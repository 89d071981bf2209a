/** `svcsim lab ...`: what each verb does, with the real machine (see args.ts for the forms). */
import { WHOAMI_PROGRAM } from './whoami-program.ts';
import { createSession, DEFAULT_LAB_PREFIX, labPlanOf, renderLabScript, withProxyMode, type LabPlan } from '../../engine/index.ts';
import { findScenario } from '../../scenarios/catalog.ts';
import type { CliIO } from '../run.ts';
import { LAB_USAGE, parseLabArgs, type LabArgs } from './args.ts';
import { checkHost } from './host.ts';
import { LabError, labDown, labExec, labUp, readState } from './runner.ts';

function planFor(args: LabArgs, io: CliIO): { plan: LabPlan; title: string } | { error: string } {
  let text = '';
  let title = 'the default cluster';
  if (args.scenario !== undefined) {
    const found = findScenario(io.scenarios(), args.scenario);
    const fileText = found ? undefined : io.files.readFile(args.scenario);
    if (!found && fileText === undefined) return { error: `error: no built-in scenario "${args.scenario}" and no such file (see 'svcsim scenarios')\n` };
    text = found?.text ?? fileText!;
    title = found ? `${found.id}.yaml` : args.scenario;
  } else if (args.file !== undefined) {
    const fileText = args.file === '-' ? io.readStdin() : io.files.readFile(args.file);
    if (fileText === undefined) return { error: `error: the path "${args.file}" does not exist\n` };
    text = fileText;
    title = args.file;
  }
  if (args.mode) text = withProxyMode(text, args.mode);
  const session = createSession({ scenario: text, scenarioFile: title, ...(args.seed !== undefined ? { seed: args.seed } : {}) });
  if (session.problems.length) return { error: session.problems.map((p) => (p.message.endsWith('\n') ? p.message : `${p.message}\n`)).join('') };
  try {
    return { plan: labPlanOf(session), title };
  } catch (e) {
    return { error: `error: ${(e as Error).message}\n` };
  }
}

export async function labMain(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseLabArgs(argv);
  if (!parsed.ok) {
    io.stderr(parsed.error);
    return 2;
  }
  const args = parsed.args;
  if (args.verb === 'help') {
    io.stdout(LAB_USAGE);
    return 0;
  }
  try {
    switch (args.verb) {
      case 'script': {
        const r = planFor(args, io);
        if ('error' in r) return io.stderr(r.error), 1;
        io.stdout(renderLabScript(r.plan, { title: r.title, serverProgram: WHOAMI_PROGRAM }));
        return 0;
      }
      case 'up': {
        const r = planFor(args, io);
        if ('error' in r) return io.stderr(r.error), 1;
        const host = checkHost(r.plan.mode, r.plan.prefix);
        if (!host.ok) return io.stderr(`svcsim lab: this machine cannot hold the lab:\n${host.reasons.map((x) => `  ${x}\n`).join('')}`), 1;
        const started = performance.now();
        const state = await labUp(r.plan, args.dir);
        const ms = performance.now() - started;
        const nodes = state.places.filter((p) => p.kind === 'node').length;
        const pods = state.places.filter((p) => p.kind === 'pod').length;
        io.stdout(`svcsim lab: ${r.title} up in ${(ms / 1000).toFixed(1)} s (kube-proxy ${state.mode} mode): ${nodes} nodes, ${pods} pods, ${state.servers.length} servers\n`);
        for (const p of state.places) if (p.kind !== 'underlay') io.stdout(`  ${p.kind.padEnd(6)} ${p.name.padEnd(44)} ${(p.ip ?? '').padEnd(15)} ${p.netns}\n`);
        for (const n of r.plan.notes) io.stdout(`note: ${n}\n`);
        io.stdout(`Try: svcsim lab exec client -- curl -s http://NODE_IP:NODEPORT/   Remove: svcsim lab down\n`);
        return 0;
      }
      case 'down': {
        const started = performance.now();
        const r = labDown(args.dir, DEFAULT_LAB_PREFIX);
        io.stdout(`svcsim lab: ended ${r.killed} servers, removed ${r.removed} namespaces in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        for (const l of r.lingering) io.stderr(`warning: a process the lab did not start was inside ${l}\n`);
        return 0;
      }
      case 'status': {
        const state = readState(args.dir);
        if (!state) return io.stdout(`svcsim lab: no lab up (no state in ${args.dir})\n`), 0;
        io.stdout(`svcsim lab: up, kube-proxy ${state.mode} mode, ${state.servers.length} servers\n`);
        for (const p of state.places) if (p.kind !== 'underlay') io.stdout(`  ${p.kind.padEnd(6)} ${p.name.padEnd(44)} ${(p.ip ?? '').padEnd(15)} ${p.netns}\n`);
        return 0;
      }
      case 'exec': {
        const state = readState(args.dir);
        if (!state) return io.stderr(`svcsim lab: no lab up (no state in ${args.dir}); run 'svcsim lab up' first\n`), 1;
        return labExec(state, args.target!, args.command);
      }
    }
  } catch (e) {
    if (e instanceof LabError) return io.stderr(`svcsim lab: ${e.message}\n`), 1;
    throw e;
  }
  return 0;
}
