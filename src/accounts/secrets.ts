import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed to clients (session cookies, API tokens, passkeys) are 256 random bits; the
 * database keeps only their SHA-256, which is enough for a secret that has that much entropy
 * (a slow hash protects guessable passwords, not random ones).
 */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const digest = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Personal API tokens carry a prefix, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'kinora_pat_';
export const newApiToken = (): string => `${TOKEN_PREFIX}${newSecret()}`;

/** A passkey for private releases' announce URLs: 32 hex digits, safe in any URL path. */
export const newPasskey = (): string => randomBytes(16).toString('hex');

/**
 * The CSRF token of a session: derived from the session's secret, so it needs no storage and
 * nobody without the cookie (which scripts cannot read: HttpOnly) can compute it.
 */
export const csrfTokenOf = (sessionSecret: string): string => createHash('sha256').update(`kinora csrf\0${sessionSecret}`, 'utf8').digest('base64url');
