import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { multipart } from './support/multipart.ts';
import { type Browser, signIn } from './support/sessions.ts';

/**
 * Importing a MediaWiki export through the API and the browser's form, on every dialect: pages with
 * their history, sources from citation templates, the report of what was not converted, imports
 * repeated and continued, and bad exports refused without a write.
 */

const FIXTURE = readFileSync(new URL('./fixtures/mediawiki/export-0.11.xml', import.meta.url), 'utf8');
type Table = 'wiki_pages' | 'wiki_revisions' | 'sources' | 'source_revisions' | 'wiki_links' | 'wiki_categories' | 'audit_log';
const TABLES: readonly Table[] = ['wiki_pages', 'wiki_revisions', 'sources', 'source_revisions', 'wiki_links', 'wiki_categories', 'audit_log'];

/** The fixture with one more revision of Dust Bowl, as a later export of the same wiki has it. */
const LATER = FIXTURE.replace(/(<title>Dust_Bowl<\/title>[\s\S]*?)(\n {2}<\/page>)/, `$1
    <revision>
      <id>204</id>
      <parentid>203</parentid>
      <timestamp>2022-01-15T10:00:00Z</timestamp>
      <contributor><username>Prairie Reader</username><id>1002</id></contributor>
      <comment>the 1935 storms</comment>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text xml:space="preserve">The '''Dust Bowl''' was a period of severe dust storms on the [[Great Plains]] in the 1930s, worst on "Black Sunday", 14 April 1935.</text>
    </revision>$2`);

