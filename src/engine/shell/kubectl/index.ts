/**
 * kubectl: finds the subcommand among the words (global flags may come first, as in
 * `kubectl -n kube-system get pods`), parses its flags, and runs it.
 */
import { parseFlags, flagBool, type FlagSpec } from '../flags.ts';
import { failure, type CommandOutput, type ShellContext } from '../context.ts';
import { GLOBAL_FLAGS, type KubectlCommand } from './command.ts';
import { get } from './get.ts';
import { describe } from './describe.ts';
import { apply, createFromFiles, replace } from './apply.ts';
import { del } from './delete.ts';
import { expose } from './expose.ts';
import { exec } from './exec.ts';
import { portForward } from './port-forward.ts';
import { logs } from './logs.ts';
import { wait } from './wait.ts';
import { scale } from './scale.ts';
import { run } from './run.ts';
import { patch } from './patch.ts';
import { setImage } from './set-image.ts';
import { top, topNode, topPod } from './top.ts';
import { cordon, uncordon } from './cordon.ts';
import { annotate, label } from './label.ts';
import {
  createDeployment,
  createNamespace,
  createServiceClusterIP,
  createServiceExternalName,
  createServiceLoadBalancer,
  createServiceNodePort,
} from './create-generators.ts';
import { apiResources, clusterInfo, edit, explain, version } from './info.ts';
import { rollout, rolloutPause, rolloutRestart, rolloutResume, rolloutStatus } from './rollout.ts';
import { rolloutHistory, rolloutUndo } from './rollout-history.ts';
import { changeCause, deprecationWarnings } from './record-flag.ts';

const COMMANDS: Record<string, KubectlCommand> = {
  get,
  describe,
  create: createFromFiles,
  apply,
  replace,
  delete: del,
  expose,
  exec,
  'port-forward': portForward,
  logs,
  run,
  patch,
  rollout,
  set: setParent(),
  cordon,
  uncordon,
  top,
  scale,
  label,
  annotate,
  explain,
  edit,
  version,
  'cluster-info': clusterInfo,
  'api-resources': apiResources,
  wait,
};

const CREATE_SUBCOMMANDS: Record<string, KubectlCommand> = {
  namespace: createNamespace,
  ns: createNamespace,
  deployment: createDeployment,
  deploy: createDeployment,
};

const ROLLOUT_SUBCOMMANDS: Record<string, KubectlCommand> = {
  history: rolloutHistory,
  pause: rolloutPause,
  restart: rolloutRestart,
  resume: rolloutResume,
  status: rolloutStatus,
  undo: rolloutUndo,
};

/** A real kubectl (sub)command svcsim does not simulate: said so, not called unknown. */
function notSimulated(name: string, instead?: string): KubectlCommand {
  return { name, flags: [], run: () => failure(`error: svcsim: 'kubectl ${name}' is not simulated${instead ? ` (${instead} is)` : ''}`) };
}

/** kubectl v1.33's other commands: named, so cobra's suggestions and svcsim's answer match a real kubectl's command set. */
const UNSIMULATED = [
  'api-versions', 'attach', 'auth', 'autoscale', 'certificate', 'completion', 'config', 'cp', 'debug', 'diff', 'drain', 'events',
  'kustomize', 'options', 'plugin', 'proxy', 'taint',
];
for (const name of UNSIMULATED) COMMANDS[name] = notSimulated(name);

const SET_SUBCOMMANDS: Record<string, KubectlCommand> = {
  image: setImage,
  env: notSimulated('set env', 'kubectl set image'),
  resources: notSimulated('set resources', 'kubectl set image'),
  selector: notSimulated('set selector', 'kubectl set image'),
  serviceaccount: notSimulated('set serviceaccount', 'kubectl set image'),
  subject: notSimulated('set subject', 'kubectl set image'),
};

/** Commands whose first argument names a subcommand, found past the flags before it. */
const TOP_SUBCOMMANDS: Record<string, KubectlCommand> = { node: topNode, nodes: topNode, no: topNode, pod: topPod, pods: topPod, po: topPod };

const PARENT_SUBCOMMANDS: Record<string, Record<string, KubectlCommand>> = {
  rollout: ROLLOUT_SUBCOMMANDS,
  set: SET_SUBCOMMANDS,
  top: TOP_SUBCOMMANDS,
};

/** Bare `kubectl set`: cobra prints the group's help; svcsim names what it simulates. */
function setParent(): KubectlCommand {
  return {
    name: 'set',
    flags: [],
    run: () => ({ stdout: "svcsim simulates 'kubectl set image'; the other set subcommands are not simulated.\n", stderr: '', exitCode: 0 }),
  };
}

const CREATE_SERVICE_SUBCOMMANDS: Record<string, KubectlCommand> = {
  clusterip: createServiceClusterIP,
  nodeport: createServiceNodePort,
  loadbalancer: createServiceLoadBalancer,
  externalname: createServiceExternalName,
};

/** svcsim's own help: it names what this simulation of kubectl v1.33 runs, and says so. */
const USAGE = `kubectl controls the Kubernetes cluster manager.

svcsim simulates these kubectl v1.33 commands (the rest of kubectl is not simulated):
  annotate api-resources apply cluster-info cordon create delete describe edit exec explain
  expose get label logs patch replace rollout run scale set top uncordon version wait

Usage:
  kubectl [flags] [options]
`;

