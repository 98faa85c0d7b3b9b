import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { mulberry32 } from '../prng.ts';
import { parseSource, SOURCE_KINDS, type Source, sourceProblems } from './source.parse.ts';

/** The details of the AppError that parsing throws, or a failure if it parses. */
function detailsOf(input: unknown): { path: string; message: string }[] {
  try {
    parseSource(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ kind: 'invalid', code: 'invalid_source' });
    return [...(e as AppError).details];
  }
  throw new Error(`parsed: ${JSON.stringify(input)}`);
}

const book = { key: 'barnouw1993', type: 'book', title: 'Documentary: A History of the Non-Fiction Film', author: [{ family: 'Barnouw', given: 'Erik' }], issued: { 'date-parts': [[1993]] }, publisher: 'Oxford University Press', 'publisher-place': 'New York', edition: '2nd', ISBN: '0-19-507898-5' };

describe('parseSource', () => {
  it('reads a source of each kind', () => {
    expect(parseSource(book)).toEqual({
      key: 'barnouw1993',
      item: { type: 'book', title: 'Documentary: A History of the Non-Fiction Film', author: [{ family: 'Barnouw', given: 'Erik' }], issued: { 'date-parts': [[1993]] }, publisher: 'Oxford University Press', 'publisher-place': 'New York', edition: '2nd', ISBN: '9780195078985' },
    });
    const chapter = { key: 'winston1995:ch2', type: 'chapter', title: 'The Documentary Idea', author: [{ family: 'Winston', given: 'Brian' }], editor: [{ family: 'Grant', given: 'Barry Keith' }], 'container-title': 'Documenting the Documentary', page: '17-42', issued: { 'date-parts': [[1998, 3]] }, publisher: 'Wayne State University Press' };
    const journal = { key: 'nichols1983', type: 'article-journal', title: 'The Voice of Documentary', author: [{ family: 'Nichols', given: 'Bill' }], 'container-title': 'Film Quarterly', volume: '36', issue: '3', page: '17-30', issued: { 'date-parts': [[1983, 4, 1]] }, ISSN: '0015-1386', DOI: '10.2307/3697347', language: 'en' };
    const newspaper = { key: 'nyt1922-06-12', type: 'article-newspaper', title: 'The Screen', author: [{ literal: 'The New York Times' }], 'container-title': 'The New York Times', issued: { 'date-parts': [[1922, 6, 12]] }, page: '18' };
    const magazine = { key: 'grierson1926', type: 'article-magazine', title: 'Flaherty’s Poetic Moana', author: [{ family: 'Grierson', given: 'John' }], 'container-title': 'The New York Sun', issued: { literal: 'February 1926' } };
    const web = { key: 'bfi-nanook', type: 'webpage', title: 'Nanook of the North (1922)', author: [{ literal: 'BFI' }], URL: 'https://www.bfi.org.uk/film/nanook', issued: { 'date-parts': [[2019]] }, accessed: { 'date-parts': [[2024, 2, 29]] } };
    const film = { key: 'nanook1922', type: 'motion_picture', title: 'Nanook of the North', director: [{ family: 'Flaherty', given: 'Robert J.' }], issued: { 'date-parts': [[1922, 6, 11]] }, publisher: 'Pathé Exchange' };
    const archive = { key: 'flaherty-papers-b12', type: 'manuscript', title: 'Letter to Frances Flaherty', author: [{ family: 'Flaherty', given: 'Robert J.' }], issued: { 'date-parts': [[1920, 8], [1921, 8]] }, archive: 'Robert J. Flaherty Papers, Columbia University', archive_location: 'Box 12, folder 3', note: 'Typescript, 3 pp.\nAnnotated by hand.' };
    for (const { key, ...item } of [chapter, journal, newspaper, magazine, web, film, archive]) {
      expect(parseSource({ key, ...item })).toEqual({ key, item });
    }
  });

  it('trims text, drops fields left blank, and returns a frozen source that parses back to itself', () => {
    const source = parseSource({ ...book, key: '  barnouw1993 ', title: '  Documentary  ', publisher: '', volume: '  ', editor: [] });
    expect(source.key).toBe('barnouw1993');
    expect(source.item.title).toBe('Documentary');
    expect(source.item).not.toHaveProperty('publisher');
    expect(source.item).not.toHaveProperty('volume');
    expect(source.item).not.toHaveProperty('editor');
    expect(Object.isFrozen(source) && Object.isFrozen(source.item) && Object.isFrozen(source.item.author?.[0])).toBe(true);
    expect(parseSource({ key: source.key, ...source.item })).toEqual(source);
  });

  it('stores the ISBN as its 13 digits, the ISSN as 1234-567X and the DOI bare', () => {
    expect(parseSource({ ...book, ISBN: 'ISBN 978-0-19-507898-5' }).item.ISBN).toBe('9780195078985');
    expect(parseSource({ ...book, ISBN: '0 8044 2957 x' }).item.ISBN).toBe('9780804429573');
    expect(parseSource({ ...book, ISBN: '979-10-698615-4-1' }).item.ISBN).toBe('9791069861541');
    expect(parseSource({ ...book, ISSN: '0015 1386' }).item.ISSN).toBe('0015-1386');
    expect(parseSource({ ...book, ISSN: '2434-561x' }).item.ISSN).toBe('2434-561X');
    expect(parseSource({ ...book, DOI: 'https://doi.org/10.2307/3697347' }).item.DOI).toBe('10.2307/3697347');
    expect(parseSource({ ...book, DOI: 'doi:10.2307/3697347' }).item.DOI).toBe('10.2307/3697347');
  });

  it('says what is wrong with an ISBN, ISSN or DOI', () => {
    expect(detailsOf({ ...book, ISBN: '0-19-507898-4' })).toEqual([{ path: 'ISBN', message: 'the check digit should be 5, not 4' }]);
    expect(detailsOf({ ...book, ISBN: '978-0-19-507898' })).toEqual([{ path: 'ISBN', message: 'an ISBN has 10 or 13 digits, this one has 12' }]);
    expect(detailsOf({ ...book, ISSN: '0015-1387' })).toEqual([{ path: 'ISSN', message: 'the check digit should be 6, not 7' }]);
    expect(detailsOf({ ...book, ISSN: '15-1386' })).toEqual([{ path: 'ISSN', message: 'an ISSN has 8 digits (the last may be X), as 0317-8471' }]);
    expect(detailsOf({ ...book, DOI: '3697347' })).toEqual([{ path: 'DOI', message: 'a DOI starts with 10. and a registrant code, as 10.1000/xyz123' }]);
  });

  it('takes keys that Pandoc reads whole, and no others', () => {
    for (const key of ['nanook1922', 'Barnouw1993', '1922nanook', 'barnouw:1993', 'a.b-c', 'doc/film#2', 'x_y', 'a+b?c<d>e~f$g%h&i']) {
      expect(parseSource({ ...book, key }).key).toBe(key);
    }
    for (const key of ['_ab', 'ab.', 'ab_', 'a..b', 'a-.b', 'a b', 'été1', 'a,b', 'a@b', 'a;b', '[ab]']) {
      expect(detailsOf({ ...book, key }), key).toEqual([{ path: 'key', message: `${JSON.stringify(key)} does not have the expected form (letters, digits and _ with single marks of :.#$%&+?<>~/- between them, starting and ending with a letter or digit)` }]);
    }
    expect(detailsOf({ ...book, key: 'a' })).toEqual([{ path: 'key', message: 'must have at least 2 characters' }]);
    expect(detailsOf({ ...book, key: 'a'.repeat(65) })).toEqual([{ path: 'key', message: 'must have at most 64 characters' }]);
    expect(detailsOf({ ...book, key: '' })).toEqual([{ path: 'key', message: 'is required' }]);
  });

  it('names the field of every value of the wrong type', () => {
    const cases: [string, unknown, string, string][] = [
      ['key', 1922, 'key', 'must be a string, not number'],
      ['type', ['book'], 'type', 'must be a string, not an array'],
      ['type', 'novel', 'type', 'unknown type "novel"'],
      ['title', 42, 'title', 'must be a string, not number'],
      ['title', null, 'title', 'must be a string, not null'],
      ['author', 'Erik Barnouw', 'author', 'must be an array, not string'],
      ['author', ['Erik Barnouw'], 'author[0]', 'must be an object, not string'],
      ['author', [{ family: 1 }], 'author[0].family', 'must be a string, not number'],
      ['author', [{ name: 'Barnouw' }], 'author[0].name', 'unknown field "name"'],
      ['author', [{}], 'author[0]', 'is empty'],
      ['editor', { family: 'Grant' }, 'editor', 'must be an array, not object'],
      ['director', [{ literal: ['Flaherty'] }], 'director[0].literal', 'must be a string, not an array'],
      ['issued', [1993], 'issued', 'must be an object, not an array'],
      ['issued', '1993', 'issued', 'must be an object, not string'],
      ['issued', {}, 'issued', 'is empty'],
      ['issued', { 'date-parts': 1993 }, 'issued.date-parts', 'must be an array, not number'],
      ['issued', { 'date-parts': [1993] }, 'issued.date-parts[0]', 'must be an array, not number'],
      ['issued', { 'date-parts': [['1993']] }, 'issued.date-parts[0][0]', 'must be an integer, not string'],
      ['issued', { 'date-parts': [[1993.5]] }, 'issued.date-parts[0][0]', 'must be an integer, not number'],
      ['issued', { year: 1993 }, 'issued.year', 'unknown field "year"'],
      ['accessed', { literal: 5 }, 'accessed.literal', 'must be a string, not number'],
      ['publisher', { name: 'OUP' }, 'publisher', 'must be a string, not object'],
      ['publisher-place', true, 'publisher-place', 'must be a string, not boolean'],
      ['container-title', 7, 'container-title', 'must be a string, not number'],
      ['volume', 36, 'volume', 'must be a string, not number'],
      ['issue', 3, 'issue', 'must be a string, not number'],
      ['page', 17, 'page', 'must be a string, not number'],
      ['edition', 2, 'edition', 'must be a string, not number'],
      ['ISBN', 9780195078985, 'ISBN', 'must be a string, not number'],
      ['ISSN', ['0015-1386'], 'ISSN', 'must be a string, not an array'],
      ['DOI', null, 'DOI', 'must be a string, not null'],
      ['URL', { href: 'https://x.org' }, 'URL', 'must be a string, not object'],
      ['archive', 1, 'archive', 'must be a string, not number'],
      ['archive_location', false, 'archive_location', 'must be a string, not boolean'],
      ['note', [], 'note', 'must be a string, not an array'],
      ['language', 'English', 'language', '"English" does not have the expected form (a language tag such as en or pt-BR)'],
      ['id', 'barnouw1993', 'id', 'unknown field "id"'],
      ['abstract', 'A history.', 'abstract', 'unknown field "abstract"'],
    ];
    for (const [field, value, path, message] of cases) {
      expect(detailsOf({ ...book, [field]: value }), `${field}: ${JSON.stringify(value)}`).toEqual([{ path, message }]);
    }
    expect(detailsOf(null)).toEqual([{ path: '', message: 'must be an object, not null' }]);
    expect(detailsOf([book])).toEqual([{ path: '', message: 'must be an object, not an array' }]);
    expect(detailsOf({})).toEqual([{ path: 'key', message: 'is required' }, { path: 'type', message: 'is required' }, { path: 'title', message: 'is required' }]);
  });

  it('reports every problem at once', () => {
    expect(detailsOf({ key: 'x', type: 'bok', title: 3, author: 'Me', URL: 'ftp://x.org', ISBN: '0-19-507898-4', extra: 1 })).toEqual([
      { path: 'extra', message: 'unknown field "extra"' },
      { path: 'key', message: 'must have at least 2 characters' },
      { path: 'type', message: 'unknown type "bok"' },
      { path: 'title', message: 'must be a string, not number' },
      { path: 'author', message: 'must be an array, not string' },
      { path: 'URL', message: '"ftp://x.org" does not have the expected form (an http or https address)' },
      { path: 'ISBN', message: 'the check digit should be 5, not 4' },
    ]);
  });

  it('checks that names and dates hold together', () => {
    expect(detailsOf({ ...book, author: [{ given: 'Erik' }, { literal: 'BFI', family: 'Institute' }] })).toEqual([
      { path: 'author[0]', message: 'has a given name but no family name (a single name goes in literal)' },
      { path: 'author[1]', message: 'is either a literal name or a family (and given) name, not both' },
    ]);
    expect(detailsOf({ ...book, author: Array.from({ length: 51 }, () => ({ literal: 'A' })) })).toEqual([{ path: 'author', message: 'must have at most 50 items' }]);
    expect(parseSource({ ...book, issued: { 'date-parts': [[2000, 2, 29]] } }).item.issued).toEqual({ 'date-parts': [[2000, 2, 29]] });
    expect(detailsOf({ ...book, issued: { 'date-parts': [[1900, 2, 29]] } })).toEqual([{ path: 'issued.date-parts[0]', message: '1900-2-29 is not a day of the calendar' }]);
    expect(detailsOf({ ...book, issued: { 'date-parts': [[1993, 13]] } })).toEqual([{ path: 'issued.date-parts[0][1]', message: 'must be <= 12' }]);
    expect(detailsOf({ ...book, issued: { 'date-parts': [[999]] } })).toEqual([{ path: 'issued.date-parts[0][0]', message: 'must be >= 1000' }]);
    expect(detailsOf({ ...book, issued: { 'date-parts': [[1993, 1, 1, 1]] } })).toEqual([{ path: 'issued.date-parts[0]', message: 'must NOT have more than 3 items' }]);
    expect(detailsOf({ ...book, issued: { 'date-parts': [[1921], [1920]] } })).toEqual([{ path: 'issued.date-parts', message: 'ends before it starts' }]);
    expect(detailsOf({ ...book, issued: { 'date-parts': [[1993]], literal: '1993' } })).toEqual([{ path: 'issued', message: 'is either date-parts or a literal date, not both' }]);
    expect(detailsOf({ ...book, accessed: { 'date-parts': [[1985]] } })).toEqual([{ path: 'accessed.date-parts[0][0]', message: 'must be >= 1990' }]);
  });

  it('keeps markup in text as text, but refuses control characters and addresses that are not http(s)', () => {
    expect(parseSource({ ...book, title: '<script>alert(1)</script>' }).item.title).toBe('<script>alert(1)</script>');
    expect(parseSource({ ...book, note: 'line one\r\n\tline two' }).item.note).toBe('line one\n\tline two');
    expect(detailsOf({ ...book, title: 'Docu\u0000mentary' })).toEqual([{ path: 'title', message: 'contains a control character (U+0000)' }]);
    expect(detailsOf({ ...book, title: 'Docu\nmentary' })).toEqual([{ path: 'title', message: 'contains a control character (U+000A)' }]);
    expect(detailsOf({ ...book, author: [{ family: 'Bar\u001bnouw' }] })).toEqual([{ path: 'author[0].family', message: 'contains a control character (U+001B)' }]);
    expect(detailsOf({ ...book, note: 'bell \u0007' })).toEqual([{ path: 'note', message: 'contains a control character (U+0007)' }]);
    expect(detailsOf({ ...book, publisher: 'OUP\u0085' })).toEqual([{ path: 'publisher', message: 'contains a control character (U+0085)' }]);
    for (const url of ['javascript:alert(1)', 'JavaScript://x.org/%0aalert(1)', 'data:text/html,<script>alert(1)</script>', '//x.org/a', 'x.org']) {
      expect(detailsOf({ ...book, URL: url }), url).toEqual([{ path: 'URL', message: `${JSON.stringify(url)} does not have the expected form (an http or https address)` }]);
    }
    expect(detailsOf({ ...book, URL: 'https://' })).toEqual([{ path: 'URL', message: 'is not a web address that can be opened' }]);
    expect(detailsOf({ ...book, URL: `https://x.org/${'a'.repeat(2000)}` })).toEqual([{ path: 'URL', message: 'must have at most 2000 characters' }]);
    expect(parseSource({ ...book, URL: 'HTTPS://www.bfi.org.uk/' }).item.URL).toBe('HTTPS://www.bfi.org.uk/');
    expect(detailsOf({ ...book, title: 'x'.repeat(501) })).toEqual([{ path: 'title', message: 'must have at most 500 characters' }]);
    expect(detailsOf(JSON.parse('{"__proto__": {"isAdmin": true}, "key": "ab", "type": "book", "title": "t"}'))).toEqual([{ path: '__proto__', message: 'unknown field "__proto__"' }]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers every random JSON value with a source or an invalid AppError, never anything else', () => {
    const random = mulberry32(2024);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const fields = ['key', 'type', 'title', 'author', 'editor', 'director', 'issued', 'accessed', 'publisher', 'ISBN', 'ISSN', 'DOI', 'URL', 'note', 'family', 'given', 'literal', 'date-parts', '__proto__', 'constructor', 'x', ''];
    const strings = ['', ' ', 'ab', 'barnouw1993', 'book', 'webpage', '0-19-507898-5', '0-19-507898-4', 'https://x.org', 'javascript:x', '\u0000', '<script>', 'é', '𝔘', '10.1/x', '0015-1386', 'a'.repeat(600)];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3) return pick<unknown>([null, true, false, 0, -1, 1.5, 1993, 1e308, Number.MAX_SAFE_INTEGER, ...strings]);
      if (r < 0.55) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [random() < 0.8 ? pick(fields) : random().toString(36).slice(2), value(depth + 1)]));
    };
    // Half start from a valid source with a field or two replaced, so the fuzz also reaches the checks after the schema.
    const mutated = (): unknown => {
      const out: Record<string, unknown> = { ...book };
      for (let k = Math.floor(random() * 3); k > 0; k--) out[pick(fields)] = value(1);
      return out;
    };
    let parsed = 0;
    let refused = 0;
    for (let n = 0; n < 5000; n++) {
      const input = n % 2 === 0 ? value(0) : mutated();
      let source: Source | undefined;
      try {
        source = parseSource(input);
      } catch (e) {
        expect(e, JSON.stringify(input)).toBeInstanceOf(AppError);
        expect((e as AppError).kind).toBe('invalid');
        expect((e as AppError).details.length).toBeGreaterThan(0);
        refused++;
        continue;
      }
      expect(typeof source.key).toBe('string');
      expect(typeof source.item.title).toBe('string');
      expect(sourceProblems(source)).toBeInstanceOf(Array);
      parsed++;
    }
    expect(parsed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(2000);
  });
});

