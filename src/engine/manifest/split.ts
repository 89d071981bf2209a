/**
 * Splits a manifest stream into documents the way kubectl does: apimachinery's YAMLReader
 * (k8s.io/apimachinery/pkg/util/yaml/decoder.go) cuts at lines that start with `---`;
 * only spaces or a comment may follow the separator. Each piece is then parsed on its own,
 * so go-yaml's line numbers in errors count from the piece's first line, not the file's.
 * Lines are read with bufio.ReadLine, which drops `\r\n` as well as `\n`.
 */

export interface Chunk {
  /** The document text with `\n` line ends. */
  text: string;
  /** Offset in the original text of each line of `text`. */
  lineOffsets: number[];
}

export type SplitResult =
  | { chunks: Chunk[]; error?: undefined }
  | { chunks: Chunk[]; error: { message: string; offset: number } };

/** kubectl's FileVisitor strips a UTF-8 byte order mark before reading. */
const BOM = '\ufeff';

export function splitDocuments(input: string): SplitResult {
  const chunks: Chunk[] = [];
  let lines: string[] = [];
  let offsets: number[] = [];
  const flush = () => {
    if (lines.length > 0) chunks.push({ text: lines.join(''), lineOffsets: offsets });
    lines = [];
    offsets = [];
  };
  let pos = input.startsWith(BOM) ? 1 : 0;
  while (pos < input.length) {
    let nl = input.indexOf('\n', pos);
    if (nl < 0) nl = input.length;
    let line = input.slice(pos, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && trimmed[0] !== '#') {
        flush();
        return { chunks, error: { message: `invalid Yaml document separator: ${trimmed}`, offset: pos } };
      }
      flush();
    } else {
      lines.push(line + '\n');
      offsets.push(pos);
    }
    pos = nl + 1;
  }
  flush();
  return { chunks };
}

/** Maps an offset inside a chunk's text back to the original text. */
export function originalOffset(chunk: Chunk, offset: number): number {
  let lo = 0;
  let hi = chunk.lineOffsets.length - 1;
  let acc = 0;
  // Find the line holding `offset` by walking line lengths (binary search on cumulative starts).
  const starts = chunkLineStarts(chunk);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  acc = offset - starts[lo];
  return chunk.lineOffsets[lo] + acc;
}

const startsCache = new WeakMap<Chunk, number[]>();

function chunkLineStarts(chunk: Chunk): number[] {
  let starts = startsCache.get(chunk);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < chunk.text.length; i++) if (chunk.text.charCodeAt(i) === 10) starts.push(i + 1);
    startsCache.set(chunk, starts);
  }
  return starts;
}

/** 1-based line number of an offset inside a chunk (what go-yaml counts). */
export function chunkLine(chunk: Chunk, offset: number): number {
  const starts = chunkLineStarts(chunk);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