describe.each(DIALECTS)('importing a MediaWiki export on $name', (dialect) => {
  let archive: TestArchive;
  let mod: Browser;
  let writer: Browser;
  beforeAll(async () => {
    archive = await createTestArchive(dialect);
    [mod, writer] = [await signIn(archive, 'moderator'), await signIn(archive, 'contributor')];
  });
  afterAll(async () => {
    await archive?.destroy();
  });

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await archive.db.kysely.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return out;
  };
  const post = (xml: string | Buffer, o: { as?: Browser | null; type?: string; dryRun?: boolean } = {}) => archive.app.inject({
    method: 'POST', url: `/api/v1/wiki/import${o.dryRun ? '?dryRun=true' : ''}`, payload: xml,
    headers: { 'content-type': o.type ?? 'application/xml', ...(o.as === null ? {} : { authorization: `Bearer ${(o.as ?? mod).token}` }) },
  });
  const get = (url: string) => archive.app.inject({ method: 'GET', url });

  it('reports in a dry run what importing would do, and writes nothing', async () => {
    const before = await counts();
    const res = await post(FIXTURE, { dryRun: true });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.dryRun).toBe(true);
    expect(report.siteName).toBe('Kinora Test Wiki');
    expect(report.pages.map((p: { title: string; status: string; revisions: number }) => [p.title, p.status, p.revisions])).toEqual([
      ['Nanook of the North', 'created', 3], ['Dust Bowl', 'created', 2], ['Marshall Plan films', 'created', 2], ['Nanook', 'created', 1], ['Category:Documentary films', 'created', 1],
    ]);
    expect(report.totals).toEqual({ pages: 5, revisions: 9, sources: 4, unconverted: 7 });
    expect(await counts()).toEqual(before);
    expect((await get('/api/v1/wiki/Nanook_of_the_North')).statusCode).toBe(404);
  });

  it('imports the articles, the redirect and the category with their history, authors and times', async () => {
    const res = await post(FIXTURE);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.dryRun).toBe(false);
    expect(report.totals).toEqual({ pages: 5, revisions: 9, sources: 4, unconverted: 7 });
    // What was not converted is said per page, for a person to finish.
    const nanook = report.pages.find((p: { title: string }) => p.title === 'Nanook of the North');
    expect(nanook.unconverted).toEqual(['template {{Infobox film}} dropped', 'file [[File:Nanook of the north.jpg]] dropped', "language link [[fr:Nanouk l'Esquimau]] dropped"]);
    expect(nanook.sources).toEqual({ created: ['barnouw1993', 'nationalnd'], existing: [], refused: [] });
    expect(report.skipped.map((s: { title: string }) => s.title)).toEqual(['Talk:Nanook of the North', 'File:Nanook of the north.jpg', 'Template:Infobox film']);

    const history = (await get('/api/v1/wiki/Nanook_of_the_North/revisions')).json();
    expect(history.revisions.map((r: { author: string; createdAt: string; summary: string; imported: boolean }) => [r.author, r.createdAt, r.summary, r.imported])).toEqual([
      ['Archivist', '2021-04-10T08:02:55.000Z', 'production, releases, references', true],
      ['192.0.2.7', '2021-03-05T17:40:12.000Z', 'infobox, sources', true],
      ['Archivist', '2021-03-01T09:15:00.000Z', 'Start an article on the 1922 film', true],
    ]);
    expect(history.revisions[0].parentId).toBe(history.revisions[1].id);
    // The hidden contributor of a revision stays hidden.
    expect((await get('/api/v1/wiki/Dust_Bowl/revisions')).json().revisions[0].author).toBe('(hidden)');

    // The redirect leads to the article, whose citations now have a bibliography from the created sources.
    const page = (await get('/api/v1/wiki/Nanook')).json();
    expect(page.title).toBe('Nanook of the North');
    expect(page.redirectedFrom).toBe('Nanook');
    expect(page.categories).toEqual(['1922 films', 'Documentary films']);
    expect(page.html).toContain('Barnouw, Erik. 1993. <i>Documentary: A History of the Non-Fiction Film</i>');
    expect(page.problems.map((p: { key: string }) => p.key)).toEqual(['nationalnd']);
    expect((await get('/api/v1/sources/barnouw1993')).json().citedBy).toEqual(['Nanook of the North']);
    // The audit log says who imported each page, from where.
    const audit = await archive.db.kysely.selectFrom('audit_log').select(['actor_name', 'target_id', 'data']).where('action', '=', 'wiki.import').orderBy('id').execute();
    expect(audit.map((a) => [a.actor_name, a.target_id])).toEqual(['Nanook of the North', 'Dust Bowl', 'Marshall Plan films', 'Nanook', 'Category:Documentary films'].map((t) => [mod.username, t]));
    expect(JSON.parse(audit[0]!.data)).toEqual({ site: 'Kinora Test Wiki', revisions: 3, created: true, sources: ['barnouw1993', 'nationalnd'] });
    // The category lists its members, and search finds the imported text.
    const category = await get('/wiki/Category:Documentary_films');
    expect(category.body).toContain('href="/wiki/Nanook_of_the_North"');
    expect((await get('/search?q=igloo')).body).toContain('Nanook of the North');
  });

  it('writes nothing when the same export is imported again', async () => {
    const before = await counts();
    const report = (await post(FIXTURE)).json();
    expect(report.pages.map((p: { status: string }) => p.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(report.pages[0].sources).toEqual({ created: [], existing: [], refused: [] });
    expect(report.totals).toEqual({ pages: 0, revisions: 0, sources: 0, unconverted: 0 });
    expect(await counts()).toEqual(before);
  });

  it('adds only the newer revisions of a later export, and never slips old ones under a local edit', async () => {
    const report = (await post(LATER)).json();
    expect(report.pages.find((p: { title: string }) => p.title === 'Dust Bowl')).toMatchObject({ status: 'updated', revisions: 1 });
    expect(report.totals).toMatchObject({ pages: 1, revisions: 1 });
    const dust = (await get('/api/v1/wiki/Dust_Bowl')).json();
    expect(dust.markup).toContain('"Black Sunday", 14 April 1935');
    expect(dust.revision).toMatchObject({ author: 'Prairie Reader', summary: 'the 1935 storms', imported: true });

    // A contributor edits the imported page here; an export of the other wiki older than that edit adds nothing under it.
    const local = await archive.app.inject({
      method: 'PUT', url: '/api/v1/wiki/Marshall_Plan_films', headers: { authorization: `Bearer ${writer.token}` },
      payload: { markup: 'Films made for the Marshall Plan, edited here.', summary: 'local edit', baseRevisionId: (await get('/api/v1/wiki/Marshall_Plan_films')).json().latestRevisionId },
    });
    expect(local.statusCode).toBe(200);
    const older = FIXTURE.replace('<title>Marshall Plan films</title>', '<title>Marshall Plan films</title>').replace(/(<title>Marshall Plan films<\/title>[\s\S]*?<timestamp>)[^<]+/, '$11999-01-01T00:00:00Z');
    const again = (await post(older)).json();
    const marshall = again.pages.find((p: { title: string }) => p.title === 'Marshall Plan films');
    expect(marshall.status).toBe('skipped');
    expect(marshall.reason).toBe('1 revision is older than the latest revision of the page here and was not imported; the history here is kept');
    expect((await get('/api/v1/wiki/Marshall_Plan_films')).json().markup).toBe('Films made for the Marshall Plan, edited here.');
  });

  it('keeps sources the registry has as they are, and reports templates it cannot take', async () => {
    const xml = FIXTURE
      .replace('<title>Nanook of the North</title>', '<title>Nanook again</title>')
      .replace(/<title>(Dust_Bowl|Marshall Plan films|Nanook|Category:Documentary films|Talk:Nanook of the North|File:Nanook of the north.jpg|Template:Infobox film)<\/title>/g, '<title>Imported $1 copy</title>')
      .replaceAll('|isbn=978-0-19-507898-5', '|isbn=978-0-19-507898-4');
    const before = (await get('/api/v1/sources/barnouw1993')).json();
    const report = (await post(xml)).json();
    const copy = report.pages.find((p: { title: string }) => p.title === 'Nanook again');
    expect(copy.status).toBe('created');
    expect(copy.sources.existing).toEqual(['barnouw1993', 'nationalnd']);
    expect((await get('/api/v1/sources/barnouw1993')).json().item).toEqual(before.item);

    const broken = FIXTURE.replace('<title>Nanook of the North</title>', '<title>Nanook with a bad ISBN</title>').replaceAll('|last=Barnouw', '|last=Barnouwski').replaceAll('|isbn=978-0-19-507898-5', '|isbn=978-0-19-507898-4');
    const refused = (await post(broken)).json().pages.find((p: { title: string }) => p.title === 'Nanook with a bad ISBN');
    expect(refused.sources.refused).toEqual([{ key: expect.any(String), reason: expect.stringMatching(/ISBN: .*check digit/) }]);
  });

  it('refuses bad exports and those who may not import, writing nothing', async () => {
    const before = await counts();
    const broken = await post('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"><page><title>Half');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toMatch(/line \d+/);
    expect((await post('<!DOCTYPE x [<!ENTITY a "b">]><mediawiki/>')).statusCode).toBe(400);
    expect((await post('<html><body>not an export</body></html>')).statusCode).toBe(400);
    expect((await post(Buffer.from([0x3c, 0x6d, 0xff, 0xfe, 0x3e]))).json().error.code).toBe('export_not_utf8');
    expect((await post('')).statusCode).toBe(400);
    expect((await post(FIXTURE, { type: 'text/plain' })).json().error.code).toBe('export_content_type');
    expect((await post(FIXTURE, { type: 'application/octet-stream' })).statusCode).toBe(415);
    expect((await post(FIXTURE, { as: writer })).statusCode).toBe(403);
    expect((await post(FIXTURE, { as: null })).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('imports through the moderators\' form, showing the report, and keeps the form from others', async () => {
    const headers = (b: Browser, type: string) => ({ cookie: b.cookie, 'content-type': type });
    const form = await archive.app.inject({ method: 'GET', url: '/wiki/Special:Import', headers: { cookie: mod.cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect((await archive.app.inject({ method: 'GET', url: '/wiki/Special:Import', headers: { cookie: writer.cookie } })).statusCode).toBe(403);
    expect((await get('/wiki/Special:Import')).statusCode).toBe(303);

    const xml = FIXTURE.replace('<title>Nanook of the North</title>', '<title>Nanook from the form</title>');
    const dry = multipart([{ name: '_csrf', value: mod.csrf }, { name: 'dryRun', value: '1' }, { name: 'dump', filename: 'export.xml', content: Buffer.from(xml) }]);
    const before = await counts();
    const shown = await archive.app.inject({ method: 'POST', url: '/wiki/Special:Import', payload: dry.body, headers: headers(mod, dry.type) });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('What importing would do');
    expect(shown.body).toContain('template {{Infobox film}} dropped');
    expect(await counts()).toEqual(before);

    const real = multipart([{ name: '_csrf', value: mod.csrf }, { name: 'dump', filename: 'export.xml', content: Buffer.from(xml) }]);
    const done = await archive.app.inject({ method: 'POST', url: '/wiki/Special:Import', payload: real.body, headers: headers(mod, real.type) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('href="/wiki/Nanook_from_the_form?redirect=no"');
    expect((await get('/api/v1/wiki/Nanook_from_the_form/revisions')).json().total).toBe(3);

    // A form without its token, from a contributor, or with a broken file changes nothing.
    const after = await counts();
    const forged = multipart([{ name: 'dump', filename: 'export.xml', content: Buffer.from(xml.replace(/from the form/g, 'forged')) }]);
    expect((await archive.app.inject({ method: 'POST', url: '/wiki/Special:Import', payload: forged.body, headers: headers(mod, forged.type) })).statusCode).toBe(403);
    const other = multipart([{ name: '_csrf', value: writer.csrf }, { name: 'dump', filename: 'export.xml', content: Buffer.from(xml) }]);
    expect((await archive.app.inject({ method: 'POST', url: '/wiki/Special:Import', payload: other.body, headers: headers(writer, other.type) })).statusCode).toBe(403);
    const bad = multipart([{ name: '_csrf', value: mod.csrf }, { name: 'dump', filename: 'export.xml', content: Buffer.from('<mediawiki') }]);
    const refused = await archive.app.inject({ method: 'POST', url: '/wiki/Special:Import', payload: bad.body, headers: headers(mod, bad.type) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('role="alert"');
    expect(await counts()).toEqual(after);
  });
});