/** cobra's levenshtein distance, for "Did you mean this?" (spf13/cobra command.go SuggestionsFor). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** Commands' SuggestFor words (delete.go `rm`; get.go and wait.go `list`, `ps`). */
const SUGGEST_FOR: Record<string, readonly string[]> = { delete: ['rm'], get: ['list', 'ps'], wait: ['list', 'ps'] };

/**
 * cobra's unknown-command error, with suggestions within distance 2, by prefix or by SuggestFor,
 * in name order; cobra's own `help` command is among them.
 */
function unknownCommand(name: string): string {
  const suggestions = [...Object.keys(COMMANDS), 'help']
    .sort()
    .filter(
      (c) =>
        distance(name, c) <= 2 ||
        c.startsWith(name.toLowerCase()) ||
        (SUGGEST_FOR[c] ?? []).some((w) => w.toLowerCase() === name.toLowerCase()),
    );
  let msg = `error: unknown command "${name}" for "kubectl"`;
  if (suggestions.length) msg += `\n\nDid you mean this?\n${suggestions.map((c) => `\t${c}\n`).join('')}`;
  return msg;
}

const CREATE_SERVICE_HELP = `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip       Create a ClusterIP service
  externalname    Create an ExternalName service
  loadbalancer    Create a LoadBalancer service
  nodeport        Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl create service <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** Flags that take a value, so the subcommand search can step over it. */
function valuedFlags(specs: readonly FlagSpec[]): Set<string> {
  return new Set(specs.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.shorthand ? [`-${f.shorthand}`] : [])]));
}

const VALUED_GLOBALS = valuedFlags(GLOBAL_FLAGS);
const VALUED_CREATE = valuedFlags([...GLOBAL_FLAGS, ...createFromFiles.flags]);

function findSubcommand(words: readonly string[], valued = VALUED_GLOBALS): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-')) return i;
    if (valued.has(w)) i++;
  }
  return -1;
}

export function runKubectl(words: readonly string[], ctx: ShellContext): CommandOutput {
  const at = findSubcommand(words);
  if (at < 0) return { stdout: USAGE, stderr: '', exitCode: 0 };
  const name = words[at];
  let command = COMMANDS[name];
  let rest = [...words.slice(0, at), ...words.slice(at + 1)];
  let shown = name;
  // cobra's own help command: svcsim's root help.
  if (!command && name === 'help') return { stdout: USAGE, stderr: '', exitCode: 0 };
  if (!command) return failure(unknownCommand(name));

  if (name === 'create') {
    const subAt = findSubcommand(rest, VALUED_CREATE);
    const sub = subAt >= 0 ? rest[subAt] : undefined;
    if (sub && CREATE_SUBCOMMANDS[sub]) {
      command = CREATE_SUBCOMMANDS[sub];
      rest = [...rest.slice(0, subAt), ...rest.slice(subAt + 1)];
      shown = command.name;
    } else if (sub === 'service' || sub === 'svc') {
      rest = [...rest.slice(0, subAt), ...rest.slice(subAt + 1)];
      const typeAt = findSubcommand(rest, VALUED_CREATE);
      const type = typeAt >= 0 ? rest[typeAt] : undefined;
      const gen = type ? CREATE_SERVICE_SUBCOMMANDS[type] : undefined;
      if (!type) return { stdout: '', stderr: CREATE_SERVICE_HELP, exitCode: 1 };
      if (!gen) {
        const words = rest.slice(typeAt).filter((w) => !w.startsWith('-'));
        return failure(`error: unknown command "${words.join(' ')}"\nSee 'kubectl create service -h' for help and examples`);
      }
      command = gen;
      rest = [...rest.slice(0, typeAt), ...rest.slice(typeAt + 1)];
      shown = gen.name;
    } else if (sub) {
      return failure(`error: Unexpected args: [${rest.filter((w) => !w.startsWith('-')).join(' ')}]\nSee 'kubectl create -h' for help and examples`);
    }
  }

  const subcommands = PARENT_SUBCOMMANDS[name];
  if (subcommands) {
    const subAt = findSubcommand(rest);
    const sub = subAt >= 0 ? rest[subAt] : undefined;
    if (sub && subcommands[sub]) {
      command = subcommands[sub];
      rest = [...rest.slice(0, subAt), ...rest.slice(subAt + 1)];
      shown = command.name;
    } else if (sub) {
      // DefaultSubCommandRun's RequireNoArguments (kubectl pkg/cmd/util/helpers.go).
      return failure(`error: unknown command "${rest.filter((w) => !w.startsWith('-')).join(' ')}"\nSee 'kubectl ${name} -h' for help and examples`);
    }
  }

  const specs: FlagSpec[] = [...GLOBAL_FLAGS, ...command.flags.filter((f) => !GLOBAL_FLAGS.some((g) => g.name === f.name))];
  const parsed = parseFlags(rest, specs);
  if (!parsed.ok) return failure(`error: ${parsed.error}\nSee 'kubectl ${shown} --help' for usage.`);
  if (flagBool(parsed.parsed, 'help')) return { stdout: `svcsim simulates 'kubectl ${shown}' but does not reproduce its help text.\n`, stderr: '', exitCode: 0 };
  // Deprecation lines come first on stderr, as cobra prints them while parsing.
  const warnings = deprecationWarnings(parsed.parsed);
  const cause = flagBool(parsed.parsed, 'record') ? changeCause(words, specs) : undefined;
  const out = command.run(parsed.parsed, ctx, cause);
  if (!warnings) return out;
  return { ...out, stderr: warnings + out.stderr, ...(out.interleaved !== undefined ? { interleaved: warnings + out.interleaved } : {}) };
}
