/**
 * Go's text/tabwriter, as kubectl uses it (padchar ' ', no flags). Cells are tab-terminated;
 * the last cell of a line is not part of any column. A column block is a run of consecutive
 * lines that all have a tab-terminated cell in that column; its width is
 * max(minwidth, widest cell + padding). A line without that cell ends the block, which is why a
 * `Subsets:` or `Events:` line in `kubectl describe` restarts the alignment below it.
 * Source: golang.org/src/text/tabwriter/tabwriter.go (format, writeLines); kubectl's settings in
 * kubernetes/cli-runtime pkg/printers/tabwriter.go (6, 4, 3) and kubectl pkg/describe/describe.go
 * tabbedString (0, 8, 2).
 */
export interface TabwriterOptions {
  minwidth?: number;
  /** Only matters when the pad character is a tab; kept for parity with Go's signature. */
  tabwidth?: number;
  padding?: number;
}

/** kubectl get's table settings. */
export const TABLE_TABWRITER: Required<TabwriterOptions> = { minwidth: 6, tabwidth: 4, padding: 3 };
/** kubectl describe's settings. */
export const DESCRIBE_TABWRITER: Required<TabwriterOptions> = { minwidth: 0, tabwidth: 8, padding: 2 };

/** Display width as Go counts it: runes (kubectl output is ASCII in practice). */
function runeWidth(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--; // a surrogate pair is one rune
  }
  return n;
}

const spaceCache: string[] = [];
function spaces(n: number): string {
  if (n <= 0) return '';
  if (n < 256) return (spaceCache[n] ??= ' '.repeat(n));
  return ' '.repeat(n);
}

/**
 * Aligns `lines`, each an array of cells where every cell but the last was tab-terminated.
 * Each line is printed followed by a newline.
 */
export function formatCells(lines: readonly (readonly string[])[], opts: TabwriterOptions = TABLE_TABWRITER): string {
  const minwidth = opts.minwidth ?? 0;
  const padding = opts.padding ?? 1;
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const cell = line[j];
        s += cell;
        if (j < widths.length) s += spaces(widths[j] - runeWidth(cell));
      }
      out.push(s);
    }
  };

  // Go's recursive format(): find column blocks in `column`, fix their width, recurse right.
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = minwidth;
      for (; t < line1; t++) {
        const line = lines[t];
        if (column >= line.length - 1) break;
        const w = runeWidth(line[column]) + padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t; // Go then skips line t, which has no cell in this column anyway
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.length ? out.join('\n') + '\n' : '';
}

/** Splits tab-separated text into lines of cells and aligns it. A trailing newline is kept. */
export function formatTabbedText(text: string, opts: TabwriterOptions = TABLE_TABWRITER): string {
  if (text === '') return '';
  const endsWithNewline = text.endsWith('\n');
  const raw = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  const result = formatCells(raw.map((l) => l.split('\t')), opts);
  return endsWithNewline ? result : result.slice(0, -1);
}

/** Rows of cells, one row per line; the last cell of each row is not padded. */
export function tabwriter(rows: string[][], opts?: TabwriterOptions): string {
  return formatCells(rows, { ...TABLE_TABWRITER, ...opts });
}
