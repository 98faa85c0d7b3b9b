import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../errors.ts';
import { readMediaWikiExport, type ReadExportOptions } from './mediawiki.xml.ts';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/mediawiki/export-0.11.xml', import.meta.url), 'utf8');
const NS_11 = 'http://www.mediawiki.org/xml/export-0.11/';

/** An export around the given pages, in the 0.11 namespace unless told otherwise. */
const exportOf = (pages: string, ns = NS_11) => `<mediawiki xmlns="${ns}" version="0.11">${pages}</mediawiki>`;
const pageOf = (title: string, revisions: string, extra = '') => `<page><title>${title}</title><ns>0</ns><id>1</id>${extra}${revisions}</page>`;
const revisionOf = (id: number, timestamp: string, text = 'x') =>
  `<revision><id>${id}</id><timestamp>${timestamp}</timestamp><contributor><username>A</username></contributor><text>${text}</text></revision>`;

/** Reads and answers the AppError it must throw. */
function failure(xml: string | Iterable<string>, options?: ReadExportOptions): AppError {
  try {
    readMediaWikiExport(xml, options);
  } catch (e) {
    if (isAppError(e)) return e;
    throw new Error(`expected an AppError, got ${String(e)}`);
  }
  throw new Error('expected the export to be refused');
}

describe('readMediaWikiExport on the fixture', () => {
  const dump = readMediaWikiExport(FIXTURE);

  it('reads the site name and every page with its namespace', () => {
    expect(dump.siteName).toBe('Kinora Test Wiki');
    expect(dump.pages.map((p) => [p.title, p.ns, p.revisions.length])).toEqual([
      ['Nanook of the North', 0, 3],
      ['Dust_Bowl', 0, 2],
      ['Marshall Plan films', 0, 2],
      ['Nanook', 0, 1],
      ['Category:Documentary films', 14, 1],
      ['Talk:Nanook of the North', 1, 1],
      ['File:Nanook of the north.jpg', 6, 1],
      ['Template:Infobox film', 10, 1],
    ]);
    expect(dump.pages[3]!.redirect).toBe('Nanook of the North');
    expect(dump.pages[0]!.redirect).toBeUndefined();
  });

  it('reads each revision: id, ISO timestamp, contributor, comment, minor, text with entities decoded', () => {
    const [first, second] = dump.pages[0]!.revisions;
    expect(first).toEqual({
      id: 101,
      timestamp: '2021-03-01T09:15:00.000Z',
      contributor: 'Archivist',
      comment: 'Start an article on the 1922 film',
      text: "'''Nanook of the North''' is a 1922 silent [[documentary film]] by [[Robert J. Flaherty]].",
      minor: false,
    });
    expect(second).toMatchObject({ id: 102, contributor: '192.0.2.7', comment: 'infobox, sources', minor: true });
    expect(second!.text).toContain('[[Quebec]].<ref name="barnouw">{{cite book |last=Barnouw');
  });

  it('reads hidden contributors and comments as empty', () => {
    expect(dump.pages[1]!.revisions[1]).toMatchObject({ id: 203, contributor: '', comment: '' });
  });

  it('reads text in a CDATA section', () => {
    expect(dump.pages[2]!.revisions[1]!.text).toContain('<ref group="note">The programme was run by');
    expect(dump.pages[2]!.revisions[1]!.comment).toBe('themes & titles');
  });

  it('ignores <upload> and <discussionthreadinginfo>', () => {
    expect(dump.pages[6]!.revisions).toEqual([
      { id: 701, timestamp: '2021-04-10T07:00:00.000Z', contributor: 'Archivist', comment: 'film still', text: 'A still from the film.', minor: false },
    ]);
    expect(dump.pages[5]!.revisions).toHaveLength(1);
  });

  it('reads the same dump in chunks cut anywhere', () => {
    const chunks = function* () {
      for (let i = 0; i < FIXTURE.length; i += 7) yield FIXTURE.slice(i, i + 7);
    };
    expect(readMediaWikiExport(chunks())).toEqual(dump);
  });
});

