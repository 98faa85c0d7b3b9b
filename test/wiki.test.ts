import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm, aSubject } from './support/factories.ts';
import { type Browser, signIn } from './support/sessions.ts';

const count = async (a: TestArchive, table: 'wiki_pages' | 'wiki_revisions' | 'sources' | 'source_revisions') =>
  Number((await a.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const BARNOUW = { key: 'barnouw1993', type: 'book', title: 'Documentary: A History of the Non-Fiction Film', author: [{ family: 'Barnouw', given: 'Erik' }], issued: { 'date-parts': [[1993]] }, publisher: 'Oxford University Press', 'publisher-place': 'New York', edition: '2', ISBN: '0-19-507898-5' };
const NICHOLS = { key: 'nichols2001', type: 'book', title: 'Introduction to Documentary', author: [{ family: 'Nichols', given: 'Bill' }], issued: { 'date-parts': [[2001]] }, publisher: 'Indiana University Press', 'publisher-place': 'Bloomington' };

describe.each(DIALECTS)('the wiki on $name', (dialect) => {
  let archive: TestArchive;
  let reader: Browser;
  let writer: Browser;
  let other: Browser;
  let mod: Browser;
  beforeAll(async () => {
    archive = await createTestArchive(dialect);
    await archive.catalog.import(aCatalog({
      subjects: [aSubject({ slug: 'dust-bowl', name: 'Dust Bowl' })],
      films: [aFilm({ slug: 'the-plow', title: 'The Plow That Broke the Plains', year: 1936, subjects: ['dust-bowl'] }), aFilm({ slug: 'nanook', title: 'Nanook of the North', year: 1922 })],
    }), { actor: 'test' });
    [reader, writer, other, mod] = [await signIn(archive, 'reader'), await signIn(archive, 'contributor'), await signIn(archive, 'contributor'), await signIn(archive, 'moderator')];
  });
  afterAll(async () => {
    await archive?.destroy();
  });
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, o: { payload?: object; as?: Browser } = {}) =>
    archive.app.inject({ method, url, ...(o.payload ? { payload: o.payload } : {}), headers: o.as ? { authorization: `Bearer ${o.as.token}` } : {} });
  const put = (title: string, markup: string, baseRevisionId: number | null, as = writer, summary = '') => api('PUT', `/api/v1/wiki/${encodeURIComponent(title)}`, { payload: { markup, baseRevisionId, summary }, as });

  it('registers sources with ISBNs checked, and refuses broken ones without storing anything', async () => {
    expect((await api('POST', '/api/v1/sources', { payload: BARNOUW, as: writer })).statusCode).toBe(201);
    expect((await api('POST', '/api/v1/sources', { payload: NICHOLS, as: writer })).statusCode).toBe(201);
    const got = (await api('GET', '/api/v1/sources/barnouw1993')).json();
    expect(got.item.ISBN).toBe('9780195078985');
    const before = await count(archive, 'sources');
    const bad = await api('POST', '/api/v1/sources', { payload: { ...BARNOUW, key: 'bad1993', ISBN: '0-19-507898-4' }, as: writer });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toContainEqual({ path: 'ISBN', message: expect.stringContaining('check digit') });
    expect((await api('POST', '/api/v1/sources', { payload: BARNOUW, as: writer })).statusCode).toBe(409);
    expect((await api('POST', '/api/v1/sources', { payload: { ...NICHOLS, key: 'x2001' }, as: reader })).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/sources', { payload: { ...NICHOLS, key: 'y2001', title: 7 } })).statusCode).toBe(401);
    expect(await count(archive, 'sources')).toBe(before);
  });

  it('renders an article with wiki links, numbered citations, reused numbers, a bibliography and categories', async () => {
    const markup = [
      'The **Dust Bowl** was a drought on the [[Great Plains]] in the 1930s.[@barnouw1993, p. 139] The government filmed it.[@nichols2001]',
      '',
      'It is remembered in [[Dust Bowl|the films]] and in [[Nanook of the North]] not at all.[@barnouw1993, pp. 4-7]',
      '',
      '[[Category:Droughts]]',
    ].join('\n');
    const res = await put('Dust Bowl', markup, null, writer, 'First version');
    expect(res.statusCode).toBe(201);
    const page = (await api('GET', '/api/v1/wiki/Dust_Bowl')).json();
    expect(page.title).toBe('Dust Bowl');
    expect(page.categories).toEqual(['Droughts']);
    expect(page.problems).toEqual([]);
    expect(page.html).toContain('<a href="/wiki/Great_Plains?action=edit&amp;redlink=1" class="new"');
    expect(page.html).toContain('<strong class="selflink">the films</strong>');
    expect(page.html).toContain('id="cite_ref-1-1"');
    expect(page.html).toContain('id="cite_ref-1-2"');
    expect(page.html).toContain('<sup class="rp">: pp. 4–7</sup>');
    expect(page.html).toMatch(/<li id="cite_note-1"><span class="backlinks">\^ <a href="#cite_ref-1-1"[^>]*><sup><i>a<\/i><\/sup><\/a> <a href="#cite_ref-1-2"/);
    expect(page.html).toContain('Barnouw, Erik. 1993. <i>Documentary: A History of the Non-Fiction Film</i>. 2nd ed. New York: Oxford University Press.');
    // The film whose subject is the Dust Bowl is listed on the article, and the article on the film's subject.
    expect(page.films).toEqual([{ film: 'the-plow', at: null, to: null, note: null }]);
    const source = (await api('GET', '/api/v1/sources/barnouw1993')).json();
    expect(source.citedBy).toEqual(['Dust Bowl']);
  });

  it('shows unknown citation keys as errors and lists them on the maintenance page', async () => {
    const preview = await archive.app.inject({ method: 'GET', url: '/wiki/Special:Citations' });
    expect(preview.statusCode).toBe(200);
    await put('Plains', 'The plains.[@nosuchkey]', null);
    const page = (await api('GET', '/api/v1/wiki/Plains')).json();
    expect(page.problems).toEqual([{ code: 'unknown_source', key: 'nosuchkey', message: 'No source has the key "nosuchkey".' }]);
    expect(page.html).toContain('Citation error: no source has the key “nosuchkey”.');
    const special = await archive.app.inject({ method: 'GET', url: '/wiki/Special:Citations' });
    expect(special.body).toContain('Plains: @nosuchkey');
    // Marking a source unreliable shows on every article citing it, at once.
    expect((await api('POST', '/api/v1/sources/nichols2001/reliability', { payload: { reason: 'contested figures' }, as: writer })).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/sources/nichols2001/reliability', { payload: { reason: 'contested figures' }, as: mod })).statusCode).toBe(200);
    const dust = (await api('GET', '/api/v1/wiki/Dust_Bowl')).json();
    expect(dust.problems).toContainEqual({ code: 'unreliable_source', key: 'nichols2001', message: 'The source "nichols2001" is marked unreliable: contested figures' });
    expect(dust.html).toContain('Marked unreliable by a moderator: contested figures');
    // Film records cite keys too: a missing or unreliable one is listed with the film, a sound one is not.
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'cites-sources', title: 'Cites Sources', year: 1937, sources: [{ key: 'nosuch1937' }, { key: 'nichols2001' }, { key: 'barnouw1993' }] })] }), { actor: 'test' });
    const listed = (await archive.app.inject({ method: 'GET', url: '/wiki/Special:Citations' })).body;
    expect(listed).toContain('<a href="/films/cites-sources">Film Cites Sources: @nosuch1937</a> — no source has this key');
    expect(listed).toContain('<a href="/films/cites-sources">Film Cites Sources: @nichols2001</a> — marked unreliable: contested figures');
    expect(listed).not.toContain('Film Cites Sources: @barnouw1993');
    // The registry's list counts the citing films beside the articles.
    expect((await archive.app.inject({ method: 'GET', url: '/sources' })).body).toMatch(/<code>barnouw1993<\/code><\/a><\/td>(?:(?!<\/tr>).)*<td>\d+ articles?, 1 film<\/td>/s);
  });

  it('refuses an edit based on an old revision with a conflict, writing nothing', async () => {
    const first = (await api('GET', '/api/v1/wiki/Plains')).json();
    const a = await put('Plains', 'The plains, edited by one.', first.latestRevisionId, writer);
    expect(a.statusCode).toBe(200);
    const before = await count(archive, 'wiki_revisions');
    const b = await put('Plains', 'The plains, edited by another.', first.latestRevisionId, other);
    expect(b.statusCode).toBe(409);
    expect(b.json().error.code).toBe('edit_conflict');
    expect(await count(archive, 'wiki_revisions')).toBe(before);
    expect((await put('Plains', 'Created twice?', null, other)).statusCode).toBe(409);
    // The same text again is no new revision.
    const same = await put('Plains', 'The plains, edited by one.', a.json().revisionId, writer);
    expect(same.json()).toMatchObject({ unchanged: true, revisionId: a.json().revisionId });
  });

  it('keeps every revision, diffs any two word by word, and reverts', async () => {
    const h = (await api('GET', '/api/v1/wiki/Plains/revisions')).json();
    expect(h.revisions.map((r: { sizeDelta: number }) => r.sizeDelta)).toEqual([Buffer.byteLength('The plains, edited by one.') - Buffer.byteLength('The plains.[@nosuchkey]'), Buffer.byteLength('The plains.[@nosuchkey]')]);
    const [newer, older] = h.revisions;
    const d = (await api('GET', `/api/v1/wiki/Plains/diff?from=${older.id}&to=${newer.id}`)).json();
    expect(d.rows[0].kind).toBe('changed');
    expect(d.rows[0].right.parts.filter((p: { change: string }) => p.change === 'added').map((p: { text: string }) => p.text).join('')).toContain('edited by one');
    const revert = await archive.app.inject({ method: 'POST', url: '/wiki/Plains?action=revert', payload: { revisionId: String(older.id), _csrf: writer.csrf }, headers: { cookie: writer.cookie } });
    expect(revert.statusCode).toBe(303);
    const after = (await api('GET', '/api/v1/wiki/Plains')).json();
    expect(after.markup).toBe('The plains.[@nosuchkey]');
    expect(after.revision.summary).toMatch(/^Reverted to revision/);
  });

  it('follows redirects, says from where, leaves one on rename, and lists double redirects', async () => {
    await put('Dirty Thirties', '#REDIRECT [[Dust Bowl]]', null);
    const via = (await api('GET', '/api/v1/wiki/Dirty_Thirties')).json();
    expect(via).toMatchObject({ title: 'Dust Bowl', redirectedFrom: 'Dirty Thirties' });
    const html = await archive.app.inject({ method: 'GET', url: '/wiki/Dirty_Thirties' });
    expect(html.body).toContain('(Redirected from <a href="/wiki/Dirty_Thirties?redirect=no">Dirty Thirties</a>)');
    expect((await api('GET', '/api/v1/wiki/Dirty_Thirties?redirect=no')).json()).toMatchObject({ title: 'Dirty Thirties', redirectTo: 'Dust Bowl' });
    // Renaming the target leaves a redirect at the old title: Dirty Thirties → Dust Bowl → The Dust Bowl.
    const moved = await archive.app.inject({ method: 'POST', url: '/wiki/Dust_Bowl?action=move', payload: { to: 'The Dust Bowl', reason: 'common name', _csrf: writer.csrf }, headers: { cookie: writer.cookie } });
    expect(moved.statusCode).toBe(303);
    const resolved = (await api('GET', '/api/v1/wiki/Dirty_Thirties')).json();
    expect(resolved).toMatchObject({ title: 'The Dust Bowl', redirectedFrom: 'Dirty Thirties' });
    const doubles = await archive.app.inject({ method: 'GET', url: '/wiki/Special:DoubleRedirects' });
    expect(doubles.body).toContain('Dirty Thirties');
    expect(doubles.body).toContain('→ Dust Bowl → The Dust Bowl');
    const history = (await api('GET', '/api/v1/wiki/The_Dust_Bowl/revisions')).json();
    expect(history.revisions[0].summary).toBe('Moved from "Dust Bowl" to "The Dust Bowl": common name');
    // The film found by its subject still lists the article through the redirect left behind.
    expect((await api('GET', '/api/v1/wiki/The_Dust_Bowl')).json().films).toEqual([{ film: 'the-plow', at: null, to: null, note: null }]);
  });

  it('lists category members and backlinks, and the recent changes as a page and an Atom feed', async () => {
    await put('Category:Droughts', 'Droughts in documentaries.', null);
    const cat = await archive.app.inject({ method: 'GET', url: '/wiki/Category:Droughts' });
    expect(cat.body).toContain('<a href="/wiki/The_Dust_Bowl">The Dust Bowl</a>');
    const links = await archive.app.inject({ method: 'GET', url: `/wiki/Special:WhatLinksHere?target=${encodeURIComponent('Dust Bowl')}` });
    expect(links.body).toContain('Dirty Thirties');
    const feed = await archive.app.inject({ method: 'GET', url: '/wiki/Special:RecentChanges?feed=atom' });
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>Category:Droughts</title>');
    expect((await api('GET', '/api/v1/recent-changes')).json().changes[0].page).toBe('Category:Droughts');
  });

  it('renders the markup guide with the wiki itself, citing a source of the registry', async () => {
    const guide = await archive.app.inject({ method: 'GET', url: '/wiki/Special:Markup' });
    expect(guide.statusCode).toBe(200);
    // Each example is shown as typed and as rendered: a red link, a bibliography from a registered source, an infobox.
    expect(guide.body).toContain('<code>[[Dust Bowl]], [[Dust Bowl|the drought]]');
    expect(guide.body).toContain('class="new" title="Documentary film (page does not exist)">documentary films</a>');
    expect(guide.body).toMatch(/The storms began in 1931\.<sup class="reference"/);
    expect(guide.body).toContain('<ul class="bibliography">');
    expect(guide.body).toContain('<table class="infobox infobox-event">');
    expect(guide.body).not.toContain('cite-error');
  });

  it('refuses visitors, readers and bad input with a clear error, changing nothing', async () => {
    const before = [await count(archive, 'wiki_pages'), await count(archive, 'wiki_revisions')];
    expect((await api('PUT', '/api/v1/wiki/Visitor_page', { payload: { markup: 'x', baseRevisionId: null } })).statusCode).toBe(401);
    expect((await put('Reader page', 'x', null, reader)).statusCode).toBe(403);
    const fm = await put('Bad front matter', '---\nkind: person\nborn: yesterday\n---\nText', null);
    expect(fm.statusCode).toBe(400);
    expect(fm.json().error.details[0].path).toBe('front_matter.born');
    expect((await put('Bad [title]', 'x', null)).statusCode).toBe(400);
    expect((await put('Special:Anything', 'x', null)).statusCode).toBe(400);
    expect((await api('PUT', '/api/v1/wiki/Typed', { payload: { markup: 12, baseRevisionId: null }, as: writer })).statusCode).toBe(400);
    expect((await api('PUT', '/api/v1/wiki/Typed', { payload: { markup: 'x', baseRevisionId: 'one' }, as: writer })).statusCode).toBe(400);
    expect([await count(archive, 'wiki_pages'), await count(archive, 'wiki_revisions')]).toEqual(before);
  });

  it('links a film page to the articles on its subjects and to those that say where the film covers them', async () => {
    expect((await put('Nanook (expedition)', '---\nkind: event\ndate: 1920\nfilms:\n  - { film: nanook, at: "00:12:30", note: the igloo }\n---\nThe expedition.', null)).statusCode).toBe(201);
    const plow = await archive.app.inject({ method: 'GET', url: '/films/the-plow' });
    expect(plow.body).toContain('<h2 id="background">Background in the wiki</h2>');
    expect(plow.body).toContain('<a href="/wiki/The_Dust_Bowl">The Dust Bowl</a>');
    const nanook = await archive.app.inject({ method: 'GET', url: '/films/nanook' });
    expect(nanook.body).toContain('<a href="/wiki/Nanook_(expedition)">Nanook (expedition)</a> — at 00:12:30: the igloo');
    const article = await archive.app.inject({ method: 'GET', url: '/wiki/Nanook_(expedition)' });
    expect(article.body).toContain('<a href="/films/nanook"><i>Nanook of the North</i></a> (1922) — at 00:12:30 — the igloo');
  });

  it('finds articles through the search module', async () => {
    const res = await archive.app.inject({ method: 'GET', url: '/search?q=drought' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('/wiki/The_Dust_Bowl');
  });

  it('lets a moderator delete a page (410 to others) and restore it', async () => {
    const del = await archive.app.inject({ method: 'POST', url: '/wiki/Plains?action=delete', payload: { reason: 'duplicate', _csrf: mod.csrf }, headers: { cookie: mod.cookie } });
    expect(del.statusCode).toBe(303);
    expect((await api('GET', '/api/v1/wiki/Plains')).statusCode).toBe(410);
    expect((await api('GET', '/api/v1/wiki/Plains', { as: mod })).statusCode).toBe(200);
    await archive.app.inject({ method: 'POST', url: '/wiki/Plains?action=restore', payload: { _csrf: mod.csrf }, headers: { cookie: mod.cookie } });
    expect((await api('GET', '/api/v1/wiki/Plains')).statusCode).toBe(200);
  });
});
