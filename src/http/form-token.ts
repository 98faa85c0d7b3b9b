import { randomBytes } from 'node:crypto';

/** A visitor's double-submit form token (OWASP: "double submit cookie"), 128 random bits. */
export const newFormToken = (): string => randomBytes(16).toString('base64url');
