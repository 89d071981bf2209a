/**
 * Strict decoding of one object the way kube-apiserver v1.33 does it with
 * fieldValidation=Strict (k8s.io/apimachinery/pkg/runtime/serializer/json/json.go over
 * sigs.k8s.io/json): case-sensitive field names; unknown fields collected as
 * `unknown field "spec.ports[0].prot"`; the first wrong JSON type reported as
 * `json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32`.
 * kubectl sends the object re-encoded from a Go map, so keys arrive sorted at every level:
 * errors are found, and listed, in that order.
 * Decoding applies no defaults: the result holds what the user wrote, nulls dropped.
 */
import type { FieldSchema, StructSchema } from '../api/schema/index.ts';
import { goTypeName } from '../api/schema/index.ts';
import type { JNode, JsonValue } from './json-tree.ts';
import { compareKeys, jsonNumberText, jsonTypeName, toPlain } from './json-tree.ts';

export interface DecodeProblem {
  message: string;
  /** The field path as the strict decoder prints it (`spec.ports[0].prot`). */
  path: string;
  node: JNode;
}

export interface StrictDecodeResult {
  value: { [key: string]: JsonValue };
  /** `unknown field "..."` problems, in the order the API server lists them. */
  unknown: DecodeProblem[];
  /** The one type error the API server reports (encoding/json keeps the first; unmarshaler errors stop at once). */
  typeError?: DecodeProblem;
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
};

/** resource.ParseQuantity's format error (k8s.io/apimachinery/pkg/api/resource/quantity.go). */
const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

class Fatal extends Error {}

interface Ctx {
  /** Go struct holding the field being decoded (errorContext.Struct). */
  struct: string;
  /** JSON field names from the root (errorContext.FieldStack): no indices. */
  goPath: string[];
  /** The strict decoder's path: with indices. */
  path: string;
}

export function strictDecode(root: JNode & { k: 'map' }, schema: StructSchema): StrictDecodeResult {
  const out: StrictDecodeResult = { value: {}, unknown: [] };
  const typeError = (node: JNode, ctx: Ctx, target: FieldSchema | string, value = jsonTypeName(node)): DecodeProblem => {
    const t = typeof target === 'string' ? target : goTypeName(target);
    const where = ctx.goPath.length > 0 ? `Go struct field ${ctx.struct}.${ctx.goPath.join('.')}` : 'Go value';
    return { message: `json: cannot unmarshal ${value} into ${where} of type ${t}`, path: ctx.path, node };
  };
  const save = (p: DecodeProblem) => {
    if (!out.typeError) out.typeError = p;
  };
  const fatal = (p: DecodeProblem): never => {
    out.typeError = p;
    throw new Fatal();
  };

  const decode = (node: JNode, s: FieldSchema, ctx: Ctx): JsonValue | undefined => {
    if (node.k === 'null') return undefined;
    switch (s.t) {
      case 'string':
        if (node.k === 'str') return node.v;
        save(typeError(node, ctx, s));
        return undefined;
      case 'bool':
        if (node.k === 'bool') return node.v;
        save(typeError(node, ctx, s));
        return undefined;
      case 'int': {
        if (node.k !== 'int' && node.k !== 'float') {
          save(typeError(node, ctx, s));
          return undefined;
        }
        const text = jsonNumberText(node);
        const [lo, hi] = INT_RANGE[s.goType];
        if (!/^-?\d+$/.test(text) || BigInt(text) < lo || BigInt(text) > hi) {
          save(typeError(node, ctx, s, `number ${text}`));
          return undefined;
        }
        return Number(text);
      }
      case 'float': {
        if (node.k !== 'int' && node.k !== 'float') {
          save(typeError(node, ctx, s));
          return undefined;
        }
        const v = node.k === 'int' ? Number(node.v) : node.v;
        if (s.goType === 'float32' && Math.abs(v) > 3.4028234663852886e38) {
          save(typeError(node, ctx, s, `number ${jsonNumberText(node)}`));
          return undefined;
        }
        return v;
      }
      case 'intOrString': {
        // intstr.IntOrString.UnmarshalJSON: a JSON string, else json.Unmarshal into int32;
        // its error is returned at once, so decoding stops there.
        if (node.k === 'str') return node.v;
        if (node.k === 'int' || node.k === 'float') {
          const text = jsonNumberText(node);
          if (/^-?\d+$/.test(text) && BigInt(text) >= INT_RANGE.int32[0] && BigInt(text) <= INT_RANGE.int32[1]) return Number(text);
          return fatal(typeError(node, ctx, 'int32', `number ${text}`));
        }
        return fatal(typeError(node, ctx, 'int32'));
      }
      case 'quantity': {
        const text = node.k === 'str' ? node.v.trim() : node.k === 'int' || node.k === 'float' ? jsonNumberText(node) : '';
        if (!QUANTITY_RE.test(text)) return fatal({ message: QUANTITY_FORMAT, path: ctx.path, node });
        return node.k === 'str' ? node.v : Number(text);
      }
      case 'time':
        // metav1.Time / metav1.Duration.UnmarshalJSON: json.Unmarshal into a string first.
        if (node.k === 'str') return node.v;
        return fatal(typeError(node, ctx, 'string'));
      case 'any':
        return toPlain(node);
      case 'object':
        if (node.k === 'map') return toPlain(node);
        save(typeError(node, ctx, s));
        return undefined;
      case 'map': {
        if (node.k !== 'map') {
          save(typeError(node, ctx, s));
          return undefined;
        }
        const m: { [key: string]: JsonValue } = {};
        for (const e of sortedEntries(node)) {
          const v = decode(e.value, s.values, { ...ctx, path: `${ctx.path}[${e.key}]` });
          if (v !== undefined) m[e.key] = v;
        }
        return m;
      }
      case 'list': {
        if (node.k !== 'seq') {
          save(typeError(node, ctx, s));
          return undefined;
        }
        return node.items.map((item, i) => {
          const v = decode(item, s.items, { ...ctx, path: `${ctx.path}[${i}]` });
          return v === undefined ? null : v;
        });
      }
      case 'struct': {
        if (node.k !== 'map') {
          save(typeError(node, ctx, s));
          return undefined;
        }
        return decodeStruct(node, s, ctx);
      }
    }
  };

  const decodeStruct = (node: JNode & { k: 'map' }, s: StructSchema, ctx: Ctx) => {
    const obj: { [key: string]: JsonValue } = {};
    for (const e of sortedEntries(node)) {
      const path = ctx.path ? `${ctx.path}.${e.key}` : e.key;
      const field = Object.hasOwn(s.fields, e.key) ? s.fields[e.key] : undefined;
      if (!field) {
        out.unknown.push({ message: `unknown field "${path}"`, path, node: e.value });
        continue;
      }
      const v = decode(e.value, field, { struct: s.name, goPath: [...ctx.goPath, e.key], path });
      if (v !== undefined) obj[e.key] = v;
    }
    return obj;
  };

  try {
    out.value = decodeStruct(root, schema, { struct: schema.name, goPath: [], path: '' });
  } catch (e) {
    if (!(e instanceof Fatal)) throw e;
  }
  return out;
}

function sortedEntries(node: JNode & { k: 'map' }) {
  return [...node.entries].sort((a, b) => compareKeys(a.key, b.key));
}
