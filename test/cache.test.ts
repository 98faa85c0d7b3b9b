import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Archive, createArchive } from '../src/main.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';

// Two processes on one database are two archives on one configuration: each has its own caches.
describe.each(DIALECTS)('caches on $name', (dialect) => {
  let a: TestArchive;
  let b: Archive;
  beforeAll(async () => {
    a = await createTestArchive(dialect);
    b = await createArchive(a.config, { logger: pino({ level: 'silent' }) });
    await a.catalog.import(aCatalog({ films: [aFilm({ slug: 'cached-film', title: 'First Title', synopsis: 'Original words about rivers.' })] }), { actor: 'test' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.destroy();
  });

  const page = (archive: Archive, url: string) => archive.app.inject({ url }).then((r) => r.body);

  it('serves a changed record at once, from every process', async () => {
    for (const archive of [a, b]) {
      expect(await page(archive, '/films/cached-film')).toContain('First Title');
      expect(await page(archive, '/search?q=rivers')).toContain('First Title');
      expect(await page(archive, '/films?decade=1930')).toContain('First Title');
    }
    const before = await a.catalog.version();
    await a.catalog.putFilm('cached-film', aFilm({ slug: 'cached-film', title: 'Second Title', synopsis: 'Original words about rivers.' }), 'test');
    expect(await a.catalog.version()).not.toBe(before);
    for (const archive of [a, b]) {
      const film = await page(archive, '/films/cached-film');
      expect(film).toContain('Second Title');
      expect(film).not.toContain('First Title');
      expect(await page(archive, '/search?q=rivers')).toContain('Second Title');
      expect(await page(archive, '/films?decade=1930')).toContain('Second Title');
    }
  });

  it('leaves the version alone when an import changes nothing', async () => {
    const before = await a.catalog.version();
    await a.catalog.import(aCatalog({ films: [aFilm({ slug: 'cached-film', title: 'Second Title', synopsis: 'Original words about rivers.' })] }), { actor: 'test' });
    expect(await a.catalog.version()).toBe(before);
  });
});
