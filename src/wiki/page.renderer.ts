import type { Kysely } from 'kysely';
import type MarkdownIt from 'markdown-it';
import { VersionedCache } from '../cache/versioned-cache.ts';
import type { Database } from '../db/schema.ts';
import type { Citer } from './cite/citer.ts';
import { type ParsedArticle, parseArticle } from './markup/article.parse.ts';
import { type RenderProblem, type SourceView, renderArticle } from './markup/article.render.ts';
import * as sources from './source.store.ts';
import * as store from './wiki.store.ts';

/** A revision rendered, with what parsing it found. */
export interface RenderedPage {
  readonly parsed: ParsedArticle;
  readonly html: string;
  readonly problems: readonly RenderProblem[];
}

/** Renders revisions with what they depend on (page states, sources, navigation boxes), keeping each rendering for as long as those stay the same. */
export interface PageRenderer {
  /** A stored revision: rendered once per version of the wiki's structure, then served from memory. */
  revision(revisionId: number, title: string, markup: string): Promise<RenderedPage>;
  /** Text that is not stored (a preview): rendered each time. */
  preview(title: string, markup: string): Promise<RenderedPage>;
}

/** A navigation box is itself rendered from its page; boxes inside boxes are not expanded. */
const NAVBOX_DEPTH = 1;

export function createPageRenderer({ db, md, citer, cacheBytes }: { db: Kysely<Database>; md: MarkdownIt; citer: Citer; cacheBytes: number }): PageRenderer {
  const cache = new VersionedCache<RenderedPage>(cacheBytes, (p) => p.html.length * 2 + p.parsed.plainText.length * 4);

  const render = async (title: string, parsed: ParsedArticle, depth: number): Promise<RenderedPage> => {
    const [states, rows, navboxes] = await Promise.all([
      store.pageStates(db, parsed.links),
      sources.sourcesByKeys(db, parsed.citeKeys),
      depth < NAVBOX_DEPTH ? boxes(parsed.navboxes, depth + 1) : Promise.resolve(new Map<string, string>()),
    ]);
    const views = new Map<string, SourceView>(rows.map((s) => [s.key, { key: s.key, csl: { ...s.item, id: s.key }, unreliable: s.unreliableReason, problems: s.problems }]));
    const out = renderArticle(md, parsed, { self: title, pageState: (t) => states.get(t) ?? 'missing', sources: views, navboxes, citer });
    return { parsed, html: out.html, problems: out.problems };
  };

  const boxes = async (titles: readonly string[], depth: number): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    for (const t of titles) {
      const page = await store.pageByTitle(db, t);
      if (!page || page.deletedAt || page.latestRevisionId === null) continue;
      const rev = await store.revisionById(db, page.latestRevisionId);
      if (!rev) continue;
      out.set(t, (await render(t, parseArticle(md, rev.markup), depth)).html);
    }
    return out;
  };

  const renderer: PageRenderer = {
    async revision(revisionId, title, markup) {
      const build = async () => render(title, parseArticle(md, markup), 0);
      if (!cache.enabled) return build();
      return cache.get(`${revisionId}|${title}`, await store.readWikiVersion(db), build);
    },
    preview: async (title, markup) => render(title, parseArticle(md, markup), 0),
  };
  return Object.freeze(renderer);
}
