/**
 * kubectl's deprecated `--record` (cli-runtime v0.33 pkg/genericclioptions/record_flags.go):
 * a bool on the commands that take NewRecordFlags; when true, the objects the command writes
 * carry `kubernetes.io/change-cause` holding the command line as parseCommandArguments rebuilds
 * it. Only --record=true records: ToRecorder is a no-op otherwise, whatever the object holds.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { FlagSpec, ParsedFlags } from '../flags.ts';

export const RECORD_FLAG: FlagSpec = { name: 'record', type: 'bool' };

export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** Flags kubectl marks deprecated (MarkDeprecated), with the message pflag appends. */
const DEPRECATED: Readonly<Record<string, string>> = { record: '--record will be removed in the future' };

/**
 * pflag FlagSet.Set writes this once per time a deprecated flag is set (`--record=false` too);
 * cobra's ParseFlags prints it to stderr before the command runs.
 */
export function deprecationWarnings(p: ParsedFlags): string {
  let out = '';
  for (const [name, message] of Object.entries(DEPRECATED)) {
    for (let i = 0; i < (p.values.get(name)?.length ?? 0); i++) out += `Flag --${name} has been deprecated, ${message}\n`;
  }
  return out;
}

/**
 * parseCommandArguments: `kubectl`, then every word that is not a flag (subcommand names
 * included, and the words after `--`), then each flag in the order typed as ` --NAME=VALUE`:
 * long names even for shorthands, values as typed, a bare bool as `true`, a flag with a
 * NoOptDefVal (`--dry-run`) as that value. `words` is the line after `kubectl`, already
 * parsed without error against `specs`.
 */
export function changeCause(words: readonly string[], specs: readonly FlagSpec[]): string {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.shorthand).map((s) => [s.shorthand as string, s]));
  const args: string[] = [];
  let flags = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const spec = byName.get(eq < 0 ? w.slice(2) : w.slice(2, eq));
      if (!spec) continue;
      let value: string;
      if (eq >= 0) value = w.slice(eq + 1);
      else if (spec.type === 'bool') value = 'true';
      else if (spec.noOptValue !== undefined) value = spec.noOptValue;
      else value = words[++i] ?? '';
      flags += ` --${spec.name}=${value}`;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const rest = w.slice(j);
        const spec = byShort.get(w[j]);
        if (!spec) break;
        let value: string;
        let last = true;
        if (rest.length > 2 && rest[1] === '=') value = rest.slice(2);
        else if (spec.type === 'bool') [value, last] = ['true', false];
        else if (spec.noOptValue !== undefined) [value, last] = [spec.noOptValue, false];
        else if (rest.length > 1) value = rest.slice(1);
        else value = words[++i] ?? '';
        flags += ` --${spec.name}=${value}`;
        if (last) break;
      }
      continue;
    }
    args.push(w);
  }
  return `kubectl${args.length ? ` ${args.join(' ')}` : ''}${flags}`;
}

/** ChangeCauseRecorder.Record: the object with its change-cause set (a copy); unchanged without one. */
export function recorded<T extends KubeObject>(obj: T, cause: string | undefined): T {
  if (cause === undefined) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: cause } } };
}
