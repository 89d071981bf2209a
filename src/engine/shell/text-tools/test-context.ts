/**
 * For the text tools' tests: a console line on an admin node whose home files are FILES and
 * whose standard input is STDIN (undefined: nothing piped in). Nothing else of the context is
 * used by the tools.
 */
import type { ShellContext } from '../context.ts';

export function textContext(stdin?: string, files: Record<string, string> = {}): ShellContext {
  const partial: Pick<ShellContext, 'stdin' | 'host' | 'place' | 'files' | 'clients' | 'traces'> = {
    stdin,
    host: 'node201',
    place: { kind: 'node', node: 'node201', admin: true },
    files: { readFile: (path) => files[path] },
    clients: [],
    traces: [],
  };
  return partial as ShellContext;
}