describe('sourceProblems', () => {
  const item = (fields: Record<string, unknown>) => parseSource({ key: 'ab', title: 'T', ...fields });

  it('finds nothing to say about a complete source', () => {
    expect(sourceProblems(parseSource(book))).toEqual([]);
    expect(sourceProblems(item({ type: 'book', editor: [{ family: 'Grant' }], issued: { literal: 'circa 1920' }, publisher: 'P' }))).toEqual([]);
    expect(sourceProblems(item({ type: 'book', author: [{ literal: 'UNESCO' }], issued: { 'date-parts': [[1950]] }, publisher: 'UNESCO' }))).toEqual([]);
  });

  it('lists what each kind of source lacks', () => {
    expect(sourceProblems(item({ type: 'book' }))).toEqual(['has no author', 'has no date', 'has no publisher']);
    expect(sourceProblems(item({ type: 'chapter', author: [{ family: 'W' }], issued: { 'date-parts': [[1998]] } }))).toEqual(['has no book title']);
    expect(sourceProblems(item({ type: 'article-journal', author: [{ family: 'N' }], issued: { 'date-parts': [[1983]] } }))).toEqual(['has no journal title']);
    expect(sourceProblems(item({ type: 'article-newspaper', author: [{ family: 'N' }], issued: { 'date-parts': [[1983]] } }))).toEqual(['has no newspaper title']);
    expect(sourceProblems(item({ type: 'article-magazine', author: [{ family: 'N' }], issued: { 'date-parts': [[1983]] } }))).toEqual(['has no magazine title']);
    expect(sourceProblems(item({ type: 'webpage', author: [{ literal: 'BFI' }], issued: { 'date-parts': [[2019]] } }))).toEqual(['has no URL', 'has no access date']);
    expect(sourceProblems(item({ type: 'webpage', author: [{ literal: 'BFI' }], URL: 'https://bfi.org.uk', accessed: { 'date-parts': [[2024]] } }))).toEqual(['has no date']);
    expect(sourceProblems(item({ type: 'motion_picture', issued: { 'date-parts': [[1922]] } }))).toEqual(['has no director']);
    expect(sourceProblems(item({ type: 'manuscript', author: [{ family: 'F' }], issued: { 'date-parts': [[1920]] } }))).toEqual(['has no archive']);
  });
});

describe('SOURCE_KINDS', () => {
  it('lists each CSL type once, with a label, for a select', () => {
    expect(SOURCE_KINDS.map((k) => k.type)).toEqual(['book', 'chapter', 'article-journal', 'article-newspaper', 'article-magazine', 'webpage', 'motion_picture', 'manuscript']);
    expect(SOURCE_KINDS[0]).toEqual({ type: 'book', label: 'Book' });
    expect(SOURCE_KINDS.find((k) => k.type === 'manuscript')?.label).toBe('Archive document');
    expect(Object.isFrozen(SOURCE_KINDS)).toBe(true);
  });
});
