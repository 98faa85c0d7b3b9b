import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError, invalid } from '../errors.ts';
import { parseRegistration, passwordProblem, usernameKey } from './account.parse.ts';
import * as store from './account.store.ts';
import { type Account, type Actor, type AuditEntry, type Role, type TokenSummary, actorName, isRole } from './account.types.ts';
import { type AccountAction, canAccount, refusal } from './accounts.policy.ts';
import { DEFAULT_SCRYPT, type ScryptParams, decoyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { csrfTokenOf, digest, newApiToken, newPasskey, newSecret } from './secrets.ts';

/** Failed logins allowed per account and per address within LOGIN_WINDOW_MS; the next is refused with 429. */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_MS = 60_000;
/** A session lasts this long after it was last used. */
export const SESSION_MS = 30 * 86_400_000;
/** A session's last use is written at most this often (one write per request would be wasteful). */
const TOUCH_MS = 3_600_000;

export interface AccountServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  /** Lower only in tests: the default costs about a quarter of a second per hash on purpose. */
  readonly passwordParams?: ScryptParams;
}

/** A signed-in session: the secret for the cookie (shown once) and the CSRF token that goes with it. */
export interface NewSession {
  readonly secret: string;
  readonly csrfToken: string;
  readonly account: Account;
  readonly expiresAt: string;
}

export interface AccountService {
  register(actor: Actor, input: { username?: unknown; password?: unknown; email?: unknown }): Promise<Account>;
  /** An account with any role, made by the archive itself (CLI) or an admin. */
  createUser(actor: Actor, input: { username?: unknown; password?: unknown; email?: unknown }, role: Role): Promise<Account>;
  login(input: { username: string; password: string; address: string }): Promise<NewSession>;
  logout(sessionSecret: string): Promise<void>;
  /** The account of a session cookie, or undefined (unknown, expired or signed out). */
  sessionAccount(sessionSecret: string): Promise<Account | undefined>;
  /** The account of a personal API token, or undefined (unknown or revoked). */
  tokenAccount(token: string): Promise<Account | undefined>;
  changePassword(actor: Actor, input: { current: string; next: string; sessionSecret?: string }): Promise<void>;
  createToken(actor: Actor, name: string): Promise<{ readonly id: number; readonly token: string }>;
  /** `POST /api/v1/tokens`: a username and password for a new token, under the login rate limits. */
  createTokenWithPassword(input: { username: string; password: string; address: string; name: string }): Promise<{ readonly id: number; readonly token: string; readonly account: Account }>;
  tokens(actor: Actor): Promise<TokenSummary[]>;
  revokeToken(actor: Actor, tokenId: number): Promise<void>;
  users(actor: Actor, page: { limit: number; offset: number }): Promise<{ users: Account[]; total: number }>;
  setRole(actor: Actor, username: string, role: Role, reason: string): Promise<Account>;
  audit(actor: Actor, page: { limit: number; before?: number }): Promise<AuditEntry[]>;
  /** The passkey in the announce URLs of private releases served to this account. */
  passkey(actor: Actor): Promise<string>;
  resetPasskey(actor: Actor): Promise<string>;
  accountByPasskey(passkey: string): Promise<Account | undefined>;
  /** Deletes an account for good (its sessions, tokens, reviews and votes too): the archive itself only (`kinora purge`). */
  purgeUser(actor: Actor, username: string, reason: string): Promise<void>;
  /** Removes expired sessions and old failed logins. */
  maintain(): Promise<void>;
}

const forbidden = (what: string) => new AppError('forbidden', 'forbidden', `You may not ${what}.`);
const badCredentials = () => new AppError('unauthenticated', 'invalid_credentials', 'Wrong username or password.');
const MAX_TOKEN_NAME = 100;

