import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { systemActor } from '../accounts/index.ts';
import type { CatalogService, ImportReport } from '../catalog/index.ts';
import { isAppError } from '../errors.ts';
import type { SourceService, WikiService } from '../wiki/index.ts';

/** The demo catalog shipped with Kinora: public-domain documentaries with small generated media files. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

/** Imports the demo catalog and its media (idempotent: records already there stay as they are). */
export async function loadDemo(catalog: CatalogService): Promise<ImportReport> {
  const doc: unknown = JSON.parse(await readFile(`${DEMO_DIR}catalog.json`, 'utf8'));
  return catalog.import(doc, { baseDir: DEMO_DIR, actor: 'demo', summary: 'Demo content' });
}

/**
 * The demo wiki's folders, in the order they are saved, and the namespace each holds: boxes first,
 * so that the articles including them render whole from their first view (demo/wiki/README.md).
 */
const WIKI_FOLDERS = Object.freeze([
  ['navboxes', 'Navbox:'],
  ['categories', 'Category:'],
  ['articles', ''],
] as const);

/** A file name that every file system keeps as written: ASCII letters, digits and `_ . , ' ( ) -`. */
const PORTABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.,'()-]*\.md$/;

export interface DemoPage {
  readonly title: string;
  readonly markup: string;
}

export interface DemoWiki {
  /** Sources as the registry takes them (CSL-JSON with a `key`), in the file's order. */
  readonly sources: readonly unknown[];
  /** Pages in the order they are saved: navigation boxes, categories, then articles and redirects by title. */
  readonly pages: readonly DemoPage[];
}

/** Reads `demo/sources.json` and the pages under `demo/wiki/`; a file name that is not portable is refused. */
export async function readDemoWiki(dir = DEMO_DIR): Promise<DemoWiki> {
  const sources: unknown = JSON.parse(await readFile(`${dir}sources.json`, 'utf8'));
  if (!Array.isArray(sources)) throw new Error(`${dir}sources.json must hold an array of sources`);
  const pages: DemoPage[] = [];
  for (const [folder, namespace] of WIKI_FOLDERS) {
    // Code-unit order, not the locale's, so that every machine saves the pages in the same order.
    const names = (await readdir(`${dir}wiki/${folder}`)).filter((n) => n.endsWith('.md')).sort();
    for (const name of names) {
      if (!PORTABLE_NAME.test(name)) throw new Error(`demo/wiki/${folder}/${name}: a page's file name may only hold A-Z a-z 0-9 _ . , ' ( ) - (see demo/wiki/README.md)`);
      const title = namespace + name.slice(0, -'.md'.length).replace(/_/g, ' ');
      pages.push({ title, markup: await readFile(`${dir}wiki/${folder}/${name}`, 'utf8') });
    }
  }
  return { sources, pages };
}

export interface DemoWikiReport {
  readonly sources: number;
  readonly pages: number;
  /** Sources and pages that were there already, left as they are. */
  readonly kept: number;
}

/** Whether a write was refused because the key or title is taken: by an earlier load, or by another process at the same moment. */
const taken = (e: unknown) => isAppError(e) && e.kind === 'conflict';

/**
 * Adds the demo's sources, then its wiki pages, as the archive itself ("demo"). Idempotent: a
 * source whose key exists and a page whose title exists (even deleted) stay as they are.
 */
export async function loadDemoWiki({ wiki, sources }: { wiki: WikiService; sources: SourceService }, dir = DEMO_DIR): Promise<DemoWikiReport> {
  const demo = await readDemoWiki(dir);
  const actor = systemActor('demo');
  let added = 0;
  let saved = 0;
  let kept = 0;
  for (const input of demo.sources) {
    try {
      await sources.create(actor, input);
      added++;
    } catch (e) {
      if (!taken(e)) throw e;
      kept++;
    }
  }
  for (const page of demo.pages) {
    try {
      await wiki.save(actor, page.title, { markup: page.markup, summary: 'Demo content', baseRevisionId: null });
      saved++;
    } catch (e) {
      if (!taken(e)) throw e;
      kept++;
    }
  }
  return Object.freeze({ sources: added, pages: saved, kept });
}
