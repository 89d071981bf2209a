/**
 * kubectl cordon|uncordon NODE (kubernetes/kubectl v0.33 pkg/cmd/drain/drain.go
 * RunCordonOrUncordon): spec.unschedulable set or cleared, printed through the name printer as
 * `node/node201 cordoned`, or `already cordoned` when nothing changes.
 */
import type { Node } from '../../api/core.ts';
import { notFoundError } from '../../api/status.ts';
import { matchesSelector, parseSelector } from '../../api/labels.ts';
import { flagValue, type ParsedFlags } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix, type KubectlCommand } from './command.ts';
import { renderErrors, statusErr } from './errors.ts';
import { badSelectorOutput } from './list-objects.ts';

function cordoner(desired: boolean): KubectlCommand {
  const verb = desired ? 'cordon' : 'uncordon';
  return {
    name: verb,
    flags: [DRY_RUN_FLAG, { name: 'selector', shorthand: 'l', type: 'string' }],
    run(p: ParsedFlags, ctx: ShellContext): CommandOutput {
      const dry = dryRunOf(p);
      if (typeof dry === 'object') return failure(`error: ${dry.error}`);
      const sel = flagValue(p, 'selector');
      // drain.go Complete: the message already starts with "error: ", so kubectl adds none.
      if (sel !== undefined && p.args.length) return failure(`error: cannot specify both a node name and a --selector option\nSee 'kubectl ${verb} -h' for help and examples`);
      let nodes: Node[];
      if (sel !== undefined) {
        const parsed = parseSelector(sel);
        // drain.go lists the nodes through the builder: the API server refuses the selector.
        if (!parsed.ok) return failure(badSelectorOutput(p, sel, parsed.error, ['nodes']));
        nodes = ctx.cluster.list('Node').filter((n) => matchesSelector(parsed.selector, n.metadata.labels));
      } else {
        if (p.args.length === 0) return failure(`error: USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
        nodes = [];
        for (const name of p.args) {
          const node = ctx.cluster.get('Node', undefined, name);
          if (!node) return failure(renderErrors([statusErr(notFoundError('nodes', name))]));
          nodes.push(node);
        }
      }
      let stdout = '';
      for (const node of nodes) {
        if ((node.spec.unschedulable === true) === desired) {
          stdout += `node/${node.metadata.name} already ${verb}ed\n`;
          continue;
        }
        if (dry !== 'client') {
          const spec = { ...node.spec };
          if (desired) spec.unschedulable = true;
          else delete spec.unschedulable;
          const r = ctx.cluster.update({ ...node, spec }, { dryRun: dry === 'server' });
          if (!r.ok) return failure(`error: unable to ${verb} node "${node.metadata.name}": ${r.error.message}`, 1, stdout);
        }
        stdout += `node/${node.metadata.name} ${verb}ed${dryRunSuffix(dry)}\n`;
      }
      return { stdout, stderr: '', exitCode: 0 };
    },
  };
}

export const cordon = cordoner(true);
export const uncordon = cordoner(false);
