import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userActor } from '../src/accounts/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { type Browser, signIn } from './support/sessions.ts';
import { httpClient } from './support/tracker-clients.ts';

describe.each(DIALECTS)('flags, the moderation queue and takedowns on $name', (dialect) => {
  let archive: TestArchive;
  let reader: Browser;
  let other: Browser;
  let mod: Browser;
  let releaseId: number;
  let keptId: number;
  let hash: Buffer;
  let reviewId: number;
  const dir = mkdtempSync(join(tmpdir(), 'kinora-moderation-'));

  beforeAll(async () => {
    archive = await createTestArchive(dialect, { KINORA_TRACKER_UDP_PORT: '0', KINORA_TRACKER_RATE: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'contested', title: 'The Contested Film' })] }), { actor: 'test' });
    writeFileSync(join(dir, 'a.mp4'), randomBytes(20_000));
    writeFileSync(join(dir, 'b.mp4'), randomBytes(20_000));
    const r = await archive.catalog.addRelease({ film: 'contested', source: join(dir, 'a.mp4'), actor: 'test' });
    releaseId = r.id;
    hash = Buffer.from(r.torrent.infohash_v1!, 'hex');
    keptId = (await archive.catalog.addRelease({ film: 'contested', source: join(dir, 'b.mp4'), actor: 'test' })).id;
    await archive.tracker!.tracker.refresh();
    [reader, other, mod] = [await signIn(archive, 'reader'), await signIn(archive, 'reader'), await signIn(archive, 'moderator')];
    reviewId = (await archive.reviews.write(userActor((await archive.accounts.tokenAccount(other.token))!), 'contested', { rating: 2, title: 'Buy my pills', body: 'spam spam' })).review.id;
  });
  afterAll(async () => {
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const api = (method: 'GET' | 'POST', url: string, o: { payload?: object; as?: Browser } = {}) =>
    archive.app.inject({ method, url, ...(o.payload ? { payload: o.payload } : {}), headers: o.as ? { authorization: `Bearer ${o.as.token}` } : {} });

  it('lets signed-in readers flag releases, reviews and film records, once each, with clear errors otherwise', async () => {
    expect((await api('POST', '/api/v1/flags', { payload: { targetType: 'release', targetId: releaseId, reason: 'broken_file' } })).statusCode).toBe(401);
    const made = await api('POST', '/api/v1/flags', { payload: { targetType: 'release', targetId: releaseId, reason: 'broken_file', note: 'stops at 0:42' }, as: reader });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ targetType: 'release', targetId: String(releaseId), reason: 'broken_file', note: 'stops at 0:42', by: reader.username, status: 'open' });
    expect((await api('POST', '/api/v1/flags', { payload: { targetType: 'release', targetId: releaseId, reason: 'rights' }, as: reader })).json().error.code).toBe('already_flagged');
    expect((await api('POST', '/api/v1/flags', { payload: { targetType: 'release', targetId: releaseId, reason: 'rights', note: 'I hold the rights' }, as: other })).statusCode).toBe(201);
    expect((await api('POST', '/api/v1/flags', { payload: { targetType: 'review', targetId: reviewId, reason: 'spam' }, as: reader })).statusCode).toBe(201);
    expect((await api('POST', '/api/v1/flags', { payload: { targetType: 'film', targetId: 'contested', reason: 'wrong_metadata', note: 'wrong year' }, as: reader })).statusCode).toBe(201);
    const bad: [object, number, string][] = [
      [{ targetType: 'release', targetId: 999_999, reason: 'rights' }, 404, 'release_not_found'],
      [{ targetType: 'film', targetId: 'no-such-film', reason: 'rights' }, 404, 'film_not_found'],
      [{ targetType: 'user', targetId: 1, reason: 'rights' }, 400, 'invalid_body'],
      [{ targetType: 'release', targetId: releaseId, reason: 'boring' }, 400, 'invalid_body'],
      [{ targetType: 'film', targetId: 'contested', reason: 'other' }, 400, 'invalid_flag'],
      [{ targetType: 'film', targetId: '../etc', reason: 'spam' }, 400, 'invalid_flag'],
      [{ targetType: 'film', targetId: 'contested', reason: 'spam', note: 'n'.repeat(5000) }, 400, 'invalid_body'],
    ];
    for (const [payload, status, code] of bad) {
      const res = await api('POST', '/api/v1/flags', { payload, as: other });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('says "No flags" or lists the open flags by reason on the pages', async () => {
    const releases = (await archive.app.inject({ method: 'GET', url: '/films/contested/releases' })).body;
    expect(releases).toContain('2 open flags: broken file, rights problem');
    expect(releases).toContain('<span class="flags none">No flags</span>');
    const film = (await archive.app.inject({ method: 'GET', url: '/films/contested' })).body;
    expect(film).toContain('1 open flag: wrong metadata');
    const reviews = (await archive.app.inject({ method: 'GET', url: '/films/contested/reviews' })).body;
    expect(reviews).toContain('1 open flag: spam');
    // A signed-in reader gets the form; a visitor does not.
    expect((await archive.app.inject({ method: 'GET', url: '/films/contested/releases', headers: { cookie: reader.cookie } })).body).toContain('action="/flags"');
    expect(releases).not.toContain('action="/flags"');
  });

  it('gives moderators a queue grouped by target, where flags are resolved or dismissed into the audit log', async () => {
    expect((await api('GET', '/api/v1/moderation/flags', { as: reader })).statusCode).toBe(403);
    const queue = (await api('GET', '/api/v1/moderation/flags', { as: mod })).json().targets;
    expect(queue.map((t: { targetType: string; targetId: string; flags: unknown[] }) => [t.targetType, t.targetId, t.flags.length])).toEqual([
      ['release', String(releaseId), 2], ['review', String(reviewId), 1], ['film', 'contested', 1],
    ]);
    const filmFlag = queue[2].flags[0].id;
    expect((await api('POST', `/api/v1/flags/${filmFlag}/resolve`, { payload: { note: 'year corrected' }, as: mod })).json()).toMatchObject({ status: 'resolved', closedBy: mod.username, resolution: 'year corrected' });
    expect((await api('POST', `/api/v1/flags/${filmFlag}/dismiss`, { payload: {}, as: mod })).json().error.code).toBe('flag_closed');
    expect((await api('POST', `/api/v1/flags/${filmFlag}/dismiss`, { payload: {}, as: reader })).statusCode).toBe(403);
    const page = await archive.app.inject({ method: 'GET', url: '/moderation/flags', headers: { cookie: mod.cookie } });
    expect(page.body).toContain('Release “a.mp4” of contested');
    expect(page.body).toContain('Review “Buy my pills” by');
    expect(page.body).not.toContain('Film record');
    expect((await api('GET', '/api/v1/audit', { as: mod })).json().entries[0]).toMatchObject({ action: 'flag.resolve', targetType: 'film', targetId: 'contested', reason: 'year corrected' });
  });

  it('takes a release down at once: unlisted, 410 for its torrent and files, untracked within a second; and restores it', async () => {
    const before = await httpClient(archive.app, '127.0.0.9').announce({ infoHash: hash, port: 7001, left: 0 });
    expect(before.seeders).toBe(1);
    expect((await api('POST', `/api/v1/releases/${releaseId}/takedown`, { payload: { reason: 'rights holder asked' }, as: reader })).statusCode).toBe(403);
    expect((await api('POST', `/api/v1/releases/${releaseId}/takedown`, { payload: { reason: ' ' }, as: mod })).json().error.code).toBe('reason_required');
    const started = Date.now();
    expect((await api('POST', `/api/v1/releases/${releaseId}/takedown`, { payload: { reason: 'rights holder asked' }, as: mod })).statusCode).toBe(204);
    const torrent = await archive.app.inject({ method: 'GET', url: `/releases/${releaseId}.torrent` });
    expect(torrent.statusCode).toBe(410);
    expect(torrent.body).toContain('taken down');
    const name = (await archive.catalog.release(releaseId)).torrent!.name;
    expect((await archive.app.inject({ method: 'GET', url: `/files/${releaseId}/${name}` })).statusCode).toBe(410);
    expect((await api('GET', '/api/v1/films/contested')).json().releases.map((r: { id: number }) => r.id)).toEqual([keptId]);
    expect((await api('GET', '/api/v1/films/contested', { as: mod })).json().releases.find((r: { id: number }) => r.id === releaseId).takenDown).toBe(true);
    expect((await archive.app.inject({ method: 'GET', url: '/films/contested' })).body).not.toContain(`/releases/${releaseId}.torrent`);
    // The tracker reads the catalog every second on its own: no refresh is called here.
    let refused = '';
    while (!refused && Date.now() - started < 3000) {
      await httpClient(archive.app, '127.0.0.9').announce({ infoHash: hash, port: 7001, left: 0 }).catch((e: Error) => (refused = e.message));
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused).toBe('unregistered torrent');
    expect(Date.now() - started).toBeLessThan(1600);
    expect((await api('GET', '/api/v1/audit', { as: mod })).json().entries[0]).toMatchObject({ action: 'release.takedown', targetId: String(releaseId), reason: 'rights holder asked', actor: mod.username });

    expect((await api('POST', `/api/v1/releases/${releaseId}/restore`, { payload: { reason: 'licence found' }, as: mod })).statusCode).toBe(204);
    expect((await archive.app.inject({ method: 'GET', url: `/releases/${releaseId}.torrent` })).statusCode).toBe(200);
    await archive.tracker!.tracker.refresh();
    expect((await httpClient(archive.app, '127.0.0.9').announce({ infoHash: hash, port: 7001, left: 0 })).seeders).toBe(1);
  });

  it('runs the same through the moderators\' forms', async () => {
    const form = (url: string, body: Record<string, string>, as: Browser) => archive.app.inject({ method: 'POST', url, headers: { cookie: as.cookie }, payload: { _csrf: as.csrf, ...body } });
    const flagged = await form('/flags', { targetType: 'release', targetId: String(keptId), reason: 'wrong_file', note: 'this is another film', back: `/films/contested/releases#release-${keptId}` }, reader);
    expect(flagged.statusCode).toBe(303);
    expect(flagged.headers.location).toBe(`/films/contested/releases#release-${keptId}`);
    const down = await form(`/releases/${keptId}/takedown`, { reason: 'wrong film' }, mod);
    expect(down.headers.location).toMatch(/^\/moderation\/flags\?done=/);
    expect((await archive.catalog.release(keptId)).takenDown).toMatchObject({ reason: 'wrong film' });
    const queue = await archive.app.inject({ method: 'GET', url: '/moderation/flags', headers: { cookie: mod.cookie } });
    expect(queue.body).toContain('Restore the release');
    const flagId = /action="\/moderation\/flags\/(\d+)\/close"/.exec(queue.body)![1]!;
    expect((await form(`/moderation/flags/${flagId}/close`, { outcome: 'resolved', note: 'taken down' }, mod)).statusCode).toBe(303);
    const hide = await form(`/reviews/${reviewId}/hide`, { reason: 'spam', back: '/moderation/flags' }, mod);
    expect(hide.headers.location).toBe('/moderation/flags');
    expect((await archive.reviews.get(userActor((await archive.accounts.tokenAccount(mod.token))!), reviewId)).hidden).toBe(true);
    expect((await archive.app.inject({ method: 'GET', url: '/moderation/flags', headers: { cookie: reader.cookie } })).statusCode).toBe(403);
  });
});
