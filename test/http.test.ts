import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm, aPerson } from './support/factories.ts';

const TOKEN = 'test-token-0123456789abcdef';

describe.each(DIALECTS)('HTTP on $name', (dialect) => {
  let archive: TestArchive;
  const get = (url: string) => archive.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_DEMO: '1', KINORA_API_TOKEN: TOKEN });
  });
  afterAll(() => archive?.destroy());

  it('serves the home page and the health check', async () => {
    const home = await get('/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('Recently added');
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
  });

  it('renders a film page with breadcrumb, tabs, credits, reception and releases', async () => {
    const res = await get('/films/nanook-of-the-north');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toMatch(/<nav class="breadcrumb"[^>]*><ol><li><a href="\/">Home<\/a><\/li><li><a href="\/films">Films<\/a><\/li><li><span aria-current="page">Nanook of the North \(1922\)<\/span>/);
    expect(html).toContain('href="/films/nanook-of-the-north" aria-current="page">View</a>');
    expect(html).toContain('href="/films/nanook-of-the-north/releases">Releases (1)</a>');
    expect(html).toContain('>Reviews (0)</a>');
    expect(html).toContain('>History</a>');
    expect(html).not.toMatch(/>Edit</); // for contributors only
    expect(html).toContain('<h2 id="credits">Credits</h2>');
    expect(html).toMatch(/<dt>Director<\/dt><dd><a href="\/people\/robert-j-flaherty">Robert J. Flaherty<\/a>/);
    expect(html).toContain('<h2 id="reception">Reception</h2>');
    expect(html).toMatch(/<td class="num">68.1 KiB<\/td>/);
    const releases = await get('/films/nanook-of-the-north/releases');
    expect(releases.body).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
  });

  it('renders person, collection, people and collections pages', async () => {
    const person = await get('/people/robert-j-flaherty');
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain('href="/films/nanook-of-the-north"');
    expect(person.body).toContain('href="/films/moana"');
    expect((await get('/people')).body).toContain('href="/people/robert-j-flaherty"');
    const collections = await get('/collections');
    const slug = /href="\/collections\/([a-z0-9-]+)"/.exec(collections.body)?.[1];
    expect(slug).toBeDefined();
    expect((await get(`/collections/${slug}`)).statusCode).toBe(200);
  });

  it('browses with facets and keeps other filters in facet links', async () => {
    const res = await get('/films?decade=1920&sort=year');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<strong aria-current="true">1920s</strong>');
    expect(res.body).toContain('href="/films?decade=1920&amp;country=US&amp;sort=year"');
    expect(res.body).toMatch(/1–\d+ of \d+ films/);
  });

  it('searches with highlighted snippets', async () => {
    const res = await get('/search?q=walrus');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<mark>walrus</mark>');
    expect(res.body).toContain('href="/films/nanook-of-the-north"');
  });

  it('answers unknown pages with a 404 page, and bad parameters with 400 and the reason', async () => {
    const missing = await get('/films/no-such-film');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/html');
    expect(missing.body).toContain('No film &quot;no-such-film&quot;.');
    expect((await get('/nowhere')).statusCode).toBe(404);
    for (const [url, reason] of [
      ['/films?page=-1', 'page: must be a whole number from 1 to 10000'],
      ['/films?sort=foo', 'unknown sort "foo"'],
      ['/films?decade=1935', 'not the first year of a decade'],
      ['/films?country=usa', 'is not a country code'],
      [`/search?q=${'a'.repeat(10_000)}`, 'the limit is 256'],
      ['/people?perPage=1000', 'perPage: must be a whole number from 1 to 100'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body.replace(/&quot;/g, '"'), url).toContain(reason);
    }
  });

  it('serves the JSON API with presenters', async () => {
    const list = await get('/api/v1/films?decade=1930&perPage=2&sort=year');
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.films).toHaveLength(2);
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.films[0]).toEqual(expect.objectContaining({ slug: expect.any(String), url: expect.stringMatching(/^\/films\//), year: 1936, directors: expect.any(Array) }));
    expect(body.facets.decade.length).toBeGreaterThan(1);
    const film = (await get('/api/v1/films/the-river')).json();
    expect(film.languages).toEqual([{ code: 'en', name: 'English' }]);
    expect(film.credits[0]).toEqual(expect.objectContaining({ role: 'director', person: expect.objectContaining({ slug: 'pare-lorentz', url: '/people/pare-lorentz' }) }));
    expect(film.releases[0].files[0]).toEqual({ path: 'the-river.mp4', bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), url: `/files/${film.releases[0].id}/the-river.mp4` });
    expect(film.releases[0]).toMatchObject({ torrentVersion: 'hybrid', infohashV1: expect.stringMatching(/^[0-9a-f]{40}$/), infohashV2: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await get('/api/v1/people/pare-lorentz')).json().films.length).toBeGreaterThanOrEqual(2);
    expect((await get('/api/v1/collections')).json().collections.length).toBeGreaterThan(0);
    const search = (await get('/api/v1/search?q=mississippi')).json();
    expect(search.films[0].film.slug).toBe('the-river');
    expect(search.films[0].snippet.some((s: { match: boolean }) => s.match)).toBe(true);
  });

  it('answers API errors as { error: { code, message, details } } with the right status', async () => {
    const notFound = await get('/api/v1/films/nope');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual({ error: { code: 'film_not_found', message: 'No film "nope".', details: [] } });
    const bad = await get('/api/v1/films?page=0&sort=foo');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_query');
    expect(bad.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['page', 'sort']);
    expect((await get('/api/v1/nothing-here')).json().error.code).toBe('route_not_found');
    expect((await get(`/api/v1/search?q=${'x'.repeat(300)}`)).statusCode).toBe(400);
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/films', '/api/v1/films/{slug}', '/api/v1/people', '/api/v1/people/{slug}', '/api/v1/collections', '/api/v1/collections/{slug}', '/api/v1/search', '/api/v1/import', '/api/v1/export']));
    const sortParam = doc.paths['/api/v1/films'].get.parameters.find((p: { name: string }) => p.name === 'sort');
    expect(sortParam.schema.enum).toEqual(['title', 'year', 'added']);
    expect(doc.paths['/api/v1/films/{slug}'].put.security).toEqual([{ bearer: [] }]);
  });

  it('writes through the API only with the token, and rejects bad bodies without changing anything', async () => {
    const person = aPerson({ slug: 'api-person' });
    const film = aFilm({ slug: 'api-film', title: 'Made Through the API', credits: [{ person: 'pare-lorentz', role: 'director' }] });
    const put = (body: unknown, auth?: string) =>
      archive.app.inject({ method: 'PUT', url: '/api/v1/films/api-film', payload: body as object, headers: auth ? { authorization: auth } : {} });
    expect((await put(film)).json().error.code).toBe('login_required');
    expect((await put(film)).statusCode).toBe(401);
    expect((await put(film, 'Bearer wrong-token-wrong-token')).json().error.code).toBe('invalid_token');
    expect((await put(film, 'Bearer wrong-token-wrong-token')).statusCode).toBe(401);
    const wrongType = await put({ ...film, year: 'nineteen' }, `Bearer ${TOKEN}`);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details).toContainEqual({ path: 'year', message: 'must be an integer, not string' });
    const malformed = await archive.app.inject({ method: 'PUT', url: '/api/v1/films/api-film', payload: '{"slug":', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const mismatch = await put({ ...film, slug: 'other-slug' }, `Bearer ${TOKEN}`);
    expect(mismatch.json().error.code).toBe('slug_mismatch');
    expect((await get('/api/v1/films/api-film')).statusCode).toBe(404);

    const imported = await archive.app.inject({ method: 'POST', url: '/api/v1/import', payload: aCatalog({ people: [person] }), headers: { authorization: `Bearer ${TOKEN}` } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().people).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const ok = await put(film, `Bearer ${TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().title).toBe('Made Through the API');
    expect((await get('/films/api-film')).statusCode).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    const huge = { ...aFilm({ slug: 'huge' }), synopsis: 'x'.repeat(2 * 1024 * 1024) };
    const res = await archive.app.inject({ method: 'PUT', url: '/api/v1/films/huge', payload: huge, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('escapes hostile text in every page', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await archive.app.inject({
      method: 'POST', url: '/api/v1/import', headers: { authorization: `Bearer ${TOKEN}` },
      payload: aCatalog({ people: [aPerson({ slug: 'evil-person', name: evil })], films: [aFilm({ slug: 'evil-film', title: evil, synopsis: evil, credits: [{ person: 'evil-person', role: 'director' }], reception: [{ quote: evil, author: evil, outlet: evil, url: 'https://example.org/a?b=%22%3E%3Cscript%3E' }] })] }),
    });
    expect(res.statusCode, res.body).toBe(200);
    for (const url of ['/films/evil-film', '/people/evil-person', '/search?q=script', '/films?sort=added', `/search?q=${encodeURIComponent(evil)}`]) {
      const page = (await get(url)).body;
      expect(page, url).not.toContain('<script>');
      expect(page, url).not.toContain('<img src=x');
    }
    expect((await get('/films/evil-film')).body).toContain('&lt;script>alert(1)&lt;/script>');
    // javascript: URLs are refused at the boundary.
    const js = await archive.app.inject({ method: 'POST', url: '/api/v1/import', headers: { authorization: `Bearer ${TOKEN}` }, payload: aCatalog({ films: [aFilm({ reception: [{ quote: 'q', author: 'a', outlet: 'o', url: 'javascript:alert(1)' }] })] }) });
    expect(js.statusCode).toBe(400);
  });
});

describe.each(DIALECTS.slice(0, 1))('HTTP paging past the end on $name', (dialect) => {
  let archive: TestArchive;
  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_DEMO: '1' });
  });
  afterAll(() => archive?.destroy());

  it('offers a way back from a page past the end', async () => {
    const films = (await archive.app.inject({ url: '/films?page=99' })).body;
    expect(films).toContain('Page 99 is past the end of the 10 films');
    expect(films).toContain('<a href="/films">go to the last page</a>');
    const search = (await archive.app.inject({ url: '/search?q=war&page=9' })).body;
    expect(search).toContain('Page 9 is past the end');
    const empty = (await archive.app.inject({ url: '/films?decade=1990' })).body;
    expect(empty).toContain('Decade: <strong>1990s</strong>');
  });
});
