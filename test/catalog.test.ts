import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../src/errors.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aCollection, aFilm, aPerson, aSubject } from './support/factories.ts';

const counts = async (a: TestArchive) => ({
  films: Number((await a.db.kysely.selectFrom('films').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  people: Number((await a.db.kysely.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  revisions: Number((await a.db.kysely.selectFrom('revisions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
});

const rejection = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
};

// One test body, every database backend (SQLite always, PostgreSQL when reachable and always in CI).
describe.each(DIALECTS)('catalog on $name', (dialect) => {
  let archive: TestArchive;
  const director = aPerson({ slug: 'ada-example', name: 'Ada Example', born: '1890-05-01', died: '1960' });
  const narrator = aPerson({ slug: 'orson-sample', name: 'Orson Sample' });
  const sponsor = aPerson({ slug: 'farm-office', name: 'The Farm Office', kind: 'organisation' });
  const rivers = aSubject({ slug: 'rivers', name: 'Rivers' });
  const floods = aSubject({ slug: 'floods', name: 'Floods' });
  const mediaDir = mkdtempSync(join(tmpdir(), 'kinora-media-'));
  const media = Buffer.from('not really a video, but bytes all the same\n'.repeat(50));
  writeFileSync(join(mediaDir, 'river.mp4'), media);

  const river = aFilm({
    slug: 'the-long-river', title: 'The Long River', originalTitle: 'Le Long Fleuve', year: 1937, runtimeMinutes: 31,
    countries: ['US', 'FR'], languages: ['en', 'fr'],
    synopsis: 'A journey down a great river, from melting snow to the delta, and the floods that follow careless farming.',
    credits: [
      { person: 'ada-example', role: 'director' }, { person: 'ada-example', role: 'writer' },
      { person: 'orson-sample', role: 'narrator' }, { person: 'farm-office', role: 'sponsor', note: 'through its film unit' },
    ],
    appearances: [{ person: 'orson-sample', as: 'a ferryman' }],
    subjects: ['rivers', 'floods'],
    places: [{ name: 'Mississippi delta', country: 'US' }],
    reception: [{ quote: 'A river of images.', author: 'C. Critic', outlet: 'The Daily Screen', date: '1938-02', url: 'https://example.org/review' }],
    releases: [{ name: 'The Long River (1937) – test file', files: [{ path: 'river.mp4' }] }],
    // Sources are cited by registry key; the registry need not have them (it has none here).
    sources: [{ key: 'barnouw1993', note: 'release date and credits' }, { key: 'usda:1938/report' }],
  });
  const plains = aFilm({ slug: 'wide-plains', title: 'Wide Plains', year: 1936, countries: ['US'], subjects: ['floods'], credits: [{ person: 'ada-example', role: 'director' }] });
  const city = aFilm({ slug: 'city-morning', title: 'A City Morning', year: 1921, countries: ['DE'], languages: ['de'], synopsis: 'Streets wake up.' });

  beforeAll(async () => {
    archive = await createTestArchive(dialect);
    const report = await archive.catalog.import(
      aCatalog({ people: [director, narrator, sponsor], subjects: [rivers, floods], films: [river, plains, city], collections: [aCollection(['wide-plains', 'the-long-river'], { slug: 'new-deal', title: 'New Deal films' })] }),
      { baseDir: mediaDir, actor: 'test' },
    );
    expect(report.films).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(report.releases.created).toBe(1);
  });
  afterAll(async () => {
    await archive?.destroy();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  it('returns everything a film page shows', async () => {
    const film = await archive.catalog.film('the-long-river');
    expect(film).toMatchObject({ title: 'The Long River', originalTitle: 'Le Long Fleuve', year: 1937, runtimeMinutes: 31, countries: ['US', 'FR'], languages: ['en', 'fr'] });
    expect(film.directors.map((d) => d.slug)).toEqual(['ada-example']);
    expect(film.credits.map((c) => [c.role, c.person.slug, c.note])).toEqual([
      ['director', 'ada-example', null], ['writer', 'ada-example', null], ['narrator', 'orson-sample', null], ['sponsor', 'farm-office', 'through its film unit'],
    ]);
    expect(film.credits[3]!.person.kind).toBe('organisation');
    expect(film.appearances).toEqual([{ person: { slug: 'orson-sample', name: 'Orson Sample', kind: 'person' }, as: 'a ferryman' }]);
    expect(film.subjects.map((s) => s.slug)).toEqual(['rivers', 'floods']);
    expect(film.places).toEqual([{ name: 'Mississippi delta', country: 'US' }]);
    expect(film.reception[0]).toEqual({ quote: 'A river of images.', author: 'C. Critic', outlet: 'The Daily Screen', date: '1938-02', url: 'https://example.org/review' });
    expect(film.collections).toEqual([{ slug: 'new-deal', title: 'New Deal films' }]);
    expect(film.releases).toHaveLength(1);
    expect(film.releases[0]!.files).toEqual([{ path: 'river.mp4', bytes: media.length, sha256: createHash('sha256').update(media).digest('hex') }]);
    expect(film.releases[0]!.totalBytes).toBe(media.length);
    expect(film.sources).toEqual([{ key: 'barnouw1993', note: 'release date and credits' }, { key: 'usda:1938/report', note: null }]);
    expect((await archive.catalog.film('wide-plains')).sources).toEqual([]);
  });

  it('lists the films citing a source, and only those', async () => {
    expect(await archive.catalog.filmsCiting('barnouw1993')).toEqual([{ slug: 'the-long-river', title: 'The Long River', year: 1937, note: 'release date and credits' }]);
    expect(await archive.catalog.filmsCiting('usda:1938/report')).toEqual([{ slug: 'the-long-river', title: 'The Long River', year: 1937, note: null }]);
    expect(await archive.catalog.filmsCiting('usda')).toEqual([]);
  });

  it('refuses bad sources with a clear error, writing nothing', async () => {
    const before = await counts(archive);
    const refused = async (sources: unknown) => {
      const e = await rejection(archive.catalog.import({ format: 'kinora-catalog', version: 1, films: [{ ...plains, sources }] }, { actor: 'test' }));
      expect(e.code).toBe('invalid_catalog');
      return e.details.map((d) => `${d.path}: ${d.message}`);
    };
    expect(await refused([{ key: 'bad key!' }, { key: 'ends-with-' }, { key: 'x' }])).toEqual([
      expect.stringMatching(/^films\[0\]\.sources\[0\]\.key: "bad key!" does not have the expected form \(A key of the wiki's source registry such as barnouw1993: letters, digits and _/),
      expect.stringMatching(/^films\[0\]\.sources\[1\]\.key: "ends-with-" does not have the expected form/),
      expect.stringMatching(/^films\[0\]\.sources\[2\]\.key: /),
    ]);
    expect(await refused(Array.from({ length: 51 }, (_, i) => ({ key: `source${i}` })))).toEqual(['films[0].sources: must NOT have more than 50 items']);
    expect(await refused([{ key: 'barnouw1993', note: 'n'.repeat(201) }])).toEqual(['films[0].sources[0].note: must NOT have more than 200 characters']);
    expect(await refused('barnouw1993')).toEqual(['films[0].sources: must be an array, not string']);
    expect(await refused([{ key: 'barnouw1993', page: 12 }])).toEqual(['films[0].sources[0].page: unknown field "page"']);
    expect(await refused([{ key: 'barnouw1993' }, { key: 'barnouw1993', note: 'again' }])).toEqual(['films[0].sources[1].key: "barnouw1993" is already cited by sources[0]; say both in one note']);
    expect(await counts(archive)).toEqual(before);
    expect((await archive.catalog.film('wide-plains')).sources).toEqual([]);
    // An empty list is no change to a film that cites nothing.
    expect((await archive.catalog.import(aCatalog({ films: [{ ...city, sources: [] }] }), { actor: 'test' })).films).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('answers not_found for an unknown slug', async () => {
    const e = await rejection(archive.catalog.film('no-such-film'));
    expect(e.code).toBe('film_not_found');
    expect(e.kind).toBe('not_found');
  });

  it('lists a person with every film and role', async () => {
    const person = await archive.catalog.person('ada-example');
    expect(person).toMatchObject({ name: 'Ada Example', born: '1890-05-01', died: '1960', kind: 'person' });
    expect(person.films.map((f) => [f.film.slug, f.roles])).toEqual([['the-long-river', ['director', 'writer']], ['wide-plains', ['director']]]);
    const orson = await archive.catalog.person('orson-sample');
    expect(orson.films[0]!.roles).toEqual(['narrator', 'appears as a ferryman']);
  });

  it('keeps a collection in its own order', async () => {
    const c = await archive.catalog.collection('new-deal');
    expect(c.films.map((f) => f.slug)).toEqual(['wide-plains', 'the-long-river']);
    expect(await archive.catalog.collections()).toEqual([{ slug: 'new-deal', title: 'New Deal films', description: '', filmCount: 2 }]);
  });

  it('browses with sorting, pagination and filters', async () => {
    const byTitle = await archive.catalog.browse({ page: 1, perPage: 10, sort: 'title' });
    // "A City Morning" files under C, "The Long River" under L.
    expect(byTitle.films.map((f) => f.slug)).toEqual(['city-morning', 'the-long-river', 'wide-plains']);
    expect(byTitle.total).toBe(3);
    const byYear = await archive.catalog.browse({ page: 1, perPage: 2, sort: 'year' });
    expect(byYear.films.map((f) => f.year)).toEqual([1921, 1936]);
    const page2 = await archive.catalog.browse({ page: 2, perPage: 2, sort: 'year' });
    expect(page2.films.map((f) => f.slug)).toEqual(['the-long-river']);
    const filtered = await archive.catalog.browse({ page: 1, perPage: 10, sort: 'title', decade: 1930, subject: 'floods' });
    expect(filtered.films.map((f) => f.slug)).toEqual(['the-long-river', 'wide-plains']);
    const fr = await archive.catalog.browse({ page: 1, perPage: 10, sort: 'title', country: 'FR' });
    expect(fr.films.map((f) => f.slug)).toEqual(['the-long-river']);
    const col = await archive.catalog.browse({ page: 1, perPage: 10, sort: 'title', collection: 'new-deal', language: 'en' });
    expect(col.total).toBe(2);
  });

  it('counts each facet over the films matching the other filters', async () => {
    const { facets } = await archive.catalog.browse({ page: 1, perPage: 10, sort: 'title', decade: 1930 });
    // The decade facet ignores the decade filter, so the reader can switch decades.
    expect(facets.decade).toEqual([{ value: '1930', label: '1930s', count: 2 }, { value: '1920', label: '1920s', count: 1 }]);
    expect(facets.country).toEqual([{ value: 'US', label: 'United States', count: 2 }, { value: 'FR', label: 'France', count: 1 }]);
    expect(facets.subject).toEqual([{ value: 'floods', label: 'Floods', count: 2 }, { value: 'rivers', label: 'Rivers', count: 1 }]);
    expect(facets.language.find((l) => l.value === 'en')).toEqual({ value: 'en', label: 'English', count: 2 });
    expect(facets.collection).toEqual([{ value: 'new-deal', label: 'New Deal films', count: 2 }]);
  });

  it('searches titles, synopses, people and subjects with highlighted snippets', async () => {
    const byWord = await archive.catalog.search({ q: 'delta', page: 1, perPage: 10 });
    expect(byWord.films.map((h) => h.film.slug)).toEqual(['the-long-river']);
    expect(byWord.films[0]!.snippet.some((p) => p.match && /delta/i.test(p.text))).toBe(true);
    const byPerson = await archive.catalog.search({ q: 'Ada Example', page: 1, perPage: 10 });
    expect(byPerson.films.map((h) => h.film.slug).sort()).toEqual(['the-long-river', 'wide-plains']);
    expect(byPerson.people.map((p) => p.person.slug)).toEqual(['ada-example']);
    const prefix = await archive.catalog.search({ q: 'flood', page: 1, perPage: 10 });
    expect(prefix.total).toBe(2);
    const original = await archive.catalog.search({ q: 'fleuve', page: 1, perPage: 10 });
    expect(original.films.map((h) => h.film.slug)).toEqual(['the-long-river']);
    const titleFirst = await archive.catalog.search({ q: 'river', page: 1, perPage: 10 });
    expect(titleFirst.films[0]!.film.slug).toBe('the-long-river');
    expect((await archive.catalog.search({ q: 'zeppelin', page: 1, perPage: 10 })).total).toBe(0);
    expect((await archive.catalog.search({ q: '"*^', page: 1, perPage: 10 })).total).toBe(0);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await counts(archive);
    const report = await archive.catalog.import(aCatalog({ people: [director, narrator, sponsor], subjects: [rivers, floods], films: [river, plains, city] }), { baseDir: mediaDir, actor: 'test' });
    expect(report.films).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(report.releases).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await counts(archive)).toEqual(before);
  });

  it('rejects a whole file with every error and its path, writing nothing', async () => {
    const before = await counts(archive);
    const bad = {
      format: 'kinora-catalog', version: 1,
      people: [aPerson({ slug: 'new-person' })],
      films: [
        aFilm({ slug: 'good-new-film', credits: [{ person: 'new-person', role: 'director' }] }),
        { ...aFilm(), credits: [{ person: 'ada-example', role: 'directer' }], year: '1930', countries: ['XX'] },
        aFilm({ subjects: ['no-such-subject'], appearances: [{ person: 'nobody-at-all' }] }),
        { ...aFilm(), releases: [{ name: 'x', files: [{ path: '../../etc/passwd' }] }] },
      ],
    };
    const e = await rejection(archive.catalog.import(bad, { baseDir: mediaDir, actor: 'test' }));
    expect(e.code).toBe('invalid_catalog');
    const lines = e.details.map((d) => `${d.path}: ${d.message}`);
    expect(lines).toContain('films[1].credits[0].role: unknown role "directer"');
    expect(lines).toContain('films[1].year: must be an integer, not string');
    // Second pass (after the schema): references and codes. The schema errors stop the file before it.
    const e2 = await rejection(archive.catalog.import({ ...bad, films: [bad.films[0], { ...aFilm(), countries: ['XX'] }, bad.films[2], bad.films[3]] }, { baseDir: mediaDir, actor: 'test' }));
    const lines2 = e2.details.map((d) => `${d.path}: ${d.message}`);
    expect(lines2).toEqual(expect.arrayContaining([
      'films[1].countries[0]: unknown country code "XX"',
      'films[2].subjects[0]: no subject "no-such-subject" in the file or the catalog',
      'films[2].appearances[0].person: no person "nobody-at-all" in the file or the catalog',
      'films[3].releases[0].files[0].path: "../../etc/passwd" must not contain ".." segments',
    ]));
    expect(await counts(archive)).toEqual(before);
    await expect(archive.catalog.film('good-new-film')).rejects.toMatchObject({ code: 'film_not_found' });
  });

  it('records a revision for each change and leaves earlier ones intact', async () => {
    const changed = { ...plains, synopsis: 'A new synopsis of the plains.' };
    const report = await archive.catalog.putFilm('wide-plains', changed, 'api');
    expect(report.films).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await archive.catalog.film('wide-plains')).synopsis).toBe('A new synopsis of the plains.');
    const film = await archive.db.kysely.selectFrom('films').select('id').where('slug', '=', 'wide-plains').executeTakeFirstOrThrow();
    const revisions = await archive.db.kysely.selectFrom('revisions').select(['number', 'actor', 'data']).where('entity', '=', 'film').where('entity_id', '=', film.id).orderBy('number').execute();
    expect(revisions.map((r) => [r.number, r.actor])).toEqual([[1, 'test'], [2, 'api']]);
    expect(JSON.parse(revisions[0]!.data).synopsis).toBe(plains.synopsis);
    expect((await archive.catalog.search({ q: 'plains synopsis', page: 1, perPage: 5 })).films[0]?.film.slug).toBe('wide-plains');
  });

  it('replaces a film\'s sources when its record changes, and stops listing a film that no longer cites one', async () => {
    const cited = { ...city, sources: [{ key: 'vertov1924', note: 'the intertitles' }] };
    expect((await archive.catalog.putFilm('city-morning', cited, 'api')).films.updated).toBe(1);
    expect((await archive.catalog.filmsCiting('vertov1924')).map((f) => f.slug)).toEqual(['city-morning']);
    const [latest, previous] = await archive.catalog.history('film', 'city-morning');
    expect((latest!.data as { sources?: unknown }).sources).toEqual(cited.sources);
    expect(previous!.data).not.toHaveProperty('sources');
    await archive.catalog.putFilm('city-morning', { ...city, sources: [] }, 'api');
    expect(await archive.catalog.filmsCiting('vertov1924')).toEqual([]);
    expect((await archive.catalog.film('city-morning')).sources).toEqual([]);
    expect((await archive.catalog.history('film', 'city-morning'))[0]!.data).toEqual(previous!.data);
  });

  it('re-indexes the films of a renamed person', async () => {
    await archive.catalog.import(aCatalog({ people: [{ ...narrator, name: 'Orsolya Renamed' }] }), { actor: 'test' });
    const hits = await archive.catalog.search({ q: 'Orsolya', page: 1, perPage: 5 });
    expect(hits.films.map((h) => h.film.slug)).toEqual(['the-long-river']);
  });

  it('refuses to change the files of a published release', async () => {
    writeFileSync(join(mediaDir, 'other.mp4'), 'different bytes');
    const e = await rejection(archive.catalog.import(aCatalog({ films: [{ ...river, releases: [{ name: 'The Long River (1937) – test file', files: [{ path: 'other.mp4' }] }] }] }), { baseDir: mediaDir, actor: 'test' }));
    expect(e.code).toBe('release_exists');
    expect((await archive.catalog.film('the-long-river')).releases[0]!.files[0]!.path).toBe('river.mp4');
  });

  it('exports a catalog that imports into an empty archive unchanged', async () => {
    const exported = await archive.catalog.export();
    expect(exported.films).toHaveLength(3);
    const copy = await createTestArchive(dialect);
    try {
      // The release file is found by its SHA-256 in the new archive's store only if copied there, so import from the media folder.
      const report = await copy.catalog.import(exported, { baseDir: mediaDir, actor: 'test' });
      expect(report.films.created).toBe(3);
      expect(await copy.catalog.export()).toEqual(exported);
      expect(exported.films?.find((f) => f.slug === 'the-long-river')?.sources).toEqual(river.sources);
      expect(exported.films?.find((f) => f.slug === 'city-morning')).not.toHaveProperty('sources');
      expect((await copy.catalog.film('the-long-river')).sources).toEqual([{ key: 'barnouw1993', note: 'release date and credits' }, { key: 'usda:1938/report', note: null }]);
      expect(await copy.catalog.filmsCiting('barnouw1993')).toHaveLength(1);
    } finally {
      await copy.destroy();
    }
  });
});
