/**
 * Field schemas: just enough of each kind's Go type for strict JSON decoding the way the
 * API server does it (sigs.k8s.io/json with DisallowUnknownFields + case-sensitive keys):
 * which field names exist, what JSON type each takes, and the Go type names the decoder
 * prints in `json: cannot unmarshal ... into Go struct field <Struct>.<path> of type <T>`.
 */

/** A JSON string, printed as `goType` (`string`, `v1.Protocol`, `v1.ServiceType` ...). */
export interface StringSchema {
  t: 'string';
  goType?: string;
}

/** A JSON integer; out-of-range and fractional numbers are type errors. */
export interface IntSchema {
  t: 'int';
  goType: 'int32' | 'int64' | 'uint32';
}

export interface FloatSchema {
  t: 'float';
  goType: 'float32' | 'float64';
}

export interface BoolSchema {
  t: 'bool';
}

/** intstr.IntOrString: a JSON string or an int32 (k8s.io/apimachinery/pkg/util/intstr). */
export interface IntOrStringSchema {
  t: 'intOrString';
}

/** resource.Quantity: a JSON string or number (k8s.io/apimachinery/pkg/api/resource). */
export interface QuantitySchema {
  t: 'quantity';
}

/** metav1.Time / metav1.Duration: decoded from a JSON string. */
export interface TimeSchema {
  t: 'time';
}

export interface MapSchema {
  t: 'map';
  values: FieldSchema;
  /** e.g. `map[string]string`. */
  goType: string;
}

export interface ListSchema {
  t: 'list';
  items: FieldSchema;
  /** e.g. `[]v1.ServicePort`. */
  goType: string;
}

export interface StructSchema {
  t: 'struct';
  /** Go struct name as reflect prints it in decode errors: `ServicePort`. */
  name: string;
  /** Go package qualifier: `v1` (core/v1, apps/v1, discovery/v1 and meta/v1 all print `v1`). */
  pkg: string;
  fields: Readonly<Record<string, FieldSchema>>;
}

/** Any JSON object, kept as written (deep structures svcsim does not model). */
export interface ObjectSchema {
  t: 'object';
  goType: string;
}

/** Any JSON value at all (`runtime.RawExtension`, `apiextensionsv1.JSON`). */
export interface AnySchema {
  t: 'any';
}

export type FieldSchema =
  | StringSchema
  | IntSchema
  | FloatSchema
  | BoolSchema
  | IntOrStringSchema
  | QuantitySchema
  | TimeSchema
  | MapSchema
  | ListSchema
  | StructSchema
  | ObjectSchema
  | AnySchema;

/** The Go type name reflect.Type.String() prints for a schema. */
export function goTypeName(s: FieldSchema): string {
  switch (s.t) {
    case 'string':
      return s.goType ?? 'string';
    case 'int':
    case 'float':
      return s.goType;
    case 'bool':
      return 'bool';
    case 'intOrString':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'time':
      return 'v1.Time';
    case 'map':
    case 'list':
    case 'object':
      return s.goType;
    case 'struct':
      return `${s.pkg}.${s.name}`;
    case 'any':
      return 'interface {}';
  }
}
