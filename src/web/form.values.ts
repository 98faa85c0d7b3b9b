import type { AppError } from '../errors.ts';

/** Reading the values of a posted HTML form: what a field holds, and where to go back to after it. */

/** A field's text, or '' for anything that is not a string (absent, repeated, a file). */
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A field holding a whole number (an id), or undefined. */
export const wholeNumber = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : undefined);

/** A path on this site to go back to after a form; undefined for anything else (no open redirect). */
export const localPath = (v: unknown): string | undefined => {
  const s = text(v);
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') && s.length < 2000 ? s : undefined;
};

/** An error shown above a form: its message, then each problem with where it is. */
export const errorText = (err: AppError): string => err.message + (err.details.length ? ` ${err.details.map((d) => `${d.path}: ${d.message}`).join('; ')}` : '');
