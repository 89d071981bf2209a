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
 *  - `--for=jsonpath='{EXPR}'[=VALUE]`: the expression finds one value (equal to VALUE, as Go's
 *    %v prints it, when given).
 */
import type { KubeObject } from '../../api/objects.ts';
import { resourceForKind } from '../../api/resources.ts';
import { notFoundError } from '../../api/status.ts';
import { parseGoDuration } from '../../api/go-duration.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { ALL_NAMESPACES_FLAG, FILENAME_FLAG, OUTPUT_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, type KubectlCommand } from './command.ts';
import { plainErr, renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed, listObjects, qualifiedResource, scopeOf } from './list-objects.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';
import { CustomColumnsError, relaxedJsonPathExpression } from './print/custom-columns.ts';
import { JsonPath, JsonPathExecError } from './print/jsonpath/evaluate.ts';
import { parseJsonPath, JsonPathParseError } from './print/jsonpath/parser.ts';
import { goSprint } from './print/jsonpath/go-format.ts';

type Condition =
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; path: JsonPath; value: string | undefined }
  | { kind: 'delete' }
  | { kind: 'create' };

const JSONPATH_FORMAT = "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";

/** splitJSONPathInput: split on single `=`; `==` stays in the expression. */
function splitJsonPathInput(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=') {
      if (i < input.length - 1 && input[i + 1] === '=') {
        cur += '==';
        i++;
        continue;
      }
      out.push(cur);
      cur = '';
      continue;
    }
    cur += input[i];
  }
  out.push(cur);
  return out;
}

/** processJSONPathInput and newJSONPathParser (wait.go). */
function jsonPathCondition(input: string): Condition | { error: string } {
  const parts = splitJsonPathInput(input);
  if (parts.length < 1 || parts.length > 2) return { error: `error: ${JSONPATH_FORMAT}` };
  let expression: string;
  try {
    expression = relaxedJsonPathExpression(parts[0]);
  } catch (e) {
    if (e instanceof CustomColumnsError) return { error: `error: ${e.message}` };
    throw e;
  }
  const value = parts.length === 2 ? parts[1].replace(/^['"]+|['"]+$/g, '') : undefined;
  if (value === '') return { error: "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3" };
  if (expression === '') return { error: 'error: jsonpath expression cannot be empty' };
  try {
    return { kind: 'jsonpath', path: new JsonPath(parseJsonPath(expression)), value };
  } catch (e) {
    if (e instanceof JsonPathParseError) return { error: `error: ${e.message}` };
    throw e;
  }
}

/** JSONPathWait.checkCondition: met, not yet, or kubectl's error about the expression's results. */
function jsonPathMet(obj: KubeObject, c: { path: JsonPath; value: string | undefined }): boolean | { error: string } {
  let results;
  try {
    results = c.path.findResults(obj as unknown as Parameters<JsonPath['findResults']>[0]);
  } catch (e) {
    if (e instanceof JsonPathExecError) return { error: e.message };
    throw e;
  }
  if (results.length === 0 || results[0].length === 0) return false;
  if (results.length > 1) return { error: 'given jsonpath expression matches more than one list' };
  if (results[0].length > 1) return { error: 'given jsonpath expression matches more than one value' };
  if (c.value === undefined) return true;
  const v = results[0][0];
  if (v !== null && typeof v === 'object') return { error: 'jsonpath leads to a nested object or list which is not supported' };
  return goSprint(v).trim() === c.value.trim();
}

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
  if (text.startsWith('jsonpath=')) return jsonPathCondition(text.slice('jsonpath='.length));
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
    const duration = parseGoDuration(timeoutText);
    if ('error' in duration) return failure(`error: invalid argument "${timeoutText}" for "--timeout" flag: ${duration.error}\nSee 'kubectl wait --help' for usage.`);
    // A negative timeout means a week (wait.go ToOptions).
    const timeout = duration.ns < 0 ? 168 * 3600 : duration.ns / 1e9;
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
  const check = (): 'met' | 'gone' | 'not yet' | { error: string } => {
    const now = ctx.cluster.get(obj.kind, ns, name) as KubeObject | undefined;
    if (c.kind === 'delete') return now && now.metadata.uid === obj.metadata.uid ? 'not yet' : 'met';
    if (!now) return 'gone';
    if (c.kind === 'create') return 'met';
    if (c.kind === 'jsonpath') {
      const met = jsonPathMet(now, c);
      return typeof met === 'object' ? met : met ? 'met' : 'not yet';
    }
    return conditionMet(now, c) ? 'met' : 'not yet';
  };
  const gone = (): KubectlError => statusErr(notFoundError(qualifiedResource(resourceForKind(obj.kind)), name));
  let state = check();
  if (state === 'met') return 'met';
  if (state === 'gone') return gone();
  if (typeof state === 'object') return plainErr(state.error);
  // Timeout 0: checked once (condition.go, delete.go).
  if (timeout === 0) return plainErr(`condition not met for ${objectName(obj)}`);
  for (;;) {
    const next = ctx.cluster.nextChangeAt?.();
    if (next === undefined || next > deadline) break;
    ctx.cluster.tick(Math.max(0, next - ctx.cluster.now()) / 1000);
    state = check();
    if (state === 'met') return 'met';
    if (state === 'gone') return gone();
    if (typeof state === 'object') return plainErr(state.error);
  }
  if (deadline > ctx.cluster.now()) ctx.cluster.tick((deadline - ctx.cluster.now()) / 1000);
  return plainErr(`timed out waiting for the condition on ${objectName(obj)}`);
}
