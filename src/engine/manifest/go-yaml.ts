/**
 * One document chunk -> JSON tree, with go-yaml v2's meaning (what sigs.k8s.io/yaml,
 * and so kubectl, uses): YAML 1.1 plain-scalar resolution (`yes`/`on` are booleans,
 * `0x1F` and `0755` integers, `1e309` a string because it overflows float64), merge keys,
 * duplicate keys keeping the last value, alias expansion with go-yaml's excessive-aliasing
 * guard, and go-yaml's error texts (gopkg.in/yaml.v2 decode.go, resolve.go, scannerc.go).
 */
import { parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node as YNode, Document, Scalar } from 'yaml';
import type { JEntry, JNode } from './json-tree.ts';
import { yamlLibErrorMessage } from './yaml-errors.ts';

export interface ChunkParse {
  /** undefined when the document is empty or null (kubectl skips it). */
  root?: JNode;
  /** go-yaml's message without the `yaml: ` prefix's wrapper, e.g. `yaml: line 3: mapping values are not allowed in this context`. */
  error?: { message: string; offset: number };
  /** Keys written twice: kubectl keeps the last silently; svcsim shows it as a warning. */
  duplicates: { path: string; offset: number }[];
}

/** go-yaml v2 and encoding/json both stop at 10000 levels. */
export const MAX_DEPTH = 10000;

class YamlFail extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseChunk(text: string): ChunkParse {
  const duplicates: ChunkParse['duplicates'] = [];
  const control = findControlCharacter(text);
  // gopkg.in/yaml.v2 readerc.go: a reader error carries no line.
  if (control >= 0) return { error: { message: 'yaml: control characters are not allowed', offset: control }, duplicates };
  const deep = findExcessiveFlowDepth(text);
  if (deep >= 0) return { error: { message: `yaml: exceeded max depth of ${MAX_DEPTH}`, offset: deep }, duplicates };

  const docs = parseAllDocuments(text, { schema: 'failsafe', version: '1.1', uniqueKeys: false, strict: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0] as Document.Parsed | undefined;
  if (!doc) return { duplicates };
  if (doc.errors.length > 0) {
    const first = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
    return { error: { message: yamlLibErrorMessage(text, first), offset: first.pos[0] }, duplicates };
  }
  if (!doc.contents) return { duplicates };
  const conv = new Converter(doc, duplicates);
  try {
    const { j } = conv.node(doc.contents as YNode, 0, '');
    return { root: j.k === 'null' ? undefined : j, duplicates };
  } catch (e) {
    if (e instanceof YamlFail) return { error: { message: e.message, offset: e.offset }, duplicates };
    throw e;
  }
}

interface Converted {
  j: JNode;
  /** go-yaml decode operations this value costs (aliases count their whole target again). */
  size: number;
}

// gopkg.in/yaml.v2 decode.go allowedAliasRatio: the CVE-2019-11253 guard.
const ALIAS_RATIO_LOW = 400000;
const ALIAS_RATIO_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

class Converter {
  private decodeCount = 0;
  private aliasCount = 0;
  private readonly anchored = new Map<YNode, Converted>();
  private readonly inProgress = new Set<YNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly duplicates: ChunkParse['duplicates'],
  ) {}

