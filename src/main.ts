import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import Fastify from 'fastify';
import { type AccountService, type ScryptParams, createAccountService, createPasskeyCheck } from './accounts/index.ts';
import { type CatalogService, createCatalogService, readCatalogVersion, trackedTorrents } from './catalog/index.ts';
import type { Config } from './config/config.ts';
import type { Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { loadDemo, loadDemoWiki } from './demo/demo.ts';
import { createBlobStore } from './files/blob.store.ts';
import { createServer } from './http/server.tsx';
import { sweepUploads } from './files/uploads.ts';
import { type ModerationService, createModerationService } from './moderation/index.ts';
import { type ReviewService, createReviewService } from './reviews/index.ts';
import { createSearchIndex } from './search/index.ts';
import { type SourceService, type WikiService, createCiter, createPageRenderer, createSourceService, createWikiMarkdown, createWikiService, loadStyle } from './wiki/index.ts';
import { withFastPath } from './http/fast-path.ts';
import { type TrackerRuntime, openTrackerRuntime, trackerFastPath, trackerHttpRoutes } from './tracker/index.ts';

/** A running archive's parts, for the CLI and for tests that drive it in-process. */
export interface Archive {
  readonly config: Config;
  readonly db: Db;
  readonly catalog: CatalogService;
  readonly accounts: AccountService;
  readonly reviews: ReviewService;
  readonly moderation: ModerationService;
  readonly wiki: WikiService;
  readonly sources: SourceService;
  readonly app: FastifyInstance;
  readonly logger: Logger;
  /** The built-in tracker, unless KINORA_TRACKER=0. */
  readonly tracker: TrackerRuntime | undefined;
  /** Listens on the configured HTTP port and starts the UDP tracker; resolves to the HTTP address. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ArchiveOptions {
  readonly logger?: Logger;
  readonly clock?: () => Date;
  /** Password hashing cost; only tests lower it (see src/accounts/password.ts). */
  readonly passwordParams?: ScryptParams;
}

/** Passkeys are looked up at most every 30 s per process: a reset takes effect within that time. */
const PASSKEY_CACHE = Object.freeze({ ttlMs: 30_000, max: 100_000 });

export const createLogger = (level: Config['logLevel']): Logger => pino({ level, base: { service: 'kinora' } });

/** Opens the database (migrating it), wires the modules and builds the HTTP server; the one composition root. */
export async function createArchive(config: Config, options: ArchiveOptions = {}): Promise<Archive> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  const db = openDatabase(config.database, (err) => logger.warn({ err }, 'an idle database connection failed; it was dropped from the pool'));
  try {
    const applied = await migrateToLatest(db);
    const fresh = applied.some((m) => m.migrationName === '0001-catalog' && m.status === 'Success');
    for (const m of applied) logger.info({ migration: m.migrationName, status: m.status }, 'migration');

    const search = createSearchIndex(db);
    const blobs = createBlobStore(join(config.dataDir, 'files'));
    const catalog = createCatalogService({ db: db.kysely, reader: db.reader, search, blobs, clock, cacheBytes: config.cacheBytes / 2 });

    const accounts = createAccountService({ db: db.kysely, clock, ...(options.passwordParams ? { passwordParams: options.passwordParams } : {}) });
    await accounts.maintain();
    const passkeys = createPasskeyCheck(accounts, { ...PASSKEY_CACHE, clock: () => clock().getTime() });
    const reviews = createReviewService({ db: db.kysely, clock });

    // The wiki's Markdown and citation engine are built once; rendered pages are kept per revision.
    const md = createWikiMarkdown();
    const renderer = createPageRenderer({ db: db.reader, md, citer: createCiter(loadStyle(config.citationStyle)), cacheBytes: config.cacheBytes / 4 });
    const wiki = createWikiService({ db: db.kysely, md, renderer, search, clock, filmsNamed: (names) => catalog.filmsNamed(names) });
    const sources = createSourceService({ db: db.kysely, clock, filmsCiting: (key) => catalog.filmsCiting(key) });

    const found = (p: Promise<unknown>) => p.then(() => true, () => false);
    const moderation = createModerationService({
      db: db.kysely,
      clock,
      targetExists: (actor, type, id) => (type === 'release' ? found(catalog.release(Number(id))) : type === 'review' ? reviews.exists(actor, Number(id)) : found(catalog.film(id))),
      setTakenDown: (id, down, reason, also) => catalog.setTakenDown(id, down, reason, also),
    });

    // Uploads arrive below the data folder, on the file store's file system, so storing them is a rename.
    const uploadDir = join(config.dataDir, 'uploads');
    const leftovers = await sweepUploads(uploadDir);
    if (leftovers) logger.info({ uploads: leftovers }, 'removed uploads that were cut off');
    const upkeep = await catalog.maintain();
    if (upkeep.partialFiles + upkeep.strayBlobs + upkeep.torrentsMade > 0) logger.info(upkeep, 'file store and torrents brought up to date');

    const demoLoaded = await db.kysely.selectFrom('kv').select('value').where('key', '=', 'demo_loaded').executeTakeFirst();
    if ((config.demo === 'auto' && fresh) || (config.demo === 'on' && !demoLoaded)) {
      const report = await loadDemo(catalog);
      const wikiReport = await loadDemoWiki({ wiki, sources });
      await db.kysely.insertInto('kv').values({ key: 'demo_loaded', value: clock().toISOString() }).onConflict((oc) => oc.column('key').doNothing()).execute();
      logger.info({ films: report.films, releases: report.releases }, 'demo catalog loaded');
      logger.info(wikiReport, 'demo wiki loaded');
    }

    const tracker = config.tracker.enabled
      ? await openTrackerRuntime({ config: config.tracker, db: db.kysely, source: { version: () => catalog.version(), list: () => catalog.trackedTorrents() }, logger, clock, passkeys, ...(options.clock ? {} : { nowMs: Date.now }) })
      : undefined;

    const app = await createServer({
      catalog,
      accounts,
      reviews,
      moderation,
      wiki,
      sources,
      passkeys,
      logger,
      apiToken: config.apiToken,
      publicUrl: config.publicUrl,
      blobs,
      distribution: { publicUrl: config.publicUrl, trackers: config.trackers, mirrors: config.webSeedMirrors },
      pageCacheBytes: config.cacheBytes / 2,
      uploads: { dir: uploadDir, maxFileBytes: config.uploadBytes },
      tracker,
      clock,
      ping: async () => {
        await sql`select 1`.execute(db.kysely);
      },
    });
    return Object.freeze({
      config, db, catalog, accounts, reviews, moderation, wiki, sources, app, logger, tracker,
      async listen() {
        const address = await app.listen({ port: config.port, host: config.host });
        await tracker?.startUdp(config.host);
        return address;
      },
      async close() {
        await app.close();
        await tracker?.close();
        await db.close();
      },
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** A tracker-only process (`kinora tracker`): announces and scrapes over HTTP and UDP, no pages. */
export interface TrackerProcess {
  readonly config: Config;
  readonly logger: Logger;
  readonly app: FastifyInstance;
  readonly tracker: TrackerRuntime;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens the database (migrating it, so a tracker host may be the first to reach a new one) and
 * serves the catalog's torrents; with the Redis store, several such processes and full archives
 * share swarms.
 */
export async function createTrackerProcess(config: Config, options: ArchiveOptions = {}): Promise<TrackerProcess> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  const db = openDatabase(config.database, (err) => logger.warn({ err }, 'an idle database connection failed; it was dropped from the pool'));
  try {
    await migrateToLatest(db);
    const passkeys = createPasskeyCheck(createAccountService({ db: db.kysely, clock }), { ...PASSKEY_CACHE, clock: () => clock().getTime() });
    const tracker = await openTrackerRuntime({ config: config.tracker, db: db.kysely, source: { version: () => readCatalogVersion(db.reader), list: () => trackedTorrents(db.reader) }, logger, clock, passkeys, ...(options.clock ? {} : { nowMs: Date.now }) });
    const fast = trackerFastPath({ tracker: tracker.tracker, limiter: tracker.limiter, ipHeader: config.tracker.ipHeader, logger, clock: tracker.nowMs });
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, serverFactory: withFastPath(fast) });
    trackerHttpRoutes(app, { tracker: tracker.tracker, limiter: tracker.limiter, ipHeader: config.tracker.ipHeader, clock: tracker.nowMs });
    app.get('/healthz', async (_req, reply) => {
      await sql`select 1`.execute(db.kysely);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', torrents: tracker.tracker.releases().length });
    });
    await app.ready();
    return Object.freeze({
      config, logger, app, tracker,
      async listen() {
        const address = await app.listen({ port: config.port, host: config.host });
        await tracker.startUdp(config.host);
        return address;
      },
      async close() {
        await app.close();
        await tracker.close();
        await db.close();
      },
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}
