import type { Kysely } from 'kysely';
import { type Actor, actorName, refusal, writeAudit } from '../accounts/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { type CslItem, type Source, parseSource, sourceProblems } from './source.parse.ts';
import * as store from './source.store.ts';
import { canWiki } from './wiki.policy.ts';
import { bumpWikiVersion } from './wiki.store.ts';

/** A source as its page and the API show it. */
export interface SourceEntry {
  readonly key: string;
  readonly item: CslItem;
  readonly problems: readonly string[];
  readonly unreliable: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A film whose catalog record cites a source, with what the record takes from it. */
export interface CitingFilm {
  readonly slug: string;
  readonly title: string;
  readonly year: number;
  readonly note: string | null;
}

export interface SourceDetail extends SourceEntry {
  /** Live pages whose latest revision cites the source. */
  readonly citedBy: readonly string[];
  /** Films whose catalog record cites the source. */
  readonly films: readonly CitingFilm[];
  readonly revisions: readonly { readonly number: number; readonly item: CslItem; readonly authorName: string; readonly createdAt: string }[];
}

/** The registry of sources articles and film records cite: each kept as CSL-JSON, every edit a revision, unreliable ones marked by moderators. */
export interface SourceService {
  list(o?: { limit?: number; offset?: number }): Promise<{ sources: (SourceEntry & { citedBy: number })[]; total: number }>;
  get(key: string): Promise<SourceDetail>;
  /** The registered sources among these keys (a key with no source is left out), for pages that cite them. */
  byKeys(keys: readonly string[]): Promise<SourceEntry[]>;
  /** Adds a source; a key already taken is a conflict. */
  create(actor: Actor, input: unknown): Promise<SourceEntry>;
  /** Replaces a source's data (its key stays); the old data stays in its history. */
  update(actor: Actor, key: string, input: unknown): Promise<SourceEntry>;
  /** Moderators mark a source unreliable (with the reason articles show) or clear the mark with null. */
  setUnreliable(actor: Actor, key: string, reason: string | null): Promise<SourceEntry>;
  /** Cited keys of live pages with a problem: no such source, an incomplete one, an unreliable one. */
  problems(): Promise<{ title: string; key: string; problems: string; unreliable: string | null; missing: boolean }[]>;
}

const entry = (r: store.SourceRow): SourceEntry => Object.freeze({ key: r.key, item: r.item, problems: r.problems, unreliable: r.unreliableReason, createdAt: r.createdAt, updatedAt: r.updatedAt });

export interface SourceDeps {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  /** The films whose record cites a key: the catalog's, wired in main.ts (the wiki does not read the catalog's tables). */
  readonly filmsCiting?: (key: string) => Promise<readonly CitingFilm[]>;
}

export function createSourceService({ db, clock, filmsCiting = async () => [] }: SourceDeps): SourceService {
  const iso = () => clock().toISOString();
  const byKey = async (key: string) => {
    const r = await store.sourceByKey(db, key);
    if (!r) throw notFound('source', key);
    return r;
  };
  const authorOf = (actor: Actor) => ({ authorId: actor.kind === 'user' ? actor.account.id : null, authorName: actorName(actor) });

  const service: SourceService = {
    async list(o = {}) {
      const { rows, total } = await store.listSources(db, Math.min(o.limit ?? 100, 1000), o.offset ?? 0);
      return { sources: rows.map((r) => ({ ...entry(r), citedBy: r.citedBy })), total };
    },

    async get(key) {
      const r = await byKey(key);
      const [citedBy, films, revisions] = await Promise.all([store.pagesCiting(db, key), filmsCiting(key), store.sourceRevisions(db, r.id)]);
      return Object.freeze({ ...entry(r), citedBy, films: films.map((f) => Object.freeze({ slug: f.slug, title: f.title, year: f.year, note: f.note })), revisions });
    },

    async byKeys(keys) {
      return keys.length ? (await store.sourcesByKeys(db, [...new Set(keys)])).map(entry) : [];
    },

    async create(actor, input) {
      if (!canWiki(actor, 'wiki.edit')) throw refusal(actor, 'add sources');
      const source: Source = parseSource(input);
      const problems = sourceProblems(source);
      const now = iso();
      await db.transaction().execute(async (tx) => {
        const id = await store.insertSource(tx, { key: source.key, item: source.item, problems, now });
        if (id === undefined) throw new AppError('conflict', 'source_key_taken', `A source with the key "${source.key}" exists already.`, [{ path: 'key', message: 'is taken' }]);
        await store.addSourceRevision(tx, { sourceId: id, item: source.item, ...authorOf(actor), now });
        // Articles that cited the key before it existed now have their bibliography.
        await bumpWikiVersion(tx, now);
      });
      return entry((await store.sourceByKey(db, source.key))!);
    },

    async update(actor, key, input) {
      if (!canWiki(actor, 'wiki.edit')) throw refusal(actor, 'edit sources');
      const current = await byKey(key);
      const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : input;
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
        const b = body as Record<string, unknown>;
        if (b.key !== undefined && b.key !== key) throw invalid('source_key_fixed', 'A source keeps its key: articles cite it by that key.', [{ path: 'key', message: 'cannot change' }]);
        b.key = key;
      }
      const source = parseSource(body);
      const now = iso();
      await db.transaction().execute(async (tx) => {
        await store.updateSource(tx, current.id, { item: source.item, problems: sourceProblems(source), now });
        await store.addSourceRevision(tx, { sourceId: current.id, item: source.item, ...authorOf(actor), now });
        await bumpWikiVersion(tx, now);
      });
      return entry((await store.sourceByKey(db, key))!);
    },

    async setUnreliable(actor, key, reason) {
      if (!canWiki(actor, 'wiki.moderate')) throw refusal(actor, 'mark sources unreliable');
      const current = await byKey(key);
      const why = reason === null ? null : reason.replace(/\s+/g, ' ').trim().slice(0, 500);
      if (why === '') throw invalid('reason_required', 'Say why the source is unreliable; articles citing it show the reason.', [{ path: 'reason', message: 'Give a reason.' }]);
      const now = iso();
      const { authorId, authorName } = authorOf(actor);
      await db.transaction().execute(async (tx) => {
        await store.setUnreliable(tx, current.id, why, now);
        await writeAudit(tx, { actorId: authorId, actorName: authorName, action: why === null ? 'source.reliable' : 'source.unreliable', targetType: 'source', targetId: key, reason: why ?? '', data: {}, now });
        await bumpWikiVersion(tx, now);
      });
      return entry((await store.sourceByKey(db, key))!);
    },

    problems: () => store.citationProblems(db),
  };
  return Object.freeze(service);
}
