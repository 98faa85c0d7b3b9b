import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SwarmCounts } from './announce.types.ts';

/** One point of a release's peers-over-time chart. */
export interface PeerSample {
  /** Start of the sampling period, ISO 8601 UTC. */
  readonly at: string;
  readonly seeders: number;
  readonly leechers: number;
}

/** Writes each release's current counts, replacing the last ones (one statement per batch, in one transaction). */
export async function saveCounts(db: Kysely<Database>, counts: ReadonlyMap<number, SwarmCounts>, now: Date): Promise<void> {
  const rows = [...counts].map(([release_id, c]) => ({ release_id, seeders: c.seeders, leechers: c.leechers, completed: c.completed, updated_at: now.toISOString() }));
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('tracker_stats')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('release_id').doUpdateSet((eb) => ({ seeders: eb.ref('excluded.seeders'), leechers: eb.ref('excluded.leechers'), completed: eb.ref('excluded.completed'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    }
  });
}

/**
 * Adds one sample per release for the period starting at `at`, and removes samples older than
 * `keepSince`. Several processes sharing swarms (Redis) sample the same period: the first row
 * of a period stands.
 */
export async function addSamples(db: Kysely<Database>, counts: ReadonlyMap<number, SwarmCounts>, at: Date, keepSince: Date): Promise<void> {
  const rows = [...counts].filter(([, c]) => c.seeders + c.leechers > 0).map(([release_id, c]) => ({ release_id, at: at.toISOString(), seeders: c.seeders, leechers: c.leechers }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx.insertInto('tracker_samples').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['release_id', 'at']).doNothing()).execute();
    }
    await trx.deleteFrom('tracker_samples').where('at', '<', keepSince.toISOString()).execute();
  });
}

/** Completed counts last written, to restore a tracker's counters at start. */
export async function loadCompleted(db: Kysely<Database>): Promise<Map<number, number>> {
  const rows = await db.selectFrom('tracker_stats').select(['release_id', 'completed']).where('completed', '>', 0).execute();
  return new Map(rows.map((r) => [r.release_id, Number(r.completed)]));
}

/** The last counts written for these releases (for a process that does not hold the swarms). */
export async function loadCounts(db: Kysely<Database>, releaseIds: readonly number[]): Promise<SwarmCounts[]> {
  if (releaseIds.length === 0) return [];
  const rows = await db.selectFrom('tracker_stats').select(['release_id', 'seeders', 'leechers', 'completed']).where('release_id', 'in', [...releaseIds]).execute();
  const byId = new Map(rows.map((r) => [r.release_id, { seeders: Number(r.seeders), leechers: Number(r.leechers), completed: Number(r.completed) }]));
  return releaseIds.map((id) => byId.get(id) ?? { seeders: 0, leechers: 0, completed: 0 });
}

/** A release's samples since `since`, oldest first. */
export async function loadSamples(db: Kysely<Database>, releaseId: number, since: Date): Promise<PeerSample[]> {
  const rows = await db.selectFrom('tracker_samples').select(['at', 'seeders', 'leechers']).where('release_id', '=', releaseId).where('at', '>=', since.toISOString()).orderBy('at').execute();
  return rows.map((r) => ({ at: r.at, seeders: Number(r.seeders), leechers: Number(r.leechers) }));
}
