/**
 * The JSON value a YAML document turns into on its way to the API server (kubectl converts
 * YAML to JSON with sigs.k8s.io/yaml before sending), with the offsets each value came
 * from so errors can point at the text.
 */
import { goJSONString } from '../api/go-strings.ts';

interface At {
  /** Offset of the value's first character inside its document chunk. */
  start: number;
}

export type JNode =
  | (At & { k: 'null' })
  | (At & { k: 'bool'; v: boolean })
  /** An integer literal; `text` is the decimal digits JSON carries (`80`, `-1`, `99999999999`). */
  | (At & { k: 'int'; v: bigint; text: string })
  /** A float literal; JSON carries Go's shortest formatting (`1.5`, `1e+21`). */
  | (At & { k: 'float'; v: number })
  | (At & { k: 'str'; v: string })
  | (At & { k: 'seq'; items: JNode[] })
  | (At & { k: 'map'; entries: JEntry[] });

export interface JEntry {
  key: string;
  /** Offset of the key inside its document chunk. */
  keyStart: number;
  value: JNode;
}

/** The JSON type name encoding/json uses in UnmarshalTypeError (`string`, `number`, `object` ...). */
export function jsonTypeName(n: JNode): string {
  switch (n.k) {
    case 'null':
      return 'null';
    case 'bool':
      return 'bool';
    case 'int':
    case 'float':
      return 'number';
    case 'str':
      return 'string';
    case 'seq':
      return 'array';
    case 'map':
      return 'object';
  }
}

/** The number as Go's encoding/json writes it (JavaScript's shortest form uses the same cut-offs). */
export function jsonNumberText(n: JNode & { k: 'int' | 'float' }): string {
  return n.k === 'int' ? n.text : String(n.v);
}

/** A plain JavaScript value (what the typed objects hold). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toPlain(n: JNode): JsonValue {
  switch (n.k) {
    case 'null':
      return null;
    case 'bool':
    case 'str':
      return n.v;
    case 'int':
      return Number(n.v);
    case 'float':
      return n.v;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const out: { [key: string]: JsonValue } = {};
      for (const e of n.entries) out[e.key] = toPlain(e.value);
      return out;
    }
  }
}

/**
 * Compact JSON as Go's json.Marshal writes a map[string]interface{}: keys sorted, `<`, `>`,
 * `&`, U+2028 and U+2029 escaped. Used for request sizes and kubectl's `Object 'Kind' is
 * missing in '...'` message.
 */
export function goJSON(n: JNode): string {
  switch (n.k) {
    case 'null':
      return 'null';
    case 'bool':
      return n.v ? 'true' : 'false';
    case 'int':
    case 'float':
      return jsonNumberText(n);
    case 'str':
      return goJSONString(n.v);
    case 'seq':
      return `[${n.items.map(goJSON).join(',')}]`;
    case 'map': {
      const sorted = [...n.entries].sort((a, b) => compareKeys(a.key, b.key));
      return `{${sorted.map((e) => `${goJSONString(e.key)}:${goJSON(e.value)}`).join(',')}}`;
    }
  }
}

/** Go sorts map keys byte-wise (UTF-8); for the keys manifests use, code-unit order is the same. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
