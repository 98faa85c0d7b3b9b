import type { CslDate, CslItem, CslName, CslType } from './csl.types.ts';
import type { Fragment, Piece } from './wikitext.context.ts';
import { preprocess } from './wikitext.preprocess.ts';
import { templateParams } from './wikitext.template.ts';
import { asciiLower } from './wikitext.text.ts';

/** A citation template read: the source it names, and where in it (`p. 139`) the text points. */
export interface Citation {
  readonly item: Omit<CslItem, 'id'>;
  readonly locator?: string;
  /** The date as the template wrote it, for the readable text. */
  readonly dateText?: string;
  readonly accessText?: string;
}

/** Renders one template parameter's wikitext as plain text (no markup), bound to its fragment. */
export type PlainRenderer = (value: string, fragment: Fragment) => string;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Reads `{{cite book|last=…|title=…}}` and its kin (Citation Style 1) into a CSL-JSON item. */
export function readCitation(piece: Piece, plain: PlainRenderer, report: (line: string) => void): Citation {
  const fragment = preprocess(piece.inner, report);
  const { named } = templateParams(fragment.body);
  const v = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const raw = named.get(key);
      const value = raw === undefined ? '' : plain(raw, fragment);
      if (value !== '') return value;
    }
    return undefined;
  };
  const type = citationType(piece.name, (k) => named.has(k) && named.get(k) !== '');
  const dateText = v('date');
  const yearText = v('year');
  const issued = (dateText === undefined ? undefined : parseDate(dateText)) ?? (yearText === undefined ? undefined : parseDate(yearText));
  const accessText = v('access-date', 'accessdate');
  const accessed = accessText === undefined ? undefined : parseDate(accessText);
  const pages = v('pages', 'page');
  // Kinora's registry takes only http(s) addresses, and a bare DOI.
  const url = v('url')?.replace(/^\/\//, 'https://');
  const doi = v('doi')?.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  const item: Omit<CslItem, 'id'> = {
    type,
    ...optional('title', v('title')),
    ...optional('author', authors(v)),
    ...optional('issued', issued),
    ...optional('container-title', v('journal', 'newspaper', 'work', 'website', 'magazine', 'periodical')),
    ...optional('publisher', v('publisher')),
    ...optional('publisher-place', v('location', 'place', 'publication-place')),
    ...optional('edition', v('edition')),
    ...optional('volume', v('volume')),
    ...optional('issue', v('issue', 'number')),
    // For an article the pages are its extent; for a book they only say where the text points.
    ...optional('page', type === 'article-journal' || type === 'article-newspaper' ? pages : undefined),
    ...optional('ISBN', v('isbn')),
    ...optional('DOI', doi),
    ...optional('URL', url !== undefined && /^https?:\/\//i.test(url) ? url : undefined),
    ...optional('accessed', accessed),
  };
  const locator = pages === undefined ? v('at') : /[-–—,&]/.test(pages) ? `pp. ${pages}` : `p. ${pages}`;
  return { item, ...optional('locator', locator), ...optional('dateText', dateText ?? yearText), ...optional('accessText', accessText) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return {};
  return { [key]: value } as { [P in K]?: V };
}

function citationType(template: string, has: (key: string) => boolean): CslType {
  switch (template) {
    case 'cite book': return 'book';
    case 'cite journal': return 'article-journal';
    case 'cite news': return 'article-newspaper';
    case 'cite web': return 'webpage';
  }
  // {{citation}} names no type: its parameters say what it cites.
  if (has('journal')) return 'article-journal';
  if (has('newspaper')) return 'article-newspaper';
  if (has('isbn') || has('publisher')) return 'book';
  if (has('url') || has('website')) return 'webpage';
  return 'book';
}

function authors(v: (...keys: string[]) => string | undefined): CslName[] {
  const names: CslName[] = [];
  for (let n = 1; n <= 20; n++) {
    const suffixes = n === 1 ? ['', '1'] : [String(n)];
    const keys = (forms: string[]) => suffixes.flatMap((s) => forms.map((f) => f.replace('#', s)));
    const last = v(...keys(['last#', 'surname#', 'author-last#', 'author#-last']));
    const first = v(...keys(['first#', 'given#', 'author-first#', 'author#-first']));
    const whole = v(...keys(['author#']));
    if (last !== undefined) names.push(first === undefined ? { family: last } : { family: last, given: first });
    else if (whole !== undefined) names.push(splitName(whole));
  }
  const list = v('authors');
  if (names.length === 0 && list !== undefined) for (const one of list.split(';')) if (one.trim() !== '') names.push(splitName(one.trim()));
  return names;
}

/** "Barnouw, Erik" or "Erik Barnouw" → family and given names. */
function splitName(text: string): CslName {
  const comma = text.indexOf(',');
  if (comma > 0) {
    const given = text.slice(comma + 1).trim();
    return given === '' ? { family: text.slice(0, comma).trim() } : { family: text.slice(0, comma).trim(), given };
  }
  const space = text.lastIndexOf(' ');
  return space < 0 ? { family: text } : { family: text.slice(space + 1), given: text.slice(0, space).trim() };
}

/** Dates as Citation Style 1 writes them: `1993`, `1993-03-15`, `15 March 1993`, `March 15, 1993`, `March 1993`. */
export function parseDate(text: string): CslDate | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(t);
  if (iso !== null) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), iso[3] === undefined ? undefined : Number(iso[3])];
    if (m >= 1 && m <= 12 && (d === undefined || (d >= 1 && d <= 31))) return { 'date-parts': [d === undefined ? [y, m] : [y, m, d]] };
  }
  const month = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  const dmy = /^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$/.exec(t);
  if (dmy !== null && month(dmy[2]!) > 0) return { 'date-parts': [[Number(dmy[3]), month(dmy[2]!), Number(dmy[1])]] };
  const mdy = /^([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})$/.exec(t);
  if (mdy !== null && month(mdy[1]!) > 0) return { 'date-parts': [[Number(mdy[3]), month(mdy[1]!), Number(mdy[2])]] };
  const my = /^([A-Za-z]{3,9})\.? (\d{4})$/.exec(t);
  if (my !== null && month(my[1]!) > 0) return { 'date-parts': [[Number(my[2]), month(my[1]!)]] };
  const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(t);
  return year === null ? undefined : { 'date-parts': [[Number(year[1])]] };
}

