import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import { type CatalogService, createCatalogService } from './catalog/index.ts';
import type { Config } from './config/config.ts';
import type { Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { loadDemo } from './demo/demo.ts';
import { createBlobStore } from './files/blob.store.ts';
import { createServer } from './http/server.tsx';
import { createSearchIndex } from './search/index.ts';

/** A running archive's parts, for the CLI and for tests that drive it in-process. */
export interface Archive {
  readonly config: Config;
  readonly db: Db;
  readonly catalog: CatalogService;
  readonly app: FastifyInstance;
  readonly logger: Logger;
  close(): Promise<void>;
}

export interface ArchiveOptions {
  readonly logger?: Logger;
  readonly clock?: () => Date;
}

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

    const upkeep = await catalog.maintain();
    if (upkeep.partialFiles + upkeep.strayBlobs + upkeep.torrentsMade > 0) logger.info(upkeep, 'file store and torrents brought up to date');

    const demoLoaded = await db.kysely.selectFrom('kv').select('value').where('key', '=', 'demo_loaded').executeTakeFirst();
    if ((config.demo === 'auto' && fresh) || (config.demo === 'on' && !demoLoaded)) {
      const report = await loadDemo(catalog);
      await db.kysely.insertInto('kv').values({ key: 'demo_loaded', value: clock().toISOString() }).onConflict((oc) => oc.column('key').doNothing()).execute();
      logger.info({ films: report.films, releases: report.releases }, 'demo catalog loaded');
    }

    const app = await createServer({
      catalog,
      logger,
      apiToken: config.apiToken,
      publicUrl: config.publicUrl,
      blobs,
      distribution: { publicUrl: config.publicUrl, trackers: config.trackers, mirrors: config.webSeedMirrors },
      pageCacheBytes: config.cacheBytes / 2,
      ping: async () => {
        await sql`select 1`.execute(db.kysely);
      },
    });
    return Object.freeze({
      config, db, catalog, app, logger,
      async close() {
        await app.close();
        await db.close();
      },
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}
