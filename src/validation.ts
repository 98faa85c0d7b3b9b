import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type ErrorDetail, invalid } from './errors.ts';

// ajv-formats is CommonJS; under ESM its plugin is the `default` property of the imported module.
const addFormats = addFormatsModule.default;

/** Turns a JSON pointer (`/films/3/credits/0/role`) into the dotted path people read (`films[3].credits[0].role`). */
export function pointerToPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  }
  return path;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

/** One readable message per Ajv error, naming the field and the offending value. */
export function describeAjvError(e: ErrorObject, root: unknown): ErrorDetail {
  const path = pointerToPath(e.instancePath);
  const field = path.split(/[.[]/).pop() ?? '';
  const value = e.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  switch (e.keyword) {
    case 'required':
      return { path: join(path, String(e.params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: join(path, String(e.params.additionalProperty)), message: `unknown field "${String(e.params.additionalProperty)}"` };
    case 'enum':
    case 'const':
      return { path, message: `unknown ${field.replace(/\[\d+\]$/, '') || 'value'} ${show(value)}${e.keyword === 'const' ? ` (expected ${show(e.params.allowedValue)})` : ''}` };
    case 'anyOf':
      return { path, message: `unknown ${field || 'value'} ${show(value)}` };
    case 'pattern':
      return { path, message: `${show(value)} does not have the expected form${e.parentSchema?.description ? ` (${e.parentSchema.description})` : ''}` };
    case 'type':
      return { path, message: `must be ${/^[aeiou]/.test(String(e.params.type)) ? 'an' : 'a'} ${String(e.params.type)}, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` };
    case 'uniqueItems':
      return { path, message: `lists the same value twice (items ${String(e.params.j)} and ${String(e.params.i)})` };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

// Both Ajvs are verbose: an error then carries its schema, so describeAjvError can say what form
// a pattern expects from the schema's description.

/** An Ajv for the HTTP server's routes: every error reported, nothing removed or defaulted, all formats known. */
export const newAjv = (o: { coerceTypes: false | 'array' }): Ajv => addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: false, removeAdditional: false, coerceTypes: o.coerceTypes, verbose: true }));

/** The shared Ajv: all errors reported (not only the first), formats such as `uri` checked, schemas never coerced. */
export const ajv = addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false, verbose: true }), ['uri', 'date', 'date-time']);

/** Compiles a schema into a parser: input either becomes the typed value or an AppError listing every problem. */
export function parserFor<T>(schema: TSchema, code: string, what: string): (input: unknown) => T {
  const validate = ajv.compile(schema);
  return (input) => {
    if (validate(input)) return input as T;
    const details = dedupe((validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describeAjvError(e, input)));
    throw invalid(code, `${what} is invalid: ${details.length} problem${details.length === 1 ? '' : 's'}.`, details);
  };
}

export function dedupe(details: readonly ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const k = `${d.path}\u0000${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Text people typed, without control characters but tab and newline: nobody types them on
 * purpose, PostgreSQL refuses NUL in text, and some render as nothing.
 */
export const withoutControls = (s: string): string => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
