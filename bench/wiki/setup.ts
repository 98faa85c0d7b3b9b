/**
 * Builds the wiki benchmark's archive in a data folder: 50 sources, 20 linked pages, and the
 * article (50 footnoted citations, 20 links), through the same services the API uses.
 *   tsx bench/wiki/setup.ts <data-dir>
 */
import pino from 'pino';
import { systemActor } from '../../src/accounts/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createArchive } from '../../src/main.ts';
import { benchArticle, benchSource } from './article.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: setup.ts <data-dir>');
const archive = await createArchive(loadConfig({ KINORA_DATA_DIR: dataDir, KINORA_DEMO: '0', KINORA_LOG_LEVEL: 'warn' }), { logger: pino({ level: 'warn' }) });
const actor = systemActor('bench');
for (let i = 1; i <= 50; i++) await archive.sources.create(actor, benchSource(i));
for (let i = 1; i <= 20; i += 2) await archive.wiki.save(actor, `Linked page ${i}`, { markup: `Page ${i}.`, baseRevisionId: null });
await archive.wiki.save(actor, 'Benchmark article', { markup: benchArticle({ sources: 50, links: 20, paragraphs: 50 }), baseRevisionId: null });
await archive.close();
console.log('/wiki/Benchmark_article');
