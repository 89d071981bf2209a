/**
 * Constructors for field errors, mirroring apimachinery's field.Required / Invalid / NotSupported /
 * Duplicate / Forbidden / TooLong / TooMany (pkg/util/validation/field/errors.go, v0.33).
 * Values arrive already rendered (see render-value.ts).
 */
import type { FieldError } from '../../api/status.ts';
import { goQuote } from '../../api/go-strings.ts';

export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'Required value', field, detail } : { type: 'Required value', field };
}

export function invalid(field: string, value: string, detail: string): FieldError {
  return { type: 'Invalid value', field, value, detail };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'Forbidden', field, detail };
}

export function duplicate(field: string, value: string): FieldError {
  return { type: 'Duplicate value', field, value };
}

/** NotSupported: detail `supported values: "A", "B"` in the order given (callers pass sets.List order). */
export function notSupported(field: string, value: string, supported: readonly string[]): FieldError {
  const e: FieldError = { type: 'Unsupported value', field, value };
  if (supported.length > 0) e.detail = 'supported values: ' + supported.map(goQuote).join(', ');
  return e;
}

/** TooLong prints no value: `<path>: Too long: may not be more than N bytes`. */
export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'Too long', field, detail: `may not be more than ${maxLength} bytes` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'Too many', field, value: String(actual), detail: `must have at most ${max} items` };
}

export function internalError(field: string, detail: string): FieldError {
  return { type: 'Internal error', field, detail };
}

/** Appends one Invalid error per message, all with the same path and value (the usual Go loop). */
export function pushInvalid(out: FieldError[], field: string, value: string, messages: readonly string[]): void {
  for (let i = 0; i < messages.length; i++) out.push(invalid(field, value, messages[i]));
}
