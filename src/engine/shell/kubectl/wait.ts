/**
 * kubectl wait (kubernetes/kubectl v1.33 pkg/cmd/wait: wait.go, condition.go, delete.go,
 * create.go), on the simulated clock: a condition not met yet is waited for by moving the clock
 * to the cluster's next change of its own (a readiness probe passing after its initial delay),
 * within --timeout (default 30s; 0 checks once; negative means a week). The whole command shares
 * one deadline, as the Go context does.
 *  - `--for=condition=NAME[=VALUE]`: status.conditions' NAME has status VALUE (default true,
 *    compared case-insensitively), unless its observedGeneration is behind metadata.generation.
 *  - `--for=delete`: gone (svcsim deletes at once, so one still there stays to the timeout).
 *  - `--for=create`: exists.
 * `--for=jsonpath=...` is not simulated.
 */
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { notFoundError } from '../../api/status.ts';
import { parseGoDuration } from '../../net/conntrack-states.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { ALL_NAMESPACES_FLAG, FILENAME_FLAG, OUTPUT_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { plainErr, renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed, listObjects, qualifiedResource, scopeOf } from './list-objects.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';

type Condition = { kind: 'condition'; name: string; value: string } | { kind: 'delete' } | { kind: 'create' };

/** conditionFuncFor: the --for value, or kubectl's error. */
function conditionFor(text: string): Condition | { error: string } {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (text.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq < 0 ? { kind: 'condition', name: rest, value: 'true' } : { kind: 'condition', name: rest.slice(0, eq), value: rest.slice(eq + 1) };
  }
  if (text.startsWith('jsonpath=')) return { error: "error: svcsim: kubectl wait --for=jsonpath is not simulated (--for=condition=NAME, --for=delete and --for=create are)" };
  return { error: `error: unrecognized condition: "${text}"` };
}

/** ConditionalWait.checkCondition. */
function conditionMet(obj: KubeObject, c: { name: string; value: string }): boolean {
  const status = (obj as { status?: { conditions?: { type?: string; status?: string; observedGeneration?: number }[]; observedGeneration?: number } }).status;
  for (const cond of status?.conditions ?? []) {
    if (cond.type?.toLowerCase() !== c.name.toLowerCase() || cond.status === undefined) continue;
    const generation = obj.metadata.generation;
    const observed = cond.observedGeneration ?? status?.observedGeneration;
    if (generation !== undefined && observed !== undefined && observed < generation) return false;
    return cond.status.toLowerCase() === c.value.toLowerCase();
  }
  return false;
}

/** resource.Info.ObjectName: the plural resource without its group, `pods/web`, `deployments/web`. */
function objectName(obj: KubeObject): string {
  return `${resourceForKind(obj.kind).resource}/${obj.metadata.name}`;
}

export const wait: KubectlCommand = {
  name: 'wait',
  flags: [
    { name: 'for', type: 'string' },
    { name: 'timeout', type: 'string', default: '30s' },
    SELECTOR_FLAG,
    ALL_NAMESPACES_FLAG,
    FILENAME_FLAG,
    RECURSIVE_FLAG,
    OUTPUT_FLAG,
    { name: 'all', type: 'bool' },
    { name: 'field-selector', type: 'string' },
    { name: 'local', type: 'bool' },
  ],
  run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
    const timeoutText = flagValue(p, 'timeout') ?? '30s';
    const negative = timeoutText.startsWith('-');
    const seconds = timeoutText === '0' ? 0 : parseGoDuration(negative ? timeoutText.slice(1) : timeoutText);
    if (seconds === undefined) return failure(`error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"\nSee 'kubectl wait --help' for usage.`);
    const timeout = negative ? 168 * 3600 : seconds;
    const condition = conditionFor(flagValue(p, 'for') ?? '');
    if ('error' in condition) return failure(condition.error);
    if (flagValue(p, 'field-selector') !== undefined || (flagValue(p, 'filename') ?? '') !== '') {
      return failure('error: svcsim: kubectl wait with --field-selector or -f is not simulated (name the objects, or select them with -l or --all)');
    }
    const scope = scopeOf(p);
    if ('error' in scope) return failure(scope.error);
    const bySelector = scope.selector !== undefined || flagBool(p, 'all');
    if (!p.args.length) {
      return failure(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    }
    const parsed = parseResourceArgs(p.args, bySelector);
    if (!parsed.ok) return failure(parsed.error);
    if (!parsed.requests.some((r) => r.names.length) && !bySelector) return failure('error: resource(s) were provided, but no name was specified');

    const deadline = ctx.cluster.now() + timeout * 1000;
    const byName = flagValue(p, 'output') === 'name';
    let stdout = '';
    const errors: KubectlError[] = [];
    let visited = 0;
    for (const req of parsed.requests) {
      const found = req.names.length ? getNamed(ctx.cluster, req.resource, req.names, scope) : { objects: listObjects(ctx.cluster, req.resource, scope), errors: [] };
      // --for=delete: a name already gone is no error (the visitor ignores NotFound) and waits for nothing.
      if (condition.kind !== 'delete') errors.push(...found.errors);
      for (const obj of found.objects) {
        visited++;
        const result = waitFor(ctx, obj, condition, timeout, deadline);
        if (result === 'met') stdout += byName ? `${refOf(obj)}\n` : `${refOf(obj)} condition met\n`;
        else errors.push(result);
      }
    }
    if (visited === 0 && condition.kind !== 'delete' && !errors.length) errors.push(plainErr('no matching resources found'));
    return { stdout, stderr: renderErrors(errors), exitCode: errors.length ? 1 : 0 };
  },
};

/** One object's wait: met, or the error kubectl reports for it. */
function waitFor(ctx: ShellContext, obj: KubeObject, c: Condition, timeout: number, deadline: number): 'met' | KubectlError {
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name;
  const check = (): 'met' | 'gone' | 'not yet' => {
    const now = ctx.cluster.get(obj.kind, ns, name) as KubeObject | undefined;
    if (c.kind === 'delete') return now && now.metadata.uid === obj.metadata.uid ? 'not yet' : 'met';
    if (!now) return 'gone';
    if (c.kind === 'create') return 'met';
    return conditionMet(now, c) ? 'met' : 'not yet';
  };
  const gone = (): KubectlError => statusErr(notFoundError(qualifiedResource(resourceForKind(obj.kind)), name));
  let state = check();
  if (state === 'met') return 'met';
  if (state === 'gone') return gone();
  // Timeout 0: checked once (condition.go, delete.go).
  if (timeout === 0) return plainErr(`condition not met for ${objectName(obj)}`);
  for (;;) {
    const next = ctx.cluster.nextChangeAt?.();
    if (next === undefined || next > deadline) break;
    ctx.cluster.tick(Math.max(0, next - ctx.cluster.now()) / 1000);
    state = check();
    if (state === 'met') return 'met';
    if (state === 'gone') return gone();
  }
  if (deadline > ctx.cluster.now()) ctx.cluster.tick((deadline - ctx.cluster.now()) / 1000);
  return plainErr(`timed out waiting for the condition on ${objectName(obj)}`);
}
