import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aCollection, aFilm, aPerson } from './support/factories.ts';
import { type Browser, signIn } from './support/sessions.ts';

const revisions = async (a: TestArchive) => Number((await a.db.kysely.selectFrom('revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const formOf = (html: string, name: string) => new RegExp(`name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1] ?? new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe.each(DIALECTS)('contributors edit the catalog in the web on $name', (dialect) => {
  let archive: TestArchive;
  let contributor: Browser;
  let reader: Browser;
  beforeAll(async () => {
    archive = await createTestArchive(dialect);
    await archive.catalog.import(aCatalog({
      people: [aPerson({ slug: 'ada-maker', name: 'Ada Maker' }), aPerson({ slug: 'bo-writer', name: 'Bo Writer' })],
      films: [aFilm({ slug: 'edited', title: 'The First Title', year: 1930, credits: [{ person: 'ada-maker', role: 'director' }] })],
      collections: [aCollection(['edited'], { slug: 'shelf', title: 'A Shelf' })],
    }), { actor: 'import' });
    contributor = await signIn(archive, 'contributor');
    reader = await signIn(archive, 'reader');
  });
  afterAll(async () => {
    await archive?.destroy();
  });
  const get = (url: string, as?: Browser) => archive.app.inject({ method: 'GET', url, headers: as ? { cookie: as.cookie } : {} });
  const post = (url: string, body: Record<string, string>, as: Browser, csrf = as.csrf) => archive.app.inject({ method: 'POST', url, headers: { cookie: as.cookie }, payload: { _csrf: csrf, ...body } });

  it('gives the form to contributors only, filled in with the record', async () => {
    expect((await get('/films/edited/edit')).headers.location).toBe('/login?next=%2Ffilms%2Fedited%2Fedit');
    expect((await get('/films/edited/edit', reader)).statusCode).toBe(403);
    const form = await get('/films/edited/edit', contributor);
    expect(form.statusCode).toBe(200);
    expect(formOf(form.body, 'title')).toBe('The First Title');
    expect(formOf(form.body, 'credits')).toBe('director ada-maker');
    expect((await get('/films/edited', contributor)).body).toContain('href="/films/edited/edit"');
    expect((await get('/films/edited', reader)).body).not.toContain('href="/films/edited/edit"');
  });

  it('saves an edit as a new revision by its author, shown in the History with what changed', async () => {
    const form = await get('/films/edited/edit', contributor);
    const values = Object.fromEntries(['title', 'originalTitle', 'year', 'runtimeMinutes', 'synopsis', 'countries', 'languages', 'subjects', 'credits', 'appearances', 'places', 'reception'].map((f) => [f, formOf(form.body, f) ?? '']));
    const before = await revisions(archive);
    const saved = await post('/films/edited/edit', { ...values, title: 'The Second Title', credits: 'director ada-maker\nwriter bo-writer | the commentary', summary: 'Retitled, writer added' }, contributor);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/films/edited');
    expect(await revisions(archive)).toBe(before + 1);
    expect((await get('/films/edited')).body).toContain('The Second Title');
    const history = await get('/films/edited/history');
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain(`by ${contributor.username} · Retitled, writer added`);
    expect(history.body).toContain('<del>The First Title</del> → <ins>The Second Title</ins>');
    expect(history.body).toContain('<ins>+ note: the commentary, person: bo-writer, role: writer</ins>');
    expect(history.body).not.toContain('ada-maker, role: director</del>'); // an unchanged credit is no change
    expect(history.body).toContain('by import · Imported');
  });

  it('refuses bad input beside its field, changing nothing', async () => {
    const before = await revisions(archive);
    const bad = await post('/films/edited/edit', { title: 'T', year: 'nineteen', credits: 'directer ada-maker\ndirector nobody-known', synopsis: '' }, contributor);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-year-error">[^<]*integer/);
    expect(bad.body).toMatch(/id="f-credits-error">line 1: role:/);
    expect(formOf(bad.body, 'credits')).toBe('directer ada-maker\ndirector nobody-known');
    const unknown = await post('/films/edited/edit', { title: 'T', year: '1930', credits: 'director nobody-known', synopsis: '' }, contributor);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('nobody-known');
    expect((await post('/films/edited/edit', { title: 'T', year: '1930', synopsis: '' }, contributor, 'wrong-token')).statusCode).toBe(403);
    expect((await post('/films/edited/edit', { title: 'T', year: '1930', synopsis: '' }, reader)).statusCode).toBe(403);
    expect(await revisions(archive)).toBe(before);
  });

  it('adds a new film, person and collection, and refuses a slug already taken', async () => {
    expect((await post('/people/new', { slug: 'cy-new', name: 'Cy New', kind: 'person', born: '1901' }, contributor)).headers.location).toBe('/people/cy-new');
    expect((await get('/people/cy-new')).body).toContain('Cy New');
    const film = await post('/films/new', { slug: 'brand-new', title: 'Brand New', year: '1950', synopsis: 'Made here.', credits: 'director cy-new', countries: 'US, FR' }, contributor);
    expect(film.statusCode).toBe(303);
    expect((await get('/films/brand-new')).body).toContain('Brand New');
    const taken = await post('/films/new', { slug: 'brand-new', title: 'Again', year: '1950' }, contributor);
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toMatch(/id="f-slug-error">This slug is taken/);
    const badSlug = await post('/films/new', { slug: '../etc', title: 'X', year: '1950' }, contributor);
    expect(badSlug.statusCode).toBe(400);
    expect((await post('/collections/shelf/edit', { title: 'A Longer Shelf', films: 'brand-new\nedited' }, contributor)).statusCode).toBe(303);
    expect((await get('/collections/shelf')).body).toMatch(/Brand New[\s\S]*The Second Title/);
    expect((await get('/collections/shelf/history')).body).toContain('<ins>+ brand-new</ins>');
    expect((await get('/people/cy-new/history')).body).toContain('Added in the web');
  });

  const FIELDS = ['title', 'originalTitle', 'year', 'runtimeMinutes', 'synopsis', 'countries', 'languages', 'subjects', 'credits', 'appearances', 'places', 'reception', 'sources'];
  const source = (payload: object, method: 'POST' | 'PUT' = 'POST', key = '') =>
    archive.app.inject({ method, url: `/api/v1/sources${key ? `/${key}` : ''}`, payload, headers: { authorization: `Bearer ${contributor.token}` } });
  const BARNOUW = { key: 'barnouw1993', type: 'book', title: 'Documentary: A History of the Non-Fiction Film', author: [{ family: 'Barnouw', given: 'Erik' }], issued: { 'date-parts': [[1993]] }, publisher: 'Oxford University Press' };

  it('cites sources from the form: a revision that shows them, their titles on the film page, the film on the source\'s page', async () => {
    expect((await source(BARNOUW)).statusCode).toBe(201);
    const form = await get('/films/edited/edit', contributor);
    expect(form.body).toContain('id="f-sources"');
    const values = Object.fromEntries(FIELDS.map((f) => [f, formOf(form.body, f) ?? '']));
    const before = await revisions(archive);
    const saved = await post('/films/edited/edit', { ...values, sources: 'barnouw1993 | release date and credits\nvertov1924', summary: 'Sources cited' }, contributor);
    expect(saved.statusCode).toBe(303);
    expect(await revisions(archive)).toBe(before + 1);
    expect(formOf((await get('/films/edited/edit', contributor)).body, 'sources')).toBe('barnouw1993 | release date and credits\nvertov1924');

    const history = (await get('/films/edited/history')).body;
    expect(history).toContain(`by ${contributor.username} · Sources cited`);
    expect(history).toContain('<strong>sources</strong><ul class="diff"><li><ins>+ key: barnouw1993, note: release date and credits</ins></li><li><ins>+ key: vertov1924</ins></li></ul>');

    // A key the registry lacks is kept and marked; the visitors' cached page follows the registry.
    const page = (await get('/films/edited')).body;
    expect(page).toContain('<h2 id="sources">Sources</h2>');
    expect(page).toContain('<a href="/sources/barnouw1993"><cite>Documentary: A History of the Non-Fiction Film</cite></a> (Barnouw 1993) — release date and credits');
    expect(page).toContain('<code>vertov1924</code> <span class="note">(no such source in the registry)</span>');
    expect((await source({ key: 'vertov1924', type: 'manuscript', title: 'Kinoks: A Revolution', author: [{ family: 'Vertov', given: 'Dziga' }], issued: { 'date-parts': [[1924]] } })).statusCode).toBe(201);
    expect((await source({ ...BARNOUW, key: undefined, title: 'Documentary (second edition)' }, 'PUT', 'barnouw1993')).statusCode).toBe(200);
    const again = (await get('/films/edited')).body;
    expect(again).toContain('<a href="/sources/vertov1924"><cite>Kinoks: A Revolution</cite></a> (Vertov 1924)');
    expect(again).toContain('<cite>Documentary (second edition)</cite>');
    expect(again).not.toContain('no such source in the registry');

    const film = (await get('/api/v1/films/edited')).json();
    expect(film.sources).toEqual([{ key: 'barnouw1993', note: 'release date and credits', url: '/sources/barnouw1993' }, { key: 'vertov1924', note: null, url: '/sources/vertov1924' }]);
    const sourcePage = (await get('/sources/barnouw1993')).body;
    expect(sourcePage).toContain('<h3 id="cited-by-films">Films</h3>');
    expect(sourcePage).toContain('<a href="/films/edited">The Second Title</a> <span class="year">(1930)</span> — release date and credits');
    expect((await get('/api/v1/sources/barnouw1993')).json().films).toEqual([{ slug: 'edited', url: '/films/edited', title: 'The Second Title', year: 1930, note: 'release date and credits' }]);
    expect((await get('/api/v1/sources/vertov1924')).json()).toMatchObject({ citedBy: [], films: [{ slug: 'edited', note: null }] });
  });

  it('refuses malformed and repeated source keys beside the field, changing nothing', async () => {
    const form = await get('/films/edited/edit', contributor);
    const values = Object.fromEntries(FIELDS.map((f) => [f, formOf(form.body, f) ?? '']));
    const before = await revisions(archive);
    const bad = await post('/films/edited/edit', { ...values, sources: 'barnouw1993\nnot a key' }, contributor);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-sources-error">line 2: key: &quot;not a key&quot; does not have the expected form \(A key of the wiki's source registry such as barnouw1993/);
    const twice = await post('/films/edited/edit', { ...values, sources: 'barnouw1993\nbarnouw1993 | again' }, contributor);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toMatch(/id="f-sources-error">line 2: key: &quot;barnouw1993&quot; is already cited by sources\[0\]/);
    const many = await post('/films/edited/edit', { ...values, sources: Array.from({ length: 51 }, (_, i) => `key${i}`).join('\n') }, contributor);
    expect(many.statusCode).toBe(400);
    expect(many.body).toMatch(/id="f-sources-error">must NOT have more than 50 items/);
    expect(await revisions(archive)).toBe(before);
    expect((await get('/api/v1/films/edited')).json().sources).toHaveLength(2);
  });
});
