/** The files a console line can read: the scenario's own, then whatever the host (CLI) offers. */
import type { DirectoryEntry, FileReader } from '../shell/types.ts';

/** The console's working directory, as in the tutorials' `[root@master ~]#` prompts. */
export const HOME = '/root';

export function scenarioFiles(files: Readonly<Record<string, string>> | undefined, fallback: FileReader | undefined): FileReader {
  const own = new Map(Object.entries(files ?? {}));
  const absolute = (path: string) => (path.startsWith('/') ? path : `${HOME}/${path.replace(/^\.\//, '')}`);
  return {
    readFile(path: string): string | undefined {
      return own.get(absolute(path)) ?? own.get(path) ?? fallback?.readFile(path);
    },
    // What the console writes stays in the session (never on the CLI's own disk).
    writeFile(path: string, text: string, append: boolean): void {
      const key = absolute(path);
      const before = append ? (own.get(key) ?? own.get(path) ?? fallback?.readFile(path) ?? '') : '';
      own.set(key, before + text);
    },
    /** A directory of the scenario's files is the set of paths under it. */
    readDirectory(path: string): DirectoryEntry[] | undefined {
      const dir = `${absolute(path).replace(/\/+$/, '')}/`;
      const entries = new Map<string, boolean>();
      for (const file of own.keys()) {
        if (!file.startsWith(dir)) continue;
        const rest = file.slice(dir.length);
        const slash = rest.indexOf('/');
        entries.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      if (entries.size) return [...entries].map(([name, directory]) => ({ name, directory }));
      return fallback?.readDirectory?.(path);
    },
  };
}
