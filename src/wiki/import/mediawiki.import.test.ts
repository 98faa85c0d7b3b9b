import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExportPage, ExportRevision } from './mediawiki.types.ts';
import { normaliseTitle, planImport } from './mediawiki.import.ts';
import { readMediaWikiExport } from './mediawiki.xml.ts';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/mediawiki/export-0.11.xml', import.meta.url), 'utf8');

const revision = (id: number, text: string, over: Partial<ExportRevision> = {}): ExportRevision => ({
  id, timestamp: `2021-01-0${id}T00:00:00.000Z`, contributor: 'Archivist', comment: `edit ${id}`, text, minor: false, ...over,
});
const page = (title: string, ns: number, revisions: ExportRevision[]): ExportPage => ({ title, ns, revisions });

describe('planImport on the fixture', () => {
  const plan = planImport(readMediaWikiExport(FIXTURE));

  it('plans the articles, the redirect and the category, and skips the rest with a reason', () => {
    expect(plan.pages.map((p) => [p.title, p.revisions.length])).toEqual([
      ['Nanook of the North', 3],
      ['Dust Bowl', 2],
      ['Marshall Plan films', 2],
      ['Nanook', 1],
      ['Category:Documentary films', 1],
    ]);
    expect(plan.skipped).toEqual([
      { title: 'Talk:Nanook of the North', ns: 1, reason: 'namespace 1 (Talk) is not imported; only articles and categories are' },
      { title: 'File:Nanook of the north.jpg', ns: 6, reason: 'namespace 6 (File) is not imported; only articles and categories are' },
      { title: 'Template:Infobox film', ns: 10, reason: 'namespace 10 (Template) is not imported; only articles and categories are' },
    ]);
  });

  it('keeps every revision, oldest first, with its summary, author, time and source id', () => {
    const nanook = plan.pages[0]!;
    expect(nanook.revisions.map(({ markup: _m, ...rest }) => rest)).toEqual([
      { summary: 'Start an article on the 1922 film', author: 'Archivist', timestamp: '2021-03-01T09:15:00.000Z', sourceRevisionId: 101 },
      { summary: 'infobox, sources', author: '192.0.2.7', timestamp: '2021-03-05T17:40:12.000Z', sourceRevisionId: 102 },
      { summary: 'production, releases, references', author: 'Archivist', timestamp: '2021-04-10T08:02:55.000Z', sourceRevisionId: 105 },
    ]);
    expect(nanook.revisions[0]!.markup).toBe('**Nanook of the North** is a 1922 silent [[documentary film]] by [[Robert J. Flaherty]].');
  });

  it('converts the newest revision in full', () => {
    const markup = plan.pages[0]!.revisions[2]!.markup;
    expect(markup).toContain('[[Quebec]].[@barnouw1993, p. 33] It follows the [[Inuit|Inuk]] hunter');
    expect(markup).toContain('[[Revillon Frères]].[^1] Several scenes were staged:\n\n- the igloo was built open on one side');
    expect(markup).toContain('  - this made the hunting scenes look older than they were.\n\nThe film was a commercial success when [[Pathé]] released it.[@barnouw1993, p. 33]');
    expect(markup).toContain('### Releases\n\n*Selected releases*\n\n| Year | Format | Notes |\n| --- | --- | --- |\n| 1922 | 35 mm | first release by [[Pathé]] |');
    expect(markup).toContain('| 1989 | — | selected for the [[National Film Registry]][@nationalnd] |');
    expect(markup).toContain('[[Category:Documentary films]]\n[[Category:1922 films]]\n\n[^1]: Revillon Frères was a Paris fur company with *trading posts* in the region.');
    expect(markup).not.toMatch(/Infobox|File:|fr:|<references/);
  });

  it('lists what was not converted, the newest revision first, each line once', () => {
    expect(plan.pages[0]!.unconverted).toEqual([
      'template {{Infobox film}} dropped',
      'file [[File:Nanook of the north.jpg]] dropped',
      "language link [[fr:Nanouk l'Esquimau]] dropped",
    ]);
    expect(plan.pages[1]!.unconverted).toEqual(['template {{Main}} dropped', 'magic word __NOTOC__ dropped', 'definition list converted to bold terms and paragraphs']);
  });

  it('collects the sources of the newest revision', () => {
    expect(plan.pages[0]!.sources.map((s) => s.id)).toEqual(['barnouw1993', 'nationalnd']);
    expect(plan.pages[0]!.sources[0]).toEqual({
      id: 'barnouw1993',
      type: 'book',
      title: 'Documentary: A History of the Non-Fiction Film',
      author: [{ family: 'Barnouw', given: 'Erik' }],
      issued: { 'date-parts': [[1993]] },
      publisher: 'Oxford University Press',
      'publisher-place': 'New York',
      edition: '2nd revised',
      ISBN: '978-0-19-507898-5',
    });
    expect(plan.pages[2]!.sources).toEqual([
      {
        id: 'films1997', type: 'article-newspaper', title: 'Films for the Recovery Program', 'container-title': 'Kinora Test Gazette',
        issued: { 'date-parts': [[1997, 6, 5]] }, URL: 'https://example.org/gazette-1997',
      },
    ]);
  });

  it('writes the redirect exactly', () => {
    expect(plan.pages[3]!.revisions[0]!.markup).toBe('#REDIRECT [[Nanook of the North]]');
  });
});