describe('readMediaWikiExport on small exports', () => {
  it('accepts export-0.10 and no namespace at all', () => {
    const pages = pageOf('Nanook', revisionOf(1, '2020-01-01T00:00:00Z'));
    expect(readMediaWikiExport(exportOf(pages, 'http://www.mediawiki.org/xml/export-0.10/')).pages).toHaveLength(1);
    expect(readMediaWikiExport(`<mediawiki>${pages}</mediawiki>`).pages).toHaveLength(1);
  });

  it('sorts revisions by timestamp, oldest first, whatever the order in the file', () => {
    const xml = exportOf(pageOf('Nanook', revisionOf(3, '2021-03-01T00:00:00Z') + revisionOf(1, '2019-01-01T00:00:00+02:00') + revisionOf(2, '2020-06-01T12:30:00.5Z')));
    expect(readMediaWikiExport(xml).pages[0]!.revisions.map((r) => [r.id, r.timestamp])).toEqual([
      [1, '2018-12-31T22:00:00.000Z'],
      [2, '2020-06-01T12:30:00.500Z'],
      [3, '2021-03-01T00:00:00.000Z'],
    ]);
  });

  it('reads hidden or absent text as empty and a missing id as null', () => {
    const xml = exportOf(pageOf('Nanook', '<revision><timestamp>2020-01-01T00:00:00Z</timestamp><contributor><ip>192.0.2.1</ip></contributor><comment deleted="deleted"/><text deleted="deleted"/></revision>'));
    expect(readMediaWikiExport(xml).pages[0]!.revisions[0]).toEqual({ id: null, timestamp: '2020-01-01T00:00:00.000Z', contributor: '192.0.2.1', comment: '', text: '', minor: false });
  });

  it('decodes entities and character references', () => {
    const xml = exportOf(pageOf('Fr&#232;res &amp; Co', revisionOf(1, '2020-01-01T00:00:00Z', '&lt;ref&gt;a &quot;b&quot;&lt;/ref&gt; &#x2014;')));
    const page = readMediaWikiExport(xml).pages[0]!;
    expect(page.title).toBe('Frères & Co');
    expect(page.revisions[0]!.text).toBe('<ref>a "b"</ref> —');
  });

  it('takes the namespace from the title prefix when an old export has no <ns>', () => {
    const xml = exportOf('<siteinfo><namespaces><namespace key="14">Category</namespace><namespace key="1">Talk</namespace></namespaces></siteinfo>' +
      `<page><title>Category:Films</title>${revisionOf(1, '2020-01-01T00:00:00Z')}</page><page><title>Star Wars: A New Hope</title>${revisionOf(2, '2020-01-01T00:00:00Z')}</page>`);
    expect(readMediaWikiExport(xml).pages.map((p) => p.ns)).toEqual([14, 0]);
  });

  it('reads an export with no pages', () => {
    expect(readMediaWikiExport(exportOf('<siteinfo><sitename>Empty</sitename></siteinfo>'))).toEqual({ siteName: 'Empty', pages: [] });
    expect(readMediaWikiExport('<?xml version="1.0"?>\n<mediawiki/>')).toEqual({ pages: [] });
  });

  it('accepts a DOCTYPE that declares no entities', () => {
    expect(readMediaWikiExport('<!DOCTYPE mediawiki><mediawiki/>')).toEqual({ pages: [] });
  });
});