  private count(decodes: number, aliased: number, offset: number): void {
    this.decodeCount += decodes;
    this.aliasCount += aliased;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YamlFail('yaml: document contains excessive aliasing', offset);
    }
  }

  node(n: YNode, depth: number, path: string): Converted {
    const start = n.range?.[0] ?? 0;
    if (depth > MAX_DEPTH) throw new YamlFail(`yaml: exceeded max depth of ${MAX_DEPTH}`, start);
    if (isAlias(n)) {
      const target = n.resolve(this.doc) as YNode | undefined;
      if (!target) throw new YamlFail(`yaml: unknown anchor '${n.source}' referenced`, start);
      if (this.inProgress.has(target)) throw new YamlFail(`yaml: anchor '${n.source}' value contains itself`, start);
      const done = this.anchored.get(target) ?? this.node(target, depth, path);
      this.count(1 + done.size, done.size, start);
      return { j: done.j, size: 1 + done.size };
    }
    const anchoredNode = (n as { anchor?: string }).anchor ? n : undefined;
    if (anchoredNode) this.inProgress.add(anchoredNode);
    this.count(1, 0, start);
    let out: Converted;
    if (isScalar(n)) out = { j: resolveScalar(n, start), size: 1 };
    else if (isSeq(n)) {
      const items: JNode[] = [];
      let size = 1;
      n.items.forEach((item, i) => {
        const c = this.node(item as YNode, depth + 1, `${path}[${i}]`);
        items.push(c.j);
        size += c.size;
      });
      out = { j: { k: 'seq', start, items }, size };
    } else if (isMap(n)) out = this.mapping(n.items, start, depth, path);
    else throw new YamlFail('yaml: did not find expected node content', start);
    if (anchoredNode) {
      this.inProgress.delete(anchoredNode);
      this.anchored.set(anchoredNode, out);
    }
    return out;
  }

  private mapping(pairs: readonly unknown[], start: number, depth: number, path: string): Converted {
    const entries: JEntry[] = [];
    const index = new Map<string, number>();
    let size = 1;
    const put = (e: JEntry, explicit: boolean) => {
      const at = index.get(e.key);
      if (at === undefined) {
        index.set(e.key, entries.length);
        entries.push(e);
      } else {
        if (explicit) this.duplicates.push({ path: path ? `${path}.${e.key}` : e.key, offset: e.keyStart });
        entries[at] = e;
      }
    };
    for (const p of pairs) {
      if (!isPair(p)) continue;
      const keyNode = p.key as YNode | null;
      const keyStart = keyNode?.range?.[0] ?? start;
      const valueNode = p.value as YNode | null;
      if (keyNode && isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.source === '<<' && !keyNode.tag) {
        size += this.merge(valueNode, keyStart, depth, path, (e) => put(e, false)).size;
        continue;
      }
      const key = this.keyString(keyNode, keyStart, depth);
      size += 1;
      const value: Converted = valueNode
        ? this.node(valueNode, depth + 1, path ? `${path}.${key}` : key)
        : { j: { k: 'null', start: keyStart }, size: 1 };
      if (!valueNode) this.count(1, 0, keyStart);
      size += value.size;
      put({ key, keyStart, value: value.j }, true);
    }
    return { j: { k: 'map', start, entries }, size };
  }

  /** `<<: *base` or `<<: [*a, *b]`: earlier maps in a list win, explicit keys set later win. */
  private merge(v: YNode | null, at: number, depth: number, path: string, put: (e: JEntry) => void): Converted {
    const fail = () => new YamlFail('yaml: map merge requires map or sequence of maps as the value', at);
    if (!v) throw fail();
    const c = this.node(v, depth + 1, path);
    if (c.j.k === 'map') {
      for (const e of c.j.entries) put(e);
      return c;
    }
    if (c.j.k === 'seq') {
      for (const item of c.j.items) if (item.k !== 'map') throw fail();
      for (let i = c.j.items.length - 1; i >= 0; i--) {
        const m = c.j.items[i];
        if (m.k === 'map') for (const e of m.entries) put(e);
      }
      return c;
    }
    throw fail();
  }

  /** sigs.k8s.io/yaml turns int, float and bool keys into JSON strings. */
  private keyString(k: YNode | null, at: number, depth: number): string {
    this.count(1, 0, at);
    if (!k) return 'null';
    const c = isAlias(k) ? this.node(k, depth + 1, '') : { j: isScalar(k) ? resolveScalar(k, at) : undefined };
    const j = c.j;
    if (!j || j.k === 'seq' || j.k === 'map') throw new YamlFail('yaml: invalid map key', at);
    switch (j.k) {
      case 'str':
        return j.v;
      case 'int':
        return j.text;
      case 'float':
        return String(j.v);
      case 'bool':
        return j.v ? 'true' : 'false';
      case 'null':
        return 'null';
    }
  }
}

const STR_TAG = 'tag:yaml.org,2002:str';
const BINARY_TAG = 'tag:yaml.org,2002:binary';

function resolveScalar(s: Scalar, start: number): JNode {
  const text = String(s.source ?? s.value ?? '');
  if (s.type !== 'PLAIN' || s.tag === STR_TAG || s.tag === BINARY_TAG) return { k: 'str', start, v: String(s.value ?? '') };
  return resolvePlain(text, start);
}

const BOOLS: Record<string, boolean> = {
  y: true, Y: true, yes: true, Yes: true, YES: true, true: true, True: true, TRUE: true, on: true, On: true, ON: true,
  n: false, N: false, no: false, No: false, NO: false, false: false, False: false, FALSE: false, off: false, Off: false, OFF: false,
};
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** gopkg.in/yaml.v2 resolve.go for an untagged plain scalar. */
export function resolvePlain(text: string, start: number): JNode {
  if (NULLS.has(text)) return { k: 'null', start };
  if (text in BOOLS) return { k: 'bool', start, v: BOOLS[text] };
  if (['.nan', '.NaN', '.NAN'].includes(text)) return { k: 'float', start, v: NaN };
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].includes(text)) return { k: 'float', start, v: Infinity };
  if (['-.inf', '-.Inf', '-.INF'].includes(text)) return { k: 'float', start, v: -Infinity };
  const c = text[0];
  if ((c >= '0' && c <= '9') || c === '-' || c === '+' || c === '.') {
    const plain = text.replaceAll('_', '');
    const i = parseGoInt(plain);
    if (i !== undefined && i >= INT64_MIN && i <= UINT64_MAX) return { k: 'int', start, v: i, text: i.toString() };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return { k: 'float', start, v: f };
    }
  }
  return { k: 'str', start, v: text };
}

/** strconv.ParseInt(s, 0, 64) syntax: sign, then 0x / 0o / 0b / leading-0 octal / decimal. */
function parseGoInt(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  let digits = m[2];
  let v: bigint;
  if (/^0[oO]/.test(digits)) v = BigInt(`0o${digits.slice(2)}`);
  else if (/^0[0-7]+$/.test(digits)) v = BigInt(`0o${digits.slice(1)}`);
  else v = BigInt(digits);
  digits = '';
  return m[1] === '-' ? -v : v;
}

/** gopkg.in/yaml.v2 is_printable: tab, LF, CR, printable ASCII, NEL, and BMP text except U+FEFF. */
function findControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c === 9 || c === 10 || c === 13 || c === 0x85) continue;
    if (c >= 0xa0 && c <= 0xfffd && c !== 0xfeff) continue;
    return i;
  }
  return -1;
}

/** Flow nesting past go-yaml's limit, found before handing the text to the parser. */
function findExcessiveFlowDepth(text: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '\n') quote = '';
  }
  return -1;
}