describe('planImport', () => {
  it('merges the unconverted lines of every revision, newest first', () => {
    const plan = planImport({ pages: [page('A', 0, [revision(1, '{{Old}} __TOC__'), revision(2, '{{New}} {{Old}}')])] });
    expect(plan.pages[0]!.unconverted).toEqual(['template {{New}} dropped', 'template {{Old}} dropped', 'magic word __TOC__ dropped']);
  });

  it('skips pages without revisions, with an empty title, or whose title another page already took', () => {
    const plan = planImport({
      pages: [page('Nanook', 0, []), page('_ _', 0, [revision(1, 'x')]), page('dust_Bowl', 0, [revision(1, 'a')]), page('Dust Bowl', 0, [revision(2, 'b')])],
    });
    expect(plan.pages.map((p) => p.title)).toEqual(['Dust Bowl']);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      'the page has no revisions',
      'the title cannot be a Kinora title: 1 to 200 characters without # < > [ ] { } | / \\ %',
      'another page of the export is also titled "Dust Bowl"',
    ]);
  });

  it('skips titles Kinora cannot hold or would read as another namespace', () => {
    const plan = planImport({ pages: [page('AC/DC', 0, [revision(1, 'x')]), page('Navbox:Films', 0, [revision(1, 'x')]), page('Nanook/Draft', 2, [])] });
    expect(plan.pages).toEqual([]);
    expect(plan.skipped.map((s) => [s.title, s.reason])).toEqual([
      ['AC/DC', 'the title cannot be a Kinora title: 1 to 200 characters without # < > [ ] { } | / \\ %'],
      ['Navbox:Films', "the title would fall in Kinora's Navbox namespace"],
      ['Nanook/Draft', 'namespace 2 (User) is not imported; only articles and categories are'],
    ]);
  });

  it('names unknown namespaces by number', () => {
    expect(planImport({ pages: [page('Gadget:X', 2300, [revision(1, 'x')])] }).skipped[0]!.reason).toBe('namespace 2300 is not imported; only articles and categories are');
  });
});

describe('normaliseTitle', () => {
  it.each([
    ['nanook_of_the_North', 0, 'Nanook of the North'],
    ['  Dust   Bowl ', 0, 'Dust Bowl'],
    ['élan', 0, 'Élan'],
    ['Star Wars: a new hope', 0, 'Star Wars: a new hope'],
    ['Category:documentary_films', 14, 'Category:Documentary films'],
    ['Kategorie:dokumentarfilm', 14, 'Category:Dokumentarfilm'],
    ['', 0, ''],
    ['AC/DC', 0, ''],
  ])('%j in namespace %i is %j', (title, ns, expected) => {
    expect(normaliseTitle(title, ns)).toBe(expected);
  });
});