describe('readMediaWikiExport on hostile input', () => {
  it.each([
    ['text that is not XML', 'hello, wiki', 'xml_malformed'],
    ['an empty string', '', 'xml_malformed'],
    ['a truncated file', FIXTURE.slice(0, Math.floor(FIXTURE.length / 2)), 'xml_malformed'],
    ['mismatched tags', exportOf('<page><title>A</titel></page>'), 'xml_malformed'],
    ['an undefined entity', exportOf(pageOf('&nanook;', '')), 'xml_malformed'],
    ['two roots', '<mediawiki/><mediawiki/>', 'xml_malformed'],
    ['the wrong root element', '<html><body>Nanook</body></html>', 'xml_root'],
    ['a foreign namespace', '<mediawiki xmlns="http://example.org/wiki"/>', 'xml_namespace'],
    ['a page without a title', exportOf(`<page><ns>0</ns>${revisionOf(1, '2020-01-01T00:00:00Z')}</page>`), 'xml_page_title'],
    ['a page with an empty title', exportOf(pageOf('  ', '')), 'xml_page_title'],
    ['a timestamp that is no date', exportOf(pageOf('A', revisionOf(1, 'yesterday'))), 'xml_timestamp'],
    ['a timestamp on 30 February', exportOf(pageOf('A', revisionOf(1, '2021-02-30T00:00:00Z'))), 'xml_timestamp'],
    ['a timestamp without a zone', exportOf(pageOf('A', revisionOf(1, '2021-02-01T00:00:00'))), 'xml_timestamp'],
    ['a revision without a timestamp', exportOf(pageOf('A', '<revision><id>1</id><text>x</text></revision>')), 'xml_timestamp'],
    ['a revision id that is no number', exportOf(pageOf('A', revisionOf(1, '2020-01-01T00:00:00Z').replace('<id>1</id>', '<id>one</id>'))), 'xml_revision_id'],
    ['a namespace that is no number', exportOf('<page><title>A</title><ns>main</ns></page>'), 'xml_page_ns'],
  ])('refuses %s', (_, xml, code) => {
    const error = failure(xml);
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe(code);
  });

  it('names the line and column of a syntax error', () => {
    const error = failure('<mediawiki>\n  <page>\n    <title>A</title>\n  </pag>\n</mediawiki>');
    expect(error.message).toMatch(/^The export is not well-formed XML \(line 4, column \d+\): /);
  });

  it('refuses a billion-laughs DOCTYPE before any entity is used', () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k || ''};`.repeat(10)}">`)].join('\n');
    const error = failure(`<?xml version="1.0"?>\n<!DOCTYPE mediawiki [\n${lol}\n]>\n<mediawiki><page><title>&lol9;</title></page></mediawiki>`);
    expect(error.code).toBe('xml_doctype');
  });

  it('refuses an external entity', () => {
    expect(failure('<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><mediawiki>&xxe;</mediawiki>').code).toBe('xml_doctype');
  });

  it('refuses a text longer than maxTextBytes, by default 2 MB', () => {
    const xml = exportOf(pageOf('Big', revisionOf(1, '2020-01-01T00:00:00Z', 'é'.repeat(1_500_000))));
    expect(failure(xml, { maxTextBytes: 1_000_000 }).code).toBe('xml_text_too_large');
    expect(failure(xml).code).toBe('xml_text_too_large');
    expect(readMediaWikiExport(xml, { maxTextBytes: 3_000_000 }).pages[0]!.revisions[0]!.text).toHaveLength(1_500_000);
  });

  it('refuses more pages or revisions than the limits', () => {
    const pages = Array.from({ length: 4 }, (_, k) => pageOf(`P${k}`, revisionOf(k, '2020-01-01T00:00:00Z'))).join('');
    expect(failure(exportOf(pages), { maxPages: 3 }).code).toBe('xml_too_many_pages');
    expect(readMediaWikiExport(exportOf(pages), { maxPages: 4 }).pages).toHaveLength(4);
    const revisions = Array.from({ length: 6 }, (_, k) => revisionOf(k, '2020-01-01T00:00:00Z')).join('');
    expect(failure(exportOf(pageOf('A', revisions)), { maxRevisionsPerPage: 5 }).code).toBe('xml_too_many_revisions');
  });

  it('refuses chunks that are not strings', () => {
    expect(failure([Buffer.from('<mediawiki/>') as unknown as string]).code).toBe('xml_input');
  });
});
