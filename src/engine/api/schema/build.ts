/** Small constructors that keep the schema tables readable. */
import type {
  AnySchema,
  BoolSchema,
  FieldSchema,
  FloatSchema,
  IntOrStringSchema,
  IntSchema,
  ListSchema,
  MapSchema,
  ObjectSchema,
  QuantitySchema,
  StringSchema,
  StructSchema,
  TimeSchema,
} from './types.ts';
import { goTypeName } from './types.ts';

export const str: StringSchema = { t: 'string' };
/** A named string type: `named('v1.Protocol')`. */
export const named = (goType: string): StringSchema => ({ t: 'string', goType });
export const int32: IntSchema = { t: 'int', goType: 'int32' };
export const int64: IntSchema = { t: 'int', goType: 'int64' };
export const float32: FloatSchema = { t: 'float', goType: 'float32' };
export const bool: BoolSchema = { t: 'bool' };
export const intOrString: IntOrStringSchema = { t: 'intOrString' };
export const quantity: QuantitySchema = { t: 'quantity' };
export const time: TimeSchema = { t: 'time' };
export const anyValue: AnySchema = { t: 'any' };

/** A slice; `itemGoType` overrides how the element type prints (pointers, named strings). */
export function list(items: FieldSchema, itemGoType?: string): ListSchema {
  return { t: 'list', items, goType: `[]${itemGoType ?? goTypeName(items)}` };
}

export function map(values: FieldSchema, valueGoType?: string): MapSchema {
  return { t: 'map', values, goType: `map[string]${valueGoType ?? goTypeName(values)}` };
}

export const stringMap = map(str);
export const stringList = list(str);

export function struct(name: string, fields: Record<string, FieldSchema>, pkg = 'v1'): StructSchema {
  return { t: 'struct', name, pkg, fields };
}

/** A Go struct svcsim keeps as written, without checking inside. */
export function opaque(goType: string): ObjectSchema {
  return { t: 'object', goType };
}
