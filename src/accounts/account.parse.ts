import { type ErrorDetail, invalid } from '../errors.ts';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS } from './password.ts';

/** What a registration form or `POST /api/v1/accounts` carries, once parsed. */
export interface Registration {
  readonly username: string;
  readonly password: string;
  readonly email: string | null;
}

/**
 * Usernames are ASCII letters, digits and `_ . -`, 3–32 long, starting with a letter or digit:
 * they appear beside reviews and in URLs, and an ASCII-only name cannot imitate another with
 * look-alike letters. Case is kept for display; "Ada" and "ada" are one account.
 */
// The \- keeps the pattern valid in browsers, which compile a form's pattern with the regex v flag.
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.\\-]{2,31}$';
const USERNAME = new RegExp(USERNAME_PATTERN);
export const MAX_EMAIL_CHARS = 254;

export const usernameKey = (username: string): string => username.toLowerCase();

export function usernameProblem(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return 'Choose a username.';
  if (v.length > 32) return `A username has at most 32 characters; this one has ${v.length}.`;
  if (!USERNAME.test(v)) return 'A username has 3 to 32 letters, digits, "_", "." or "-", and starts with a letter or digit.';
  return undefined;
}

export function passwordProblem(v: unknown, field = 'password'): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return `Enter a ${field}.`;
  if ([...v].length < MIN_PASSWORD_CHARS) return `A password has at least ${MIN_PASSWORD_CHARS} characters.`;
  if (Buffer.byteLength(v, 'utf8') > MAX_PASSWORD_BYTES) return `A password has at most ${MAX_PASSWORD_BYTES} bytes.`;
  return undefined;
}

function emailProblem(v: string): string | undefined {
  if (v.length > MAX_EMAIL_CHARS) return `An email address has at most ${MAX_EMAIL_CHARS} characters.`;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'That is not an email address.';
  return undefined;
}

/** A registration from untrusted input: every problem listed at once, by field. */
export function parseRegistration(input: { username?: unknown; password?: unknown; email?: unknown }): Registration {
  const details: ErrorDetail[] = [];
  const u = usernameProblem(input.username);
  if (u) details.push({ path: 'username', message: u });
  const p = passwordProblem(input.password);
  if (p) details.push({ path: 'password', message: p });
  let email: string | null = null;
  if (input.email !== undefined && input.email !== null && input.email !== '') {
    if (typeof input.email !== 'string') details.push({ path: 'email', message: 'An email address is text.' });
    else {
      const e = emailProblem(input.email.trim());
      if (e) details.push({ path: 'email', message: e });
      else email = input.email.trim();
    }
  }
  if (details.length) throw invalid('invalid_account', details.map((d) => d.message).join(' '), details);
  return { username: input.username as string, password: input.password as string, email };
}
