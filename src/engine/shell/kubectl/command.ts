/** The shape every kubectl subcommand shares, and the global flags. */
import type { FlagSpec, ParsedFlags } from '../flags.ts';
import { flagList, flagValue } from '../flags.ts';
import type { CommandOutput, ShellContext } from '../context.ts';

export interface KubectlCommand {
  /** `get`, `describe`, `create service clusterip` ... */
  name: string;
  flags: readonly FlagSpec[];
  /**
   * `changeCause`: set when --record=true was given (record-flag.ts), the command line the
   * command records on the objects it writes.
   */
  run(p: ParsedFlags, ctx: ShellContext, changeCause?: string): CommandOutput;
}

/** kubectl's persistent flags that matter here (the rest of the kubeconfig flags are accepted and ignored). */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'server', shorthand: 's', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'v', shorthand: 'v', type: 'string' },
  { name: 'help', shorthand: 'h', type: 'bool' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'token', type: 'string' },
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'tls-server-name', type: 'string' },
  { name: 'username', type: 'string' },
  { name: 'password', type: 'string' },
  { name: 'cache-dir', type: 'string' },
  { name: 'match-server-version', type: 'bool' },
  { name: 'warnings-as-errors', type: 'bool' },
  { name: 'profile', type: 'string' },
  { name: 'log-flush-frequency', type: 'string' },
];

/** The namespace a command works in: `-n`, else the kubeconfig context's, `default`. */
export function namespaceOf(p: ParsedFlags): string {
  return flagValue(p, 'namespace') ?? 'default';
}

export function hasExplicitNamespace(p: ParsedFlags): boolean {
  return flagValue(p, 'namespace') !== undefined;
}

/** The `-o` flag as kubectl's common output flags read it. */
export const OUTPUT_FLAG: FlagSpec = { name: 'output', shorthand: 'o', type: 'string' };
export const SELECTOR_FLAG: FlagSpec = { name: 'selector', shorthand: 'l', type: 'string' };
export const ALL_NAMESPACES_FLAG: FlagSpec = { name: 'all-namespaces', shorthand: 'A', type: 'bool' };
/** A string slice: `-f a.yaml,b.yaml` names two files (read with flagList(p, 'filename', true)). */
export const FILENAME_FLAG: FlagSpec = { name: 'filename', shorthand: 'f', type: 'stringArray' };

export function filenames(p: ParsedFlags): string[] {
  return flagList(p, 'filename', true);
}
export const RECURSIVE_FLAG: FlagSpec = { name: 'recursive', shorthand: 'R', type: 'bool' };
// helpers.go AddDryRunFlag: NoOptDefVal "unchanged", read as client.
export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string', noOptValue: 'unchanged' };

export type DryRun = 'none' | 'client' | 'server';

/**
 * --dry-run (helpers.go GetDryRunStrategy): none|client|server; the bare flag and the old
 * boolean spellings (strconv.ParseBool) still work, true meaning client.
 */
export function dryRunOf(p: ParsedFlags): DryRun | { error: string } {
  const v = flagValue(p, 'dry-run');
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client' || v === 'unchanged') return 'client';
  if (v === 'server') return 'server';
  if (/^(1|t|T|true|TRUE|True)$/.test(v)) return 'client';
  if (/^(0|f|F|false|FALSE|False)$/.test(v)) return 'none';
  return { error: `Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

/** The suffix kubectl adds to a write's success line. */
export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}