/** The page's collected sources, each under a key like `barnouw1993`, the same source once. */
export interface SourceList {
  /** Adds a source (or finds it again) and answers its key. */
  add(item: Omit<CslItem, 'id'>): string;
  items(): CslItem[];
}

/** Starts an empty list of sources for one page's conversion. */
export function createSourceList(): SourceList {
  const byIdentity = new Map<string, string>();
  const taken = new Set<string>();
  const nextSuffix = new Map<string, number>();
  const items: CslItem[] = [];
  return {
    add(item) {
      // Two citations of one book at different pages are one source; only the locator differs.
      const { page: _page, ...identity } = item;
      const key = JSON.stringify(identity);
      const known = byIdentity.get(key);
      if (known !== undefined) return known;
      const base = `${keyName(item)}${item.issued?.['date-parts'][0][0] ?? 'nd'}`;
      let id = base;
      // Remembering the next suffix per key keeps a page citing one author a thousand times linear.
      for (let n = nextSuffix.get(base) ?? 0; taken.has(id); n++) {
        id = base + letters(n);
        nextSuffix.set(base, n + 1);
      }
      taken.add(id);
      byIdentity.set(key, id);
      items.push({ id, ...item });
      return id;
    },
    items: () => [...items],
  };
}

function keyName(item: Omit<CslItem, 'id'>): string {
  // Registry keys are at most 64 characters: the name part is kept well short of that.
  const family = asciiLower(item.author?.[0]?.family ?? '').replace(/[0-9]/g, '').slice(0, 40);
  if (family !== '') return family;
  const word = (item.title ?? '').split(/\s+/).map((w) => asciiLower(w).replace(/[0-9]/g, '').slice(0, 40)).find((w) => w.length > 2);
  return word ?? 'anon';
}

/** 0 → a, 25 → z, 26 → aa: the suffixes that tell two sources of one author and year apart. */
function letters(n: number): string {
  let s = '';
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/** A pandoc-style citation for Kinora's renderer: `[@barnouw1993, p. 139; @rotha1952]`. */
export const citationMarkup = (cites: readonly { id: string; locator?: string }[]): string =>
  `[${cites.map((c) => `@${c.id}${c.locator === undefined ? '' : `, ${c.locator}`}`).join('; ')}]`;

/** The citation as readable text, for where it cannot be a citation (beside other text in a note). */
export function citationText(citation: Citation): string {
  const { item } = citation;
  const parts: string[] = [];
  const names = item.author ?? [];
  if (names.length > 0) {
    const shown = names.map((n, k) => (k === 0 ? (n.given ? `${n.family}, ${n.given}` : n.family) : n.given ? `${n.given} ${n.family}` : n.family));
    parts.push(sentence(shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')}, and ${shown[shown.length - 1]}`));
  }
  const year = item.issued?.['date-parts'][0][0];
  if (item.type === 'book') {
    if (item.title) parts.push(sentence(`*${item.title}*`, item.title));
    const where = item['publisher-place'] && item.publisher ? `${item['publisher-place']}: ${item.publisher}` : item.publisher ?? item['publisher-place'];
    const published = [where, year].filter((p) => p !== undefined).join(', ');
    if (published !== '') parts.push(sentence(published));
  } else {
    if (item.title) parts.push(/[.?!]$/.test(item.title) ? `"${item.title}"` : `"${item.title}."`);
    let container = item['container-title'] ? `*${item['container-title']}*` : '';
    if (item.volume) container += ` ${item.volume}`;
    if (item.issue) container += `, no. ${item.issue}`;
    const when = citation.dateText ?? (year === undefined ? undefined : String(year));
    if (item.type === 'article-journal' && when !== undefined) container += ` (${when})`;
    else if (when !== undefined) container += container === '' ? when : `, ${when}`;
    if (item.publisher && item.type === 'webpage') container += container === '' ? item.publisher : `. ${item.publisher}`;
    if (container.trim() !== '') parts.push(sentence(container.trim()));
  }
  if (item.ISBN) parts.push(`ISBN ${item.ISBN}.`);
  if (citation.locator) parts.push(sentence(citation.locator));
  if (item.DOI) parts.push(`doi:${item.DOI}.`);
  if (item.URL) parts.push(`<${item.URL}>.`);
  if (item.URL && citation.accessText) parts.push(`Accessed ${citation.accessText}.`);
  return parts.join(' ');
}

/** Ends a part with a full stop unless it (or the title it wraps) already ends with one. */
function sentence(text: string, inner = text): string {
  return /[.?!]$/.test(inner) ? text : `${text}.`;
}
