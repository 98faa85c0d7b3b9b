import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../src/accounts/index.ts';
import { type DemoWiki, loadDemo, loadDemoWiki, readDemoWiki } from '../src/demo/demo.ts';
import { normalizeTitle } from '../src/wiki/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';

const count = async (a: TestArchive, table: 'wiki_pages' | 'wiki_revisions' | 'sources' | 'source_revisions') =>
  Number((await a.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const DEMO_FILMS = ['nanook-of-the-north', 'manhatta', 'grass', 'moana', 'the-plow-that-broke-the-plains', 'the-river', 'power-and-the-land', 'prelude-to-war', 'the-battle-of-san-pietro', 'let-there-be-light'];

/** Red links the demo leaves on purpose: none. */
const WANTED: readonly string[] = [];

describe('the demo wiki on disk', () => {
  it('names each page once, with a title the wiki accepts as written', async () => {
    const { pages } = await readDemoWiki();
    const titles = pages.map((p) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const t of titles) expect(normalizeTitle(t)?.text, t).toBe(t);
    // Boxes come before the articles that include them.
    const firstArticle = pages.findIndex((p) => !/^(Navbox|Category):/.test(p.title));
    expect(pages.slice(firstArticle).every((p) => !p.title.startsWith('Navbox:'))).toBe(true);
  });
});

describe.each(DIALECTS)('the demo wiki on $name', (dialect) => {
  let archive: TestArchive;
  let demo: DemoWiki;
  beforeAll(async () => {
    archive = await createTestArchive(dialect);
    await loadDemo(archive.catalog);
    demo = await readDemoWiki();
  });
  afterAll(async () => {
    await archive?.destroy();
  });

  it('saves every source and every page', async () => {
    const report = await loadDemoWiki(archive);
    expect(report).toEqual({ sources: demo.sources.length, pages: demo.pages.length, kept: 0 });
    for (const p of demo.pages) expect((await archive.wiki.latest(p.title))?.markup, p.title).toBe(p.markup);
    expect(await count(archive, 'sources')).toBe(demo.sources.length);
  });

  it('changes nothing when loaded again', async () => {
    const before = await Promise.all([count(archive, 'wiki_pages'), count(archive, 'wiki_revisions'), count(archive, 'sources'), count(archive, 'source_revisions'), archive.wiki.version()]);
    const report = await loadDemoWiki(archive);
    expect(report).toEqual({ sources: 0, pages: 0, kept: demo.sources.length + demo.pages.length });
    const after = await Promise.all([count(archive, 'wiki_pages'), count(archive, 'wiki_revisions'), count(archive, 'sources'), count(archive, 'source_revisions'), archive.wiki.version()]);
    expect(after).toEqual(before);
  });

  it('renders every page with no problems and leaves no red links', async () => {
    for (const p of demo.pages) {
      const view = await archive.wiki.view(ANONYMOUS, p.title, { follow: false });
      expect(view.problems, p.title).toEqual([]);
      expect(view.html, p.title).not.toContain('class="new"');
    }
    expect((await archive.wiki.wantedPages()).map((w) => w.title)).toEqual(WANTED);
    expect(await archive.sources.problems()).toEqual([]);
  });

  it('stores every source complete and cited', async () => {
    for (const s of demo.sources) {
      const key = (s as { key: string }).key;
      const got = await archive.sources.get(key);
      expect(got.problems, key).toEqual([]);
      expect(got.citedBy.length, `${key} is cited by no page`).toBeGreaterThan(0);
    }
  });

  it('covers only films of the demo catalog, and every one of them', async () => {
    for (const p of demo.pages) {
      const view = await archive.wiki.view(ANONYMOUS, p.title, { follow: false });
      for (const f of view.frontMatter?.films ?? []) expect(DEMO_FILMS, `${p.title} names ${f.film}`).toContain(f.film);
    }
    for (const slug of DEMO_FILMS) expect((await archive.wiki.articlesCovering(slug)).length, slug).toBeGreaterThan(0);
  });

  it("finds articles by the names of a film's subjects, people and places", async () => {
    const f = await archive.catalog.film('nanook-of-the-north');
    const names = [...f.subjects.map((s) => s.name), ...f.credits.map((c) => c.person.name), ...f.appearances.map((a) => a.person.name), ...f.places.map((p) => p.name)];
    const named = await archive.wiki.articlesNamed(names);
    expect(named.get('Robert J. Flaherty')).toBe('Robert J. Flaherty');
    expect(named.get('Ethnographic film')).toBe('Ethnographic film');
    expect(named.get('Inukjuak (Port Harrison), Quebec')).toBe('Inukjuak');
    // And the other way: the article lists the films on its subject.
    const view = await archive.wiki.view(ANONYMOUS, 'Flaherty');
    expect(view.title).toBe('Robert J. Flaherty');
    expect(view.redirectedFrom).toBe('Flaherty');
    expect(view.films.map((c) => c.film)).toEqual(expect.arrayContaining(['nanook-of-the-north', 'moana']));
  });

  it("shows the background links on the film's page", async () => {
    const res = await archive.app.inject({ method: 'GET', url: '/films/nanook-of-the-north' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Background in the wiki');
    expect(res.body).toContain('href="/wiki/Robert_J._Flaherty"');
    expect(res.body).toContain('href="/wiki/Inukjuak"');
    const article = await archive.app.inject({ method: 'GET', url: '/wiki/Robert_J._Flaherty' });
    expect(article.statusCode).toBe(200);
    expect(article.body).toContain('Barnouw');
  });

  it('lets the demo films cite sources of the demo registry, every key known', async () => {
    for (const f of (await archive.catalog.export()).films ?? []) {
      for (const c of f.sources ?? []) expect(demo.sources.map((s) => (s as { key: string }).key), `${f.slug} cites ${c.key}`).toContain(c.key);
    }
    const barnouw = await archive.sources.get('barnouw1993');
    expect(barnouw.films.map((f) => f.slug)).toEqual(['nanook-of-the-north', 'moana']);
    const page = await archive.app.inject({ method: 'GET', url: '/films/nanook-of-the-north' });
    expect(page.body).toContain('href="/sources/barnouw1993"');
    expect(page.body).not.toContain('no such source in the registry');
  });
});
