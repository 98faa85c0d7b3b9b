import type { Kysely, Transaction } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
import type { Account, AuditEntry, Role, TokenSummary } from './account.types.ts';

/** All SQL of accounts, sessions, tokens, failed logins and the audit log. */
type Q = Kysely<Database> | Transaction<Database>;

const toAccount = (r: Pick<UsersTable, 'username' | 'email' | 'role' | 'created_at'> & { id: number }): Account =>
  Object.freeze({ id: r.id, username: r.username, email: r.email, role: r.role, createdAt: r.created_at });

const ACCOUNT_COLUMNS = ['users.id', 'users.username', 'users.email', 'users.role', 'users.created_at'] as const;

export interface NewUser {
  readonly username: string;
  readonly usernameKey: string;
  readonly email: string | null;
  readonly passwordHash: string;
  readonly role: Role;
  readonly passkey: string;
  readonly now: string;
}

/** Inserts an account; undefined when the name is taken (the unique key decides, so two racing registrations cannot both win). */
export async function insertUser(db: Q, u: NewUser): Promise<Account | undefined> {
  const row = await db
    .insertInto('users')
    .values({ username: u.username, username_key: u.usernameKey, email: u.email, password_hash: u.passwordHash, role: u.role, passkey: u.passkey, created_at: u.now, updated_at: u.now })
    .onConflict((oc) => oc.column('username_key').doNothing())
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function userByKey(db: Q, key: string): Promise<(Account & { readonly passwordHash: string }) | undefined> {
  const r = await db.selectFrom('users').select([...ACCOUNT_COLUMNS, 'users.password_hash']).where('username_key', '=', key).executeTakeFirst();
  return r ? Object.freeze({ ...toAccount(r), passwordHash: r.password_hash }) : undefined;
}

export async function userById(db: Q, id: number): Promise<(Account & { readonly passwordHash: string }) | undefined> {
  const r = await db.selectFrom('users').select([...ACCOUNT_COLUMNS, 'users.password_hash']).where('id', '=', id).executeTakeFirst();
  return r ? Object.freeze({ ...toAccount(r), passwordHash: r.password_hash }) : undefined;
}

export async function userByPasskey(db: Q, passkey: string): Promise<Account | undefined> {
  const r = await db.selectFrom('users').select(ACCOUNT_COLUMNS).where('passkey', '=', passkey).executeTakeFirst();
  return r ? toAccount(r) : undefined;
}

export async function passkeyOf(db: Q, userId: number): Promise<string | undefined> {
  return (await db.selectFrom('users').select('passkey').where('id', '=', userId).executeTakeFirst())?.passkey;
}

export async function setPasskey(db: Q, userId: number, passkey: string, now: string): Promise<void> {
  await db.updateTable('users').set({ passkey, updated_at: now }).where('id', '=', userId).execute();
}

export async function listUsers(db: Q, limit: number, offset: number): Promise<{ users: Account[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.selectFrom('users').select(ACCOUNT_COLUMNS).orderBy('username_key').limit(limit).offset(offset).execute(),
    db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { users: rows.map(toAccount), total: Number(total.n) };
}

export const countAdmins = async (db: Q): Promise<number> =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow()).n);

export async function setPasswordHash(db: Q, userId: number, hash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', userId).execute();
}

export async function setRole(db: Q, userId: number, role: Role, now: string): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: now }).where('id', '=', userId).execute();
}

// Sessions

export async function insertSession(db: Q, s: { idHash: string; userId: number; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ id_hash: s.idHash, user_id: s.userId, created_at: s.now, seen_at: s.now, expires_at: s.expiresAt }).execute();
}

/** The account of a live session, with when the session was last marked as seen. */
export async function sessionAccount(db: Q, idHash: string, now: string): Promise<{ account: Account; seenAt: string } | undefined> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...ACCOUNT_COLUMNS, 'sessions.seen_at'])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return r ? { account: toAccount(r), seenAt: r.seen_at } : undefined;
}

export async function touchSession(db: Q, idHash: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ seen_at: now, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Q, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of an account but `keep` (after a password change, elsewhere signed-in browsers are signed out). */
export async function deleteOtherSessions(db: Q, userId: number, keep: string | undefined): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id_hash', '!=', keep);
  await q.execute();
}

export async function deleteExpiredSessions(db: Q, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// API tokens

export async function insertToken(db: Q, t: { userId: number; name: string; tokenHash: string; now: string }): Promise<number> {
  const r = await db.insertInto('api_tokens').values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.now }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function tokenAccount(db: Q, tokenHash: string): Promise<{ account: Account; tokenId: number; lastUsedAt: string | null } | undefined> {
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...ACCOUNT_COLUMNS, 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  return r ? { account: toAccount(r), tokenId: r.token_id, lastUsedAt: r.last_used_at } : undefined;
}

export async function markTokenUsed(db: Q, tokenId: number, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function listTokens(db: Q, userId: number): Promise<TokenSummary[]> {
  const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).orderBy('id', 'desc').execute();
  return rows.map((r) => Object.freeze({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one of the user's tokens; false when the user has no such live token. */
export async function revokeToken(db: Q, userId: number, tokenId: number, now: string): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// Failed logins

export async function recordFailures(db: Q, keys: readonly string[], at: string): Promise<void> {
  await db.insertInto('login_failures').values(keys.map((key) => ({ key, at }))).execute();
}

/** Failures per key since `since`, for the keys asked about. */
export async function countFailures(db: Q, keys: readonly string[], since: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('login_failures').select(['key', (eb) => eb.fn.countAll<number>().as('n')]).where('key', 'in', keys).where('at', '>', since).groupBy('key').execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

export async function clearFailures(db: Q, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

export async function deleteOldFailures(db: Q, before: string): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<=', before).execute();
}

// Audit log

export interface NewAuditEntry {
  readonly actorId: number | null;
  readonly actorName: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly reason: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly now: string;
}

export async function insertAudit(db: Q, e: NewAuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({ actor_id: e.actorId, actor_name: e.actorName, action: e.action, target_type: e.targetType, target_id: e.targetId, reason: e.reason, data: JSON.stringify(e.data), created_at: e.now }).execute();
}

/** The newest entries first, `before` an id for the next page. */
export async function listAudit(db: Q, limit: number, before?: number): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
  if (before !== undefined) q = q.where('id', '<', before);
  return (await q.execute()).map((r) =>
    Object.freeze({ id: r.id, actor: r.actor_name, action: r.action, targetType: r.target_type, targetId: r.target_id, reason: r.reason, data: JSON.parse(r.data) as Record<string, unknown>, createdAt: r.created_at }),
  );
}

export async function deleteUser(db: Q, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}
