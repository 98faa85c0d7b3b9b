import { type Kysely, type Transaction, sql } from 'kysely';
import { bumpVersion, readVersion } from '../db/kv.versions.ts';
import type { Database } from '../db/schema.ts';
import type { ReviewInput, ReviewSort } from './review.types.ts';

/** All SQL of reviews, their revisions and votes. */
type Q = Kysely<Database> | Transaction<Database>;

export const REVIEWS_VERSION_KEY = 'reviews_version';

export interface ReviewRow {
  readonly id: number;
  readonly filmSlug: string;
  readonly authorId: number;
  readonly author: string;
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  readonly spoilers: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly hiddenAt: string | null;
  readonly hiddenReason: string | null;
  readonly edits: number;
  readonly helpful: number;
  readonly notHelpful: number;
  readonly myVote: number | null;
}

export const filmIdOf = async (db: Q, slug: string): Promise<number | undefined> =>
  (await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst())?.id;

export const ownReviewId = async (db: Q, filmId: number, userId: number): Promise<number | undefined> =>
  (await db.selectFrom('reviews').select('id').where('film_id', '=', filmId).where('user_id', '=', userId).executeTakeFirst())?.id;

export async function insertReview(db: Q, r: ReviewInput & { filmId: number; userId: number; now: string }): Promise<number | undefined> {
  const row = await db
    .insertInto('reviews')
    .values({ film_id: r.filmId, user_id: r.userId, rating: r.rating, title: r.title, body: r.body, spoilers: r.spoilers ? 1 : 0, created_at: r.now, updated_at: r.now, hidden_at: null, hidden_reason: null })
    .onConflict((oc) => oc.columns(['film_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function updateReview(db: Q, id: number, r: ReviewInput, now: string): Promise<void> {
  await db.updateTable('reviews').set({ rating: r.rating, title: r.title, body: r.body, spoilers: r.spoilers ? 1 : 0, updated_at: now }).where('id', '=', id).execute();
}

/** Appends the review as it now stands to its history. */
export async function addRevision(db: Q, id: number, r: ReviewInput, now: string): Promise<void> {
  const last = await db.selectFrom('review_revisions').select((eb) => eb.fn.max<number>('number').as('n')).where('review_id', '=', id).executeTakeFirst();
  await db.insertInto('review_revisions').values({ review_id: id, number: Number(last?.n ?? 0) + 1, rating: r.rating, title: r.title, body: r.body, spoilers: r.spoilers ? 1 : 0, created_at: now }).execute();
}

export async function revisions(db: Q, id: number): Promise<(ReviewInput & { number: number; createdAt: string })[]> {
  const rows = await db.selectFrom('review_revisions').selectAll().where('review_id', '=', id).orderBy('number', 'desc').execute();
  return rows.map((r) => ({ number: r.number, rating: r.rating, title: r.title, body: r.body, spoilers: r.spoilers === 1, createdAt: r.created_at }));
}

export const reviewMeta = async (db: Q, id: number): Promise<{ id: number; filmId: number; authorId: number; hidden: boolean } | undefined> => {
  const r = await db.selectFrom('reviews').select(['id', 'film_id', 'user_id', 'hidden_at']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, filmId: r.film_id, authorId: r.user_id, hidden: r.hidden_at !== null } : undefined;
};

export async function setHidden(db: Q, id: number, at: string | null, reason: string | null): Promise<void> {
  await db.updateTable('reviews').set({ hidden_at: at, hidden_reason: reason }).where('id', '=', id).execute();
}

export async function upsertVote(db: Q, reviewId: number, userId: number, helpful: boolean, now: string): Promise<void> {
  const h = helpful ? 1 : 0;
  await db.insertInto('review_votes').values({ review_id: reviewId, user_id: userId, helpful: h, created_at: now })
    .onConflict((oc) => oc.columns(['review_id', 'user_id']).doUpdateSet({ helpful: h, created_at: now })).execute();
}

export async function deleteVote(db: Q, reviewId: number, userId: number): Promise<void> {
  await db.deleteFrom('review_votes').where('review_id', '=', reviewId).where('user_id', '=', userId).execute();
}

/**
 * A film's reviews with their vote counts and the viewer's vote. `hidden`: 'none' leaves hidden
 * reviews out, 'own' keeps the viewer's own, 'all' keeps every one (moderators).
 */
export async function listReviews(db: Q, q: { filmId: number; viewerId: number | null; hidden: 'none' | 'own' | 'all'; sort: ReviewSort; limit: number; offset: number; only?: number }): Promise<ReviewRow[]> {
  const viewer = q.viewerId ?? -1;
  let query = db
    .selectFrom('reviews as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('films as f', 'f.id', 'r.film_id')
    .select([
      'r.id', 'f.slug', 'r.user_id', 'u.username', 'r.rating', 'r.title', 'r.body', 'r.spoilers', 'r.created_at', 'r.updated_at', 'r.hidden_at', 'r.hidden_reason',
      sql<number>`(select count(*) from review_revisions x where x.review_id = r.id)`.as('revs'),
      sql<number>`(select count(*) from review_votes v where v.review_id = r.id and v.helpful = 1)`.as('up'),
      sql<number>`(select count(*) from review_votes v where v.review_id = r.id and v.helpful = 0)`.as('down'),
      sql<number | null>`(select v.helpful from review_votes v where v.review_id = r.id and v.user_id = ${viewer})`.as('mine'),
    ])
    .where('r.film_id', '=', q.filmId);
  if (q.only !== undefined) query = query.where('r.id', '=', q.only);
  if (q.hidden === 'none') query = query.where('r.hidden_at', 'is', null);
  if (q.hidden === 'own') query = query.where((eb) => eb.or([eb('r.hidden_at', 'is', null), eb('r.user_id', '=', viewer)]));
  const ordered =
    q.sort === 'newest' ? query.orderBy('r.created_at', 'desc')
    : q.sort === 'rating' ? query.orderBy('r.rating', 'desc').orderBy('r.created_at', 'desc')
    // Most helpful: net votes, then the better-supported, then the newest.
    : query.orderBy(sql`(select coalesce(sum(case when v.helpful = 1 then 1 else -1 end), 0) from review_votes v where v.review_id = r.id)`, 'desc').orderBy('r.created_at', 'desc');
  const rows = await ordered.orderBy('r.id', 'desc').limit(q.limit).offset(q.offset).execute();
  return rows.map((r) => ({
    id: r.id, filmSlug: r.slug, authorId: r.user_id, author: r.username, rating: r.rating, title: r.title, body: r.body, spoilers: Number(r.spoilers) === 1,
    createdAt: r.created_at, updatedAt: r.updated_at, hiddenAt: r.hidden_at, hiddenReason: r.hidden_reason,
    edits: Math.max(0, Number(r.revs) - 1), helpful: Number(r.up), notHelpful: Number(r.down), myVote: r.mine === null || r.mine === undefined ? null : Number(r.mine),
  }));
}

export async function ratingSummary(db: Q, filmId: number): Promise<{ count: number; average: number | null }> {
  const r = await db.selectFrom('reviews').select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.avg<number>('rating').as('avg')]).where('film_id', '=', filmId).where('hidden_at', 'is', null).executeTakeFirstOrThrow();
  const count = Number(r.n);
  return { count, average: count ? Number(r.avg) : null };
}

/** Every review write changes this, in the same transaction: film pages cached by any process know they are stale. */
export const bumpReviewsVersion = (db: Q, now: string): Promise<void> => bumpVersion(db, REVIEWS_VERSION_KEY, now);
export const readReviewsVersion = (db: Q): Promise<string> => readVersion(db, REVIEWS_VERSION_KEY);

export async function deleteReview(db: Q, id: number): Promise<boolean> {
  const r = await db.deleteFrom('reviews').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
