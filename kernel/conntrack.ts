/** `conntrack -L` as the kernel suite reads it, the same for the kernel's table and svcsim's. */

export interface CtEntry {
  origSrc: string;
  origSport: string;
  replySrc: string;
  replyDst: string;
}

/** `conntrack -L` lines: the first src/dst pair is the original direction, the second the reply. */
export function parseConntrack(text: string): CtEntry[] {
  return text
    .split('\n')
    .filter((l) => /^(tcp|udp)\s/.test(l))
    .map((l) => {
      const src = [...l.matchAll(/ src=(\S+)/g)].map((m) => m[1]!);
      const dst = [...l.matchAll(/ dst=(\S+)/g)].map((m) => m[1]!);
      const sport = / sport=(\d+)/.exec(l)?.[1] ?? '';
      return { origSrc: src[0]!, origSport: sport, replySrc: src[1]!, replyDst: dst[1]! };
    });
}

export const setText = (s: Iterable<string>): string => `{${[...new Set(s)].sort().join(', ')}}`;
