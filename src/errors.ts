/** The kinds of failure every adapter knows how to map (HTTP status, CLI exit code, tracker reply). */
export type ErrorKind = 'invalid' | 'not_found' | 'gone' | 'forbidden' | 'unauthenticated' | 'conflict' | 'rate_limited' | 'unavailable';

/** One problem in a client's input, located by a dotted path such as `films[3].credits[0].role`. */
export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

/** An error whose `code` is stable, so clients and tests can rely on it rather than on wording. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: readonly ErrorDetail[];

  constructor(kind: ErrorKind, code: string, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, key: string): AppError =>
  new AppError('not_found', `${what}_not_found`, `No ${what.replace(/_/g, ' ')} "${key}".`);

export const invalid = (code: string, message: string, details: readonly ErrorDetail[] = []): AppError =>
  new AppError('invalid', code, message, details);

export const httpStatusOf = (kind: ErrorKind): number =>
  ({ invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, gone: 410, conflict: 409, rate_limited: 429, unavailable: 503 })[kind];

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
