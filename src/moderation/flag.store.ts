import type { Kysely, Transaction } from 'kysely';
import { bumpVersion, readVersion } from '../db/kv.versions.ts';
import type { Database } from '../db/schema.ts';
import type { Flag, FlagInput } from './flag.types.ts';

/** All SQL of flags. */
type Q = Kysely<Database> | Transaction<Database>;

export const FLAGS_VERSION_KEY = 'flags_version';

const row = (r: { id: number; target_type: Flag['targetType']; target_id: string; reason: string; note: string; created_at: string; status: Flag['status']; closed_at: string | null; resolution: string | null; by: string | null; closer: string | null }): Flag =>
  Object.freeze({ id: r.id, targetType: r.target_type, targetId: r.target_id, reason: r.reason as Flag['reason'], note: r.note, by: r.by, createdAt: r.created_at, status: r.status, closedBy: r.closer, closedAt: r.closed_at, resolution: r.resolution });

const selectFlags = (db: Q) =>
  db.selectFrom('flags as f').leftJoin('users as u', 'u.id', 'f.user_id').leftJoin('users as c', 'c.id', 'f.closed_by')
    .select(['f.id', 'f.target_type', 'f.target_id', 'f.reason', 'f.note', 'f.created_at', 'f.status', 'f.closed_at', 'f.resolution', 'u.username as by', 'c.username as closer']);

/** The reader's open flag on this target, if any (one at a time per reader and target). */
export const openFlagOf = async (db: Q, userId: number, type: string, id: string): Promise<number | undefined> =>
  (await db.selectFrom('flags').select('id').where('user_id', '=', userId).where('target_type', '=', type as Flag['targetType']).where('target_id', '=', id).where('status', '=', 'open').executeTakeFirst())?.id;

export async function insertFlag(db: Q, f: FlagInput & { userId: number | null; now: string }): Promise<number> {
  const r = await db.insertInto('flags').values({ target_type: f.targetType, target_id: f.targetId, reason: f.reason, note: f.note, user_id: f.userId, created_at: f.now, status: 'open', closed_by: null, closed_at: null, resolution: null }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function flagById(db: Q, id: number): Promise<Flag | undefined> {
  const r = await selectFlags(db).where('f.id', '=', id).executeTakeFirst();
  return r ? row(r) : undefined;
}

/** Open flags of the given targets (`type:id` keys). */
export async function openFlagsOf(db: Q, targets: readonly { type: Flag['targetType']; id: string }[]): Promise<Flag[]> {
  if (targets.length === 0) return [];
  const rows = await selectFlags(db).where('f.status', '=', 'open')
    .where((eb) => eb.or(targets.map((t) => eb.and([eb('f.target_type', '=', t.type), eb('f.target_id', '=', t.id)]))))
    .orderBy('f.created_at').execute();
  return rows.map(row);
}

export async function openFlags(db: Q, limit: number): Promise<Flag[]> {
  return (await selectFlags(db).where('f.status', '=', 'open').orderBy('f.created_at').orderBy('f.id').limit(limit).execute()).map(row);
}

export async function closeFlag(db: Q, id: number, status: 'resolved' | 'dismissed', by: number | null, note: string, now: string): Promise<boolean> {
  const r = await db.updateTable('flags').set({ status, closed_by: by, closed_at: now, resolution: note }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Every flag change changes this, in the same transaction: cached pages showing flags know they are stale. */
export const bumpFlagsVersion = (db: Q, now: string): Promise<void> => bumpVersion(db, FLAGS_VERSION_KEY, now);
export const readFlagsVersion = (db: Q): Promise<string> => readVersion(db, FLAGS_VERSION_KEY);
