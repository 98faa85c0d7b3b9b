import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CatalogService, ImportReport } from '../catalog/index.ts';

/** The demo catalog shipped with Kinora: public-domain documentaries with small generated media files. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

/** Imports the demo catalog and its media (idempotent: records already there stay as they are). */
export async function loadDemo(catalog: CatalogService): Promise<ImportReport> {
  const doc: unknown = JSON.parse(await readFile(`${DEMO_DIR}catalog.json`, 'utf8'));
  return catalog.import(doc, { baseDir: DEMO_DIR, actor: 'demo', summary: 'Demo content' });
}
