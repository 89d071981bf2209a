/** The files a console line can read: the scenario's own, then whatever the host (CLI) offers. */
import type { FileReader } from '../shell/types.ts';

/** The console's working directory, as in the tutorials' `[root@master ~]#` prompts. */
export const HOME = '/root';

export function scenarioFiles(files: Readonly<Record<string, string>> | undefined, fallback: FileReader | undefined): FileReader {
  const own = new Map(Object.entries(files ?? {}));
  return {
    readFile(path: string): string | undefined {
      const absolute = path.startsWith('/') ? path : `${HOME}/${path.replace(/^\.\//, '')}`;
      return own.get(absolute) ?? own.get(path) ?? fallback?.readFile(path);
    },
  };
}
