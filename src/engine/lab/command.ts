/**
 * How a lab step becomes a command line: `ip` reaches into a namespace with `ip -n NS`, every
 * other tool runs under `ip netns exec NS`. Nothing ever runs in the host's own namespace.
 * The script renderer and `svcsim lab up` both use this, so the script is what `lab up` runs.
 */
import type { LabStep } from './types.ts';

/** The argv a step runs, or undefined for a heading or a file (the runner and the script write those). */
export function labCommand(step: LabStep): string[] | undefined {
  if ('say' in step || 'etcFile' in step) return undefined;
  if ('netnsAdd' in step) return ['ip', 'netns', 'add', step.netnsAdd];
  const [tool, ...rest] = step.argv;
  if (tool === 'ip') return ['ip', '-n', step.netns, ...rest];
  return ['ip', 'netns', 'exec', step.netns, ...step.argv];
}

/** Whether a command touches only namespaces that start with the prefix (the runner refuses others). */
export function staysInLab(argv: readonly string[], prefix: string): boolean {
  if (argv[0] !== 'ip') return false;
  if (argv[1] === '-n') return (argv[2] ?? '').startsWith(prefix) && argv.length > 3 && peersInLab(argv.slice(3), prefix);
  if (argv[1] === 'netns' && (argv[2] === 'add' || argv[2] === 'del' || argv[2] === 'exec' || argv[2] === 'pids')) {
    return (argv[3] ?? '').startsWith(prefix) && argv.length >= 4;
  }
  return false;
}

/** A `netns NAME` argument (moving a link's peer) must name a lab namespace too. */
function peersInLab(args: readonly string[], prefix: string): boolean {
  for (let i = 0; i < args.length - 1; i++) if (args[i] === 'netns' && !args[i + 1]!.startsWith(prefix)) return false;
  return true;
}

/** A word quoted for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Where `ip netns exec` finds a namespace's own /etc files. */
export function etcPath(step: { etcFile: string; netnsOf: string }): string {
  return `/etc/netns/${step.netnsOf}/${step.etcFile}`;
}
