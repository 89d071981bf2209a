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
import { scale } from './scale.ts';
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

const COMMANDS: Record<string, KubectlCommand> = {
  get,
  describe,
  create: createFromFiles,
  apply,
  replace,
  delete: del,
  expose,
  exec,
  scale,
  label,
  annotate,
  explain,
  edit,
  version,
  'cluster-info': clusterInfo,
  'api-resources': apiResources,
};

const CREATE_SUBCOMMANDS: Record<string, KubectlCommand> = {
  namespace: createNamespace,
  ns: createNamespace,
  deployment: createDeployment,
  deploy: createDeployment,
};

const CREATE_SERVICE_SUBCOMMANDS: Record<string, KubectlCommand> = {
  clusterip: createServiceClusterIP,
  nodeport: createServiceNodePort,
  loadbalancer: createServiceLoadBalancer,
  externalname: createServiceExternalName,
};

const USAGE = `kubectl controls the Kubernetes cluster manager.

Basic Commands (svcsim):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  get             Display one or many resources
  explain         Get documentation for a resource
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector
  describe        Show details of a specific resource or group of resources
  scale           Set a new size for a deployment, replica set, or replication controller
  apply           Apply a configuration to a resource by file name or stdin
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Usage:
  kubectl [flags] [options]
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
  if (!command) return failure(`error: unknown command "${name}" for "kubectl"`);

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
      if (!gen) return failure(`error: Unexpected args: [${type ?? ''}]\nSee 'kubectl create service -h' for help and examples`);
      command = gen;
      rest = [...rest.slice(0, typeAt), ...rest.slice(typeAt + 1)];
      shown = gen.name;
    } else if (sub) {
      return failure(`error: Unexpected args: [${rest.filter((w) => !w.startsWith('-')).join(' ')}]\nSee 'kubectl create -h' for help and examples`);
    }
  }

  const specs: FlagSpec[] = [...GLOBAL_FLAGS, ...command.flags.filter((f) => !GLOBAL_FLAGS.some((g) => g.name === f.name))];
  const parsed = parseFlags(rest, specs);
  if (!parsed.ok) return failure(`error: ${parsed.error}\nSee 'kubectl ${shown} --help' for usage.`);
  if (flagBool(parsed.parsed, 'help')) return { stdout: `svcsim: see https://kubernetes.io/docs/reference/kubectl/ for 'kubectl ${shown}'\n`, stderr: '', exitCode: 0 };
  return command.run(parsed.parsed, ctx);
}
