/**
 * `svcsim lab script|up|down|exec|status`: parsing only.
 *
 *   svcsim lab script [-f SCENARIO | --scenario NAME] [--mode iptables|nftables] [--seed N]
 *   svcsim lab up     [-f SCENARIO | --scenario NAME] [--mode ...] [--seed N] [--dir DIR]
 *   svcsim lab exec   NODE|POD|NAMESPACE/POD|CLIENT [--dir DIR] -- CMD...
 *   svcsim lab down   [--dir DIR]
 *   svcsim lab status [--dir DIR]
 */
export type LabVerb = 'script' | 'up' | 'down' | 'exec' | 'status' | 'help';

export interface LabArgs {
  verb: LabVerb;
  /** A scenario file (`-f`), or a built-in scenario by name (`--scenario`). */
  file?: string;
  scenario?: string;
  mode?: 'iptables' | 'nftables';
  seed?: number;
  /** Where `up` keeps its state file, server program and logs. */
  dir: string;
  /** `exec`: where, and the command. */
  target?: string;
  command: string[];
}

export const DEFAULT_LAB_DIR = '/tmp/svcsim-lab';

export const LAB_USAGE = `svcsim lab: the scenario as real Linux network namespaces (root, Linux).

Usage:
  svcsim lab script [-f SCENARIO | --scenario NAME] [--mode iptables|nftables] [--seed N]
  svcsim lab up     [-f SCENARIO | --scenario NAME] [--mode iptables|nftables] [--seed N] [--dir DIR]
  svcsim lab exec   NODE|POD|NAMESPACE/POD|CLIENT [--dir DIR] -- CMD [ARG]...
  svcsim lab status [--dir DIR]
  svcsim lab down   [--dir DIR]

script prints the set-up as a shell script; up builds it here: one namespace per node, pod
and outside client (named svl-*), flannel's VXLAN between nodes, each node's tables exactly
as svcsim generated them, and in each pod a server answering like traefik/whoami. exec runs
a command inside (curl, iptables-save, conntrack -L); down ends the servers it started and
removes the svl-* namespaces, nothing else. DIR (default ${DEFAULT_LAB_DIR}) holds the state.

Example:
  svcsim lab up --scenario mynginx && svcsim lab exec client -- curl -s 172.200.1.201:30080
`;

export type LabParse = { ok: true; args: LabArgs } | { ok: false; error: string };

const err = (message: string): LabParse => ({ ok: false, error: `error: ${message}\nSee 'svcsim lab --help' for usage.\n` });

export function parseLabArgs(argv: readonly string[]): LabParse {
  const args: LabArgs = { verb: 'help', dir: DEFAULT_LAB_DIR, command: [] };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.command = argv.slice(i + 1);
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '-h':
      case '--help':
        return { ok: true, args: { ...args, verb: 'help' } };
      case '-f':
      case '--filename':
      case '--scenario':
      case '--mode':
      case '--seed':
      case '--dir': {
        const v = value();
        if (v === undefined || v === '') return err(`flag needs an argument: ${name}`);
        if (name === '--mode') {
          if (v !== 'iptables' && v !== 'nftables') return err(`invalid argument "${v}" for "--mode": iptables or nftables (ipvs needs the kernel's ip_vs, userspace a kube-proxy process)`);
          args.mode = v;
        } else if (name === '--seed') {
          if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) return err(`invalid argument "${v}" for "--seed": must be a whole number from 0 to 4294967295`);
          args.seed = Number(v);
        } else if (name === '--dir') args.dir = v;
        else if (name === '--scenario') args.scenario = v;
        else args.file = v;
        break;
      }
      default:
        if (a.startsWith('-')) return err(`unknown flag: ${name}`);
        positional.push(a);
    }
  }
  const verb = positional[0];
  if (verb === undefined) return { ok: true, args };
  if (!['script', 'up', 'down', 'exec', 'status'].includes(verb)) return err(`unknown lab command "${verb}"`);
  args.verb = verb as LabVerb;
  if (args.file !== undefined && args.scenario !== undefined) return err('give -f SCENARIO or --scenario NAME, not both');
  if (verb === 'exec') {
    args.target = positional[1];
    if (!args.target) return err('exec needs a place: a node, a pod or a client');
    if (positional.length > 2) return err(`unexpected argument "${positional[2]}" (put the command after --)`);
    if (!args.command.length) return err('exec needs a command after --');
    return { ok: true, args };
  }
  if (positional.length > 1) return err(`unexpected argument "${positional[1]}"`);
  if (args.command.length) return err(`"lab ${verb}" takes no command`);
  if ((verb === 'down' || verb === 'status') && (args.file !== undefined || args.scenario !== undefined || args.mode || args.seed !== undefined)) {
    return err(`"lab ${verb}" takes only --dir`);
  }
  return { ok: true, args };
}
