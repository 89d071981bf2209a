/** The parts of an OpenAPI v3 schema that kubectl explain's template reads. */
export interface Schema {
  description?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  enum?: (string | number | boolean)[];
}
