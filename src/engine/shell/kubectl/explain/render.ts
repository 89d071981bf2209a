/**
 * kubectl v1.33 explain's plaintext template (kubernetes/kubectl pkg/explain/v2/templates/
 * plaintext.tmpl: output, fieldList, fieldDetail, description, typeGuess, extractEnum), rendered
 * from the schemas in schemas.ts. Text wrapping is kubectl's term.NewWordWrapWriter, i.e.
 * github.com/mitchellh/go-wordwrap WrapString; `indent` pads every line.
 */
import { SCHEMAS } from './schemas.ts';
import type { Schema } from './schema-types.ts';

/** go-wordwrap WrapString: breaks at whitespace once a line would pass `lim`. */
export function wrapString(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const isSpace = (c: string) => /\s/.test(c) && c !== '\u00a0';
  for (const ch of s) {
    if (ch === '\n') {
      if (word.length === 0) {
        if (current + space.length > lim) current = 0;
        else out += space;
        space = '';
      } else {
        out += space + word;
        space = '';
        word = '';
      }
      out += ch;
      current = 0;
    } else if (isSpace(ch)) {
      if (space.length === 0 || word.length > 0) {
        current += space.length + [...word].length;
        out += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      const wl = [...word].length;
      if (current + space.length + wl > lim && wl < lim) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= lim) out += space;
  } else out += space + word;
  return out;
}

const indent = (n: number, s: string) => {
  const pad = ' '.repeat(n);
  return pad + s.split('\n').join('\n' + pad);
};

function resolveRef(ref: string | undefined): Schema | undefined {
  if (!ref) return undefined;
  return SCHEMAS[ref.slice(ref.lastIndexOf('/') + 1)];
}

const isObjectMap = (ap: Schema | boolean | undefined): ap is Schema => typeof ap === 'object' && ap !== null;

export function typeGuess(schema: Schema): string {
  if (schema.items) return '[]' + typeGuess(schema.items);
  if (isObjectMap(schema.additionalProperties)) return 'map[string]' + typeGuess(schema.additionalProperties);
  if (schema.allOf && !schema.properties && schema.allOf.length === 1) return typeGuess(schema.allOf[0]);
  if (schema.$ref) {
    const ref = resolveRef(schema.$ref);
    if (!ref || !ref.type || ref.type === 'object') {
      const name = schema.$ref.split('/').pop() ?? '';
      return name.split('.').pop() || 'Object';
    }
    return ref.type;
  }
  return schema.type === 'object' ? 'Object' : schema.type || 'Object';
}

function extractEnum(schema: Schema, longView: boolean, limit: number, indentAmount = 0): string {
  if (!schema.enum || schema.enum.length === 0) return '';
  let s = longView ? 'ENUM:' : '\n' + ' '.repeat(indentAmount) + 'enum: ';
  for (let i = 0; i < schema.enum.length; i++) {
    if (limit > -1 && i >= limit) {
      s += ', ....';
      break;
    }
    if (i > 0 && !longView) s += ', ';
    else if (longView) s += '\n    ';
    const el = schema.enum[i];
    s += el === '' ? '""' : String(el);
  }
  return s;
}

function description(schema: Schema): string {
  const s = resolveRef(schema.$ref) ?? schema;
  let out = s.description ? s.description + '\n' : '';
  for (const sub of s.allOf ?? []) out += description(sub);
  if (s.items) out += description(s.items);
  if (isObjectMap(s.additionalProperties)) out += description(s.additionalProperties);
  return out;
}

function fieldDetail(name: string, parent: Schema, short: boolean, level: number): string {
  const indentAmount = level * 2;
  const field = parent.properties?.[name] ?? {};
  let s = indent(indentAmount, name) + '\t<' + typeGuess(field) + '>';
  if (parent.required?.includes(name)) s += ' -required-';
  s += extractEnum(field, false, 4, indentAmount) + '\n';
  if (!short) s += indent(indentAmount + 2, wrapString(field.description || '<no description>', 78 - indentAmount)) + '\n\n';
  return s;
}

const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort();

function fieldList(schema: Schema, level: number, recursive: boolean, history: Set<string>): string {
  const ref = schema.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref) ?? schema;
  let out = '';
  for (const k of sortedKeys(resolved.properties ?? {})) {
    out += fieldDetail(k, resolved, recursive, level);
    if (recursive) out += fieldList((resolved.properties ?? {})[k], level + 1, recursive, next);
  }
  for (const sub of resolved.allOf ?? []) out += fieldList(sub, level, recursive, next);
  if (resolved.items) out += fieldList(resolved.items, level, recursive, next);
  if (isObjectMap(resolved.additionalProperties)) out += fieldList(resolved.additionalProperties, level, recursive, next);
  return out;
}

/** The "output" template; '' when the field path leads nowhere. */
export function output(schema: Schema, fieldPath: readonly string[], recursive: boolean, history: Set<string> = new Set()): string {
  const ref = schema.$ref ?? '';
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref) ?? schema;
  if (fieldPath.length === 0) {
    let s = 'DESCRIPTION:\n' + indent(4, wrapString(description(resolved) || '<empty>', 76)) + '\n';
    const fields = fieldList(resolved, 1, recursive, new Set());
    if (fields) s += 'FIELDS:\n' + fields;
    return s;
  }
  if (ref && history.has(ref)) return '';
  const sub = resolved.properties?.[fieldPath[0]];
  if (sub) {
    let s = '';
    if (fieldPath.length === 1) s += `FIELD: ${fieldPath[0]} <${typeGuess(sub)}>\n` + extractEnum(sub, true, -1) + '\n\n';
    return s + output(sub, fieldPath.slice(1), recursive, new Set());
  }
  if (resolved.items) return output(resolved.items, fieldPath, recursive, next);
  if (isObjectMap(resolved.additionalProperties)) return output(resolved.additionalProperties, fieldPath, recursive, next);
  for (const alt of resolved.allOf ?? []) {
    const s = output(alt, fieldPath, recursive, next);
    if (s) return s;
  }
  return '';
}
