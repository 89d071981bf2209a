/** kubectl label and annotate (kubernetes/kubectl pkg/cmd/label/label.go, annotate/annotate.go). */
import { parseSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import { flagBool, flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { ALL_NAMESPACES_FLAG, DRY_RUN_FLAG, dryRunOf, dryRunSuffix, namespaceOf, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr, type KubectlError } from './errors.ts';
import { getNamed, listObjects, type Scope } from './list-objects.ts';
import { parseResourceArgs, refOf } from './resource-args.ts';

type Field = 'labels' | 'annotations';

function metaEditor(field: Field): KubectlCommand {
  const verb = field === 'labels' ? 'label' : 'annotate';
  return {
    name: verb,
    flags: [
      DRY_RUN_FLAG,
      ALL_NAMESPACES_FLAG,
      { name: 'overwrite', type: 'bool' },
      { name: 'all', type: 'bool' },
      { name: 'selector', shorthand: 'l', type: 'string' },
      { name: 'list', type: 'bool' },
      { name: 'resource-version', type: 'string' },
    ],
    run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
      const dry = dryRunOf(p);
      if (typeof dry === 'object') return failure(`error: ${dry.error}`);
      // Arguments: the resource part, then KEY=VALUE and KEY- changes.
      const changeStart = p.args.findIndex((a) => a.includes('=') || a.endsWith('-'));
      const resourceArgs = changeStart < 0 ? p.args : p.args.slice(0, changeStart);
      const changes = changeStart < 0 ? [] : p.args.slice(changeStart);
      if (!changes.length && !flagBool(p, 'list')) return failure(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`);
      const set = new Map<string, string>();
      const remove: string[] = [];
      for (const c of changes) {
        if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
        else {
          const eq = c.indexOf('=');
          set.set(c.slice(0, eq), c.slice(eq + 1));
        }
      }
      const parsed = parseResourceArgs(resourceArgs);
      if (!parsed.ok) return failure(parsed.error);
      const sel = flagValue(p, 'selector');
      const parsedSel = sel !== undefined ? parseSelector(sel) : undefined;
      if (parsedSel && !parsedSel.ok) return failure(`error: ${parsedSel.error}`);
      const scope: Scope = { namespace: namespaceOf(p), allNamespaces: flagBool(p, 'all-namespaces'), selector: parsedSel?.ok ? parsedSel.selector : undefined };
      const errors: KubectlError[] = [];
      const targets: KubeObject[] = [];
      for (const req of parsed.requests) {
        if (req.names.length) {
          const found = getNamed(ctx.cluster, req.resource, req.names, scope);
          targets.push(...found.objects);
          errors.push(...found.errors);
        } else if (scope.selector || flagBool(p, 'all')) {
          targets.push(...listObjects(ctx.cluster, req.resource, scope));
        } else {
          return failure('error: resource(s) were provided, but no name was specified');
        }
      }
      let stdout = '';
      for (const obj of targets) {
        const current = { ...(obj.metadata[field] ?? {}) };
        if (!flagBool(p, 'overwrite')) {
          for (const [k, v] of set) {
            if (k in current && current[k] !== v) {
              return failure(`error: '${k}' already has a value (${current[k]}), and --overwrite is false`, 1, stdout);
            }
          }
        }
        let changed = false;
        for (const [k, v] of set) {
          if (current[k] !== v) changed = true;
          current[k] = v;
        }
        for (const k of remove) {
          if (!(k in current)) {
            stdout += `${field === 'labels' ? 'label' : 'annotation'} "${k}" not found.\n`;
            continue;
          }
          delete current[k];
          changed = true;
        }
        const word = field === 'labels' ? (set.size === 0 && remove.length ? 'unlabeled' : 'labeled') : 'annotated';
        if (!changed) {
          stdout += `${refOf(obj)} not ${word}\n`;
          continue;
        }
        if (dry !== 'none') {
          stdout += `${refOf(obj)} ${word}${dryRunSuffix(dry)}\n`;
          continue;
        }
        const next = { ...obj, metadata: { ...obj.metadata, [field]: current } } as KubeObject;
        const r = ctx.cluster.update(next);
        if (!r.ok) errors.push(statusErr(r.error));
        else stdout += `${refOf(obj)} ${word}\n`;
      }
      return { stdout, stderr: renderErrors(errors), exitCode: errors.length ? 1 : 0 };
    },
  };
}

export const label = metaEditor('labels');
export const annotate = metaEditor('annotations');
