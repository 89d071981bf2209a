/**
 * API errors, modelled on apimachinery's field.Error and metav1.Status
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go, pkg/api/errors/errors.go).
 * The engine returns these as data; the shell renders them the way kubectl prints them.
 */
import type { SourcePosition } from './meta.ts';

/** field.ErrorType, by the text apimachinery prints for it. */
export type FieldErrorType =
  | 'Required value'
  | 'Forbidden'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Not found'
  | 'Too long'
  | 'Too many'
  | 'Internal error';

export interface FieldError {
  type: FieldErrorType;
  /** Field path as apimachinery prints it: `spec.ports[0].port`. */
  field: string;
  /**
   * The bad value already rendered the way the API server prints it (`0`, `"My_Svc"`,
   * `["10.0.0.5"]`), or undefined for types that print no value.
   */
  value?: string;
  detail?: string;
}

export type StatusReason =
  | 'Invalid'
  | 'NotFound'
  | 'AlreadyExists'
  | 'BadRequest'
  | 'Conflict'
  | 'InternalError'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'RequestEntityTooLarge';

export interface StatusError {
  reason: StatusReason;
  /** HTTP status code (422 for Invalid, 404, 409, 400, 500 ...). */
  code: number;
  /** The API server's message, e.g. `Service "x" is invalid: spec.ports[0].port: Invalid value: 0: must be ...`. */
  message: string;
  /** Kind as the API server names it in messages: `Service`, `Deployment.apps`. */
  qualifiedKind?: string;
  name?: string;
  /** For Invalid: the individual causes, so kubectl can list them and the editor can mark them. */
  causes?: FieldError[];
  /** Where the offending object (or field) stands in the scenario text, when known. */
  position?: SourcePosition;
}

/** `<path>: <type>[: <value>][: <detail>]`, as field.Error.Error() prints it. */
export function formatFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  const printsValue = !(e.type === 'Required value' || e.type === 'Forbidden' || e.type === 'Too long' || e.type === 'Internal error');
  if (printsValue && e.value !== undefined) s += `: ${e.value}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** ToAggregate().Error(): one error bare, several in brackets joined by ", ". Duplicates removed. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  const texts = [...new Set(errors.map(formatFieldError))];
  return texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
}

/** errors.NewInvalid: `<Kind> "<name>" is invalid: <aggregate>`, HTTP 422. */
export function invalidError(qualifiedKind: string, name: string, causes: FieldError[]): StatusError {
  return {
    reason: 'Invalid',
    code: 422,
    message: `${qualifiedKind} "${name}" is invalid: ${formatFieldErrors(causes)}`,
    qualifiedKind,
    name,
    causes,
  };
}

/** errors.NewNotFound: `<resource> "<name>" not found`, HTTP 404. */
export function notFoundError(resource: string, name: string): StatusError {
  return { reason: 'NotFound', code: 404, message: `${resource} "${name}" not found`, name };
}

/** errors.NewAlreadyExists: `<resource> "<name>" already exists`, HTTP 409. */
export function alreadyExistsError(resource: string, name: string): StatusError {
  return { reason: 'AlreadyExists', code: 409, message: `${resource} "${name}" already exists`, name };
}

/** errors.NewInternalError: `Internal error occurred: <msg>`, HTTP 500. */
export function internalError(message: string): StatusError {
  return { reason: 'InternalError', code: 500, message: `Internal error occurred: ${message}` };
}

export function badRequestError(message: string): StatusError {
  return { reason: 'BadRequest', code: 400, message };
}
