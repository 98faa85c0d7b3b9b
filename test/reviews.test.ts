import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { type Browser, signIn } from './support/sessions.ts';

const count = async (a: TestArchive, table: 'reviews' | 'review_votes' | 'review_revisions') =>
  Number((await a.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.each(DIALECTS)('reviews on $name', (dialect) => {
  let archive: TestArchive;
  let ada: Browser;
  let ben: Browser;
  let cy: Browser;
  let mod: Browser;
  beforeAll(async () => {
    archive = await createTestArchive(dialect);
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'reviewed', title: 'The Reviewed Film' }), aFilm({ slug: 'other-film' })] }), { actor: 'test' });
    [ada, ben, cy, mod] = [await signIn(archive, 'reader'), await signIn(archive, 'reader'), await signIn(archive, 'contributor'), await signIn(archive, 'moderator')];
  });
  afterAll(async () => {
    await archive?.destroy();
  });
  const api = (method: 'GET' | 'POST', url: string, o: { payload?: object; as?: Browser } = {}) =>
    archive.app.inject({ method, url, ...(o.payload ? { payload: o.payload } : {}), headers: o.as ? { authorization: `Bearer ${o.as.token}` } : {} });
  const write = (as: Browser, body: object, film = 'reviewed') => api('POST', `/api/v1/films/${film}/reviews`, { payload: body, as });

  it('keeps one review per reader per film, every version in its history', async () => {
    const first = await write(ada, { rating: 8, title: 'A river of a film', body: 'It *flows*.' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ author: ada.username, rating: 8, html: '<p>It <em>flows</em>.</p>\n', edits: 0, spoilers: false });
    const again = await write(ada, { rating: 9, title: 'A river of a film', body: 'It *flows*, and floods.', spoilers: true });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, rating: 9, edits: 1, spoilers: true });
    const history = (await api('GET', `/api/v1/reviews/${first.json().id}/revisions`)).json().revisions;
    expect(history.map((r: { rating: number }) => r.rating)).toEqual([9, 8]);
  });

  it('refuses visitors and bad input with a clear error, storing nothing', async () => {
    const before = [await count(archive, 'reviews'), await count(archive, 'review_revisions')];
    expect((await api('POST', '/api/v1/films/reviewed/reviews', { payload: { rating: 5, title: 't', body: 'b' } })).json().error.code).toBe('login_required');
    const cases: [object, RegExp][] = [
      [{ rating: 0, title: 't', body: 'b' }, /rating/],
      [{ rating: 11, title: 't', body: 'b' }, /rating/],
      [{ rating: '7', title: 't', body: 'b' }, /rating: must be an integer, not string/],
      [{ rating: 7, title: '', body: 'b' }, /title/],
      [{ rating: 7, title: 'x'.repeat(10_000), body: 'b' }, /title.*200/],
      [{ rating: 7, title: 't', body: 'b'.repeat(1_000_000) }, /body.*20000/],
      [{ rating: 7, title: 't', body: 'b', extra: 1 }, /unknown field/],
    ];
    for (const [payload, message] of cases) {
      const res = await write(ben, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    expect((await write(ben, { rating: 7, title: 't', body: 'b' }, 'no-such-film')).statusCode).toBe(404);
    expect([await count(archive, 'reviews'), await count(archive, 'review_revisions')]).toEqual(before);
  });

  it('counts helpful votes, one per reader, never on one\'s own review, and sorts by them', async () => {
    const b = (await write(ben, { rating: 4, title: 'Too slow', body: 'Slow.' })).json();
    const c = (await write(cy, { rating: 6, title: 'Middling', body: 'Fine.' })).json();
    const adaId = (await api('GET', '/api/v1/films/reviewed/reviews?sort=newest')).json().reviews.find((r: { author: string }) => r.author === ada.username).id;
    const vote = (as: Browser, id: number, v: string) => api('POST', `/api/v1/reviews/${id}/votes`, { payload: { vote: v }, as });
    expect((await vote(ada, adaId, 'helpful')).json().error.code).toBe('own_review');
    expect((await vote(ben, adaId, 'helpful')).json()).toMatchObject({ helpful: 1, myVote: 'helpful' });
    expect((await vote(ben, adaId, 'not_helpful')).json()).toMatchObject({ helpful: 0, notHelpful: 1, myVote: 'not_helpful' });
    expect((await vote(ben, adaId, 'helpful')).json()).toMatchObject({ helpful: 1, notHelpful: 0 });
    await vote(cy, adaId, 'helpful');
    await vote(ada, b.id, 'not_helpful');
    await vote(ada, c.id, 'helpful');
    expect((await vote(mod, c.id, 'none')).json().myVote).toBeNull();
    expect((await api('POST', `/api/v1/reviews/${c.id}/votes`, { payload: { vote: 'helpful' } })).statusCode).toBe(401);
    expect((await vote(ben, 999_999, 'helpful')).statusCode).toBe(404);
    const order = async (sort: string) => (await api('GET', `/api/v1/films/reviewed/reviews?sort=${sort}`)).json().reviews.map((r: { author: string }) => r.author);
    expect(await order('helpful')).toEqual([ada.username, cy.username, ben.username]);
    expect(await order('rating')).toEqual([ada.username, cy.username, ben.username]);
    expect(await order('newest')).toEqual([cy.username, ben.username, ada.username]);
    expect((await api('GET', '/api/v1/films/reviewed/reviews?sort=best')).statusCode).toBe(400);
    expect(await count(archive, 'review_votes')).toBe(4);
  });

  it('shows the average and the reviews on the film page, with schema.org data, fresh after each write', async () => {
    const list = (await api('GET', '/api/v1/films/reviewed/reviews')).json();
    expect(list.summary).toEqual({ count: 3, average: Math.round(((9 + 4 + 6) / 3) * 100) / 100 });
    const page = await archive.app.inject({ method: 'GET', url: '/films/reviewed' });
    expect(page.body).toContain('>Reviews (3)</a>');
    expect(page.body).toContain('<strong>6.3</strong>/10');
    expect(page.body).toContain('aria-label="3 out of 5 stars"');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page.body)![1]!);
    expect(ld.aggregateRating).toEqual({ '@type': 'AggregateRating', ratingValue: 6.3, bestRating: 10, worstRating: 1, ratingCount: 3, reviewCount: 3 });
    expect(ld.review).toHaveLength(3);
    // A spoiler review hides its text behind a disclosure.
    const all = await archive.app.inject({ method: 'GET', url: '/films/reviewed/reviews' });
    expect(all.body).toContain('<summary>This review contains spoilers: show it</summary>');
    // The cached visitor's page changes as soon as a review does.
    await write(cy, { rating: 10, title: 'Middling no more', body: 'Grew on me.' });
    expect((await archive.app.inject({ method: 'GET', url: '/films/reviewed' })).body).toContain('<strong>7.7</strong>/10');
  });

  it('lets moderators hide (with a reason, audited) and restore reviews; the author still sees theirs', async () => {
    const target = (await api('GET', '/api/v1/films/reviewed/reviews')).json().reviews.find((r: { author: string }) => r.author === ben.username);
    expect((await api('POST', `/api/v1/reviews/${target.id}/hide`, { payload: { reason: 'spam' }, as: ada })).statusCode).toBe(403);
    expect((await api('POST', `/api/v1/reviews/${target.id}/hide`, { payload: {}, as: mod })).json().error.code).toBe('reason_required');
    expect((await api('POST', `/api/v1/reviews/${target.id}/hide`, { payload: { reason: 'off topic' }, as: mod })).json()).toMatchObject({ hidden: true, hiddenReason: 'off topic' });
    const visitor = (await api('GET', '/api/v1/films/reviewed/reviews')).json();
    expect(visitor.reviews.map((r: { author: string }) => r.author)).not.toContain(ben.username);
    expect(visitor.summary.count).toBe(2);
    expect((await api('GET', '/api/v1/films/reviewed/reviews', { as: ben })).json().reviews.find((r: { author: string }) => r.author === ben.username)).toMatchObject({ hidden: true });
    expect((await api('GET', '/api/v1/films/reviewed/reviews', { as: mod })).json().reviews).toHaveLength(3);
    expect((await api('POST', `/api/v1/reviews/${target.id}/votes`, { payload: { vote: 'helpful' }, as: cy })).statusCode).toBe(404);
    const audit = (await api('GET', '/api/v1/audit', { as: mod })).json().entries[0];
    expect(audit).toMatchObject({ actor: mod.username, action: 'review.hide', targetType: 'review', targetId: String(target.id), reason: 'off topic' });
    expect((await api('POST', `/api/v1/reviews/${target.id}/restore`, { payload: {}, as: mod })).json().hidden).toBe(false);
    expect((await api('GET', '/api/v1/films/reviewed/reviews')).json().summary.count).toBe(3);
  });

  it('writes and votes through the HTML forms, showing errors beside the fields', async () => {
    const form = (url: string, body: Record<string, string>, as: Browser) => archive.app.inject({ method: 'POST', url, headers: { cookie: as.cookie }, payload: { _csrf: as.csrf, ...body } });
    const bad = await form('/films/other-film/reviews', { rating: '', title: '', body: 'x' }, ada);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-rating-error">Rate the film from 1 to 10/);
    expect(bad.body).toMatch(/id="f-title-error">Give the review a title/);
    expect(bad.body).toContain('>x</textarea>');
    expect((await archive.app.inject({ method: 'POST', url: '/films/other-film/reviews', headers: { cookie: ada.cookie }, payload: { rating: '7', title: 't', body: 'b' } })).statusCode).toBe(403);
    const ok = await form('/films/other-film/reviews', { rating: '7', title: 'Short and <b>sweet</b>', body: '<script>alert(1)</script> fine', spoilers: 'on' }, ada);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toMatch(/^\/films\/other-film\/reviews#review-\d+$/);
    const page = await archive.app.inject({ method: 'GET', url: '/films/other-film/reviews', headers: { cookie: ben.cookie } });
    expect(page.body).toContain('Short and &lt;b>sweet&lt;/b>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; fine');
    expect(page.body).not.toContain('<script>alert(1)');
    const id = ok.headers.location!.split('#review-')[1]!;
    const voted = await form(`/reviews/${id}/votes`, { vote: 'helpful' }, ben);
    expect(voted.statusCode).toBe(303);
    expect((await api('GET', '/api/v1/films/other-film/reviews', { as: ben })).json().reviews[0]).toMatchObject({ helpful: 1, myVote: 'helpful' });
    // The author's page shows the edit form filled in with the review.
    const mine = await archive.app.inject({ method: 'GET', url: '/films/other-film/reviews', headers: { cookie: ada.cookie } });
    expect(mine.body).toContain('Edit your review');
    expect(mine.body).toContain('value="Short and &lt;b>sweet&lt;/b>"');
  });
});
