export { type AccountService, type NewSession, LOGIN_FAILURES_ALLOWED, SESSION_MS, createAccountService } from './account.service.ts';
export * from './account.types.ts';
export { type AccountAction, canAccount, refusal } from './accounts.policy.ts';
export { USERNAME_PATTERN, usernameProblem } from './account.parse.ts';
export { MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, type ScryptParams } from './password.ts';
export { TOKEN_PREFIX, csrfTokenOf } from './secrets.ts';
export { createPasskeyCheck } from './passkey.check.ts';
/** Writes one audit-log line inside the caller's transaction (moderation actions of other modules). */
export { insertAudit as writeAudit, type NewAuditEntry } from './account.store.ts';