export function createAccountService(deps: AccountServiceDeps): AccountService {
  const { db, clock } = deps;
  const params = deps.passwordParams ?? DEFAULT_SCRYPT;
  const iso = (d = clock()) => d.toISOString();
  let decoy: Promise<string> | undefined;

  const require = (actor: Actor, action: AccountAction, what: string, target?: { id: number }) => {
    if (!canAccount(actor, action, target)) throw refusal(actor, what);
  };
  const self = (actor: Actor): Account => {
    if (actor.kind !== 'user') throw new AppError('unauthenticated', 'login_required', 'Log in first.');
    return actor.account;
  };

  const create = async (actor: Actor, input: Parameters<AccountService['register']>[1], role: Role): Promise<Account> => {
    const r = parseRegistration(input);
    const hash = await hashPassword(r.password, params);
    const now = iso();
    return db.transaction().execute(async (tx) => {
      const account = await store.insertUser(tx, { username: r.username, usernameKey: usernameKey(r.username), email: r.email, passwordHash: hash, role, passkey: newPasskey(), now });
      if (!account) throw new AppError('conflict', 'username_taken', `The username "${r.username}" is taken.`, [{ path: 'username', message: 'That username is taken.' }]);
      if (role !== 'reader' || actor.kind !== 'anonymous') {
        await store.insertAudit(tx, { actorId: actor.kind === 'user' ? actor.account.id : null, actorName: actorName(actor), action: 'user.create', targetType: 'user', targetId: String(account.id), reason: '', data: { username: account.username, role }, now });
      }
      return account;
    });
  };

  /** Checks a username and password under the rate limits; the account on success. */
  const check = async (username: string, password: string, address: string): Promise<Account> => {
    const now = clock();
    const key = usernameKey(String(username).slice(0, 64));
    const keys = [`u:${key}`, `a:${address}`];
    const failures = await store.countFailures(db, keys, iso(new Date(now.getTime() - LOGIN_WINDOW_MS)));
    if (keys.some((k) => (failures.get(k) ?? 0) >= LOGIN_FAILURES_ALLOWED)) {
      throw new AppError('rate_limited', 'too_many_logins', 'Too many failed logins; wait a minute and try again.');
    }
    const oversized = typeof password !== 'string' || Buffer.byteLength(password, 'utf8') > 1024;
    const user = oversized ? undefined : await store.userByKey(db, key);
    // The same work whether or not the account exists, so timing tells nobody which names are taken.
    const ok = user ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(oversized ? '' : password, await (decoy ??= decoyHash(params))), false);
    if (!user || !ok) {
      await store.recordFailures(db, keys, iso(now));
      throw badCredentials();
    }
    await store.clearFailures(db, `u:${key}`);
    if (needsRehash(user.passwordHash, params)) await store.setPasswordHash(db, user.id, await hashPassword(password, params), iso());
    const { passwordHash: _, ...account } = user;
    return Object.freeze(account);
  };

  const newToken = async (account: Account, name: string) => {
    const clean = name.trim();
    if (clean.length === 0 || clean.length > MAX_TOKEN_NAME) throw invalid('invalid_token_name', `Name the token in 1 to ${MAX_TOKEN_NAME} characters.`, [{ path: 'name', message: `1 to ${MAX_TOKEN_NAME} characters.` }]);
    const token = newApiToken();
    const id = await store.insertToken(db, { userId: account.id, name: clean, tokenHash: digest(token), now: iso() });
    return { id, token };
  };

  return {
    async register(actor, input) {
      require(actor, 'account.register', 'register while signed in');
      return create(actor, input, 'reader');
    },

    async createUser(actor, input, role) {
      require(actor, 'user.set_role', 'create accounts');
      return create(actor, input, role);
    },

    async login({ username, password, address }) {
      const account = await check(username, password, address);
      const secret = newSecret();
      const now = clock();
      const expiresAt = iso(new Date(now.getTime() + SESSION_MS));
      // Always a new session id at login: a session id planted before login is worth nothing after it.
      await store.insertSession(db, { idHash: digest(secret), userId: account.id, now: iso(now), expiresAt });
      return Object.freeze({ secret, csrfToken: csrfTokenOf(secret), account, expiresAt });
    },

    async logout(secret) {
      await store.deleteSession(db, digest(secret));
    },

    async sessionAccount(secret) {
      const now = clock();
      const idHash = digest(secret);
      const s = await store.sessionAccount(db, idHash, iso(now));
      if (!s) return undefined;
      if (now.getTime() - Date.parse(s.seenAt) > TOUCH_MS) await store.touchSession(db, idHash, iso(now), iso(new Date(now.getTime() + SESSION_MS)));
      return s.account;
    },

    async tokenAccount(token) {
      const t = await store.tokenAccount(db, digest(token));
      if (!t) return undefined;
      const now = clock();
      if (!t.lastUsedAt || now.getTime() - Date.parse(t.lastUsedAt) > 60_000) await store.markTokenUsed(db, t.tokenId, iso(now));
      return t.account;
    },

    async changePassword(actor, { current, next, sessionSecret }) {
      require(actor, 'account.manage_own', 'change a password');
      const me = self(actor);
      const problem = passwordProblem(next, 'new password');
      if (problem) throw invalid('invalid_password', problem, [{ path: 'next', message: problem }]);
      const user = await store.userById(db, me.id);
      if (!user || !(await verifyPassword(current, user.passwordHash))) throw new AppError('invalid', 'wrong_password', 'The current password is wrong.', [{ path: 'current', message: 'This is not your current password.' }]);
      const hash = await hashPassword(next, params);
      await db.transaction().execute(async (tx) => {
        await store.setPasswordHash(tx, me.id, hash, iso());
        await store.deleteOtherSessions(tx, me.id, sessionSecret ? digest(sessionSecret) : undefined);
      });
    },

    async createToken(actor, name) {
      require(actor, 'account.manage_own', 'create API tokens');
      return newToken(self(actor), name);
    },

    async createTokenWithPassword({ username, password, address, name }) {
      const account = await check(username, password, address);
      return { ...(await newToken(account, name)), account };
    },

    async tokens(actor) {
      require(actor, 'account.manage_own', 'see API tokens');
      return store.listTokens(db, self(actor).id);
    },

    async revokeToken(actor, tokenId) {
      require(actor, 'account.manage_own', 'revoke API tokens');
      if (!(await store.revokeToken(db, self(actor).id, tokenId, iso()))) throw new AppError('not_found', 'token_not_found', `You have no live token ${tokenId}.`);
    },

    async users(actor, page) {
      require(actor, 'user.list', 'list accounts');
      return store.listUsers(db, page.limit, page.offset);
    },

    async setRole(actor, username, role, reason) {
      if (!isRole(role)) throw invalid('invalid_role', `"${String(role)}" is not a role.`);
      const target = await store.userByKey(db, usernameKey(username));
      if (!target) throw new AppError('not_found', 'user_not_found', `No account "${username}".`);
      require(actor, 'user.set_role', 'change roles', target);
      if (target.role === role) return Object.freeze({ id: target.id, username: target.username, email: target.email, role, createdAt: target.createdAt });
      return db.transaction().execute(async (tx) => {
        await store.setRole(tx, target.id, role, iso());
        await store.insertAudit(tx, { actorId: actor.kind === 'user' ? actor.account.id : null, actorName: actorName(actor), action: 'user.set_role', targetType: 'user', targetId: String(target.id), reason: reason.slice(0, 1000), data: { username: target.username, from: target.role, to: role }, now: iso() });
        return Object.freeze({ id: target.id, username: target.username, email: target.email, role, createdAt: target.createdAt });
      });
    },

    async audit(actor, page) {
      require(actor, 'audit.read', 'read the audit log');
      return store.listAudit(db, page.limit, page.before);
    },

    async passkey(actor) {
      require(actor, 'account.manage_own', 'have a passkey');
      const key = await store.passkeyOf(db, self(actor).id);
      if (!key) throw new AppError('not_found', 'user_not_found', 'Your account is gone.');
      return key;
    },

    async resetPasskey(actor) {
      require(actor, 'account.manage_own', 'reset a passkey');
      const key = newPasskey();
      await store.setPasskey(db, self(actor).id, key, iso());
      return key;
    },

    accountByPasskey: (passkey) => store.userByPasskey(db, passkey),

    async purgeUser(actor, username, reason) {
      if (actor.kind !== 'system') throw forbidden('purge accounts');
      const target = await store.userByKey(db, usernameKey(username));
      if (!target) throw new AppError('not_found', 'user_not_found', `No account "${username}".`);
      await db.transaction().execute(async (tx) => {
        await store.insertAudit(tx, { actorId: null, actorName: actorName(actor), action: 'user.purge', targetType: 'user', targetId: String(target.id), reason, data: { username: target.username, role: target.role }, now: iso() });
        await store.deleteUser(tx, target.id);
      });
    },

    async maintain() {
      const now = clock();
      await store.deleteExpiredSessions(db, iso(now));
      await store.deleteOldFailures(db, iso(new Date(now.getTime() - LOGIN_WINDOW_MS)));
    },
  };
}
