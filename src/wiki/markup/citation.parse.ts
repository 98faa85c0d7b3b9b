/**
 * Pandoc's bracketed citations: `[@barnouw1993, p. 139]`, `[see @nichols2001; @winston1995,
 * pp. 4-7]`, `[-@barnouw1993]`. From Pandoc's manual: "Each citation must have a key, composed of
 * '@' + the citation identifier … Citation identifiers must begin with a letter, digit, or _, and
 * may contain alphanumerics, _, and internal punctuation characters (:.#$%&-+?<>~/)". A locator
 * with no label ("139") is a page.
 */
export interface CiteItem {
  readonly key: string;
  readonly prefix: string;
  /** CSL locator label (`page`, `chapter`…), set when a locator is. */
  readonly label: string | null;
  readonly locator: string | null;
  readonly suffix: string;
  /** `-@key`: the author is named in the sentence, so the citation shows only the year. */
  readonly suppressAuthor: boolean;
}

/** Pandoc's locator terms (English), abbreviations first where they are the common form, as CSL labels. */
const LABELS: readonly (readonly [RegExp, string])[] = [
  [/^(?:pp?\.|pages?)(?=\s|\d|$)/i, 'page'],
  [/^(?:chaps?\.|chs?\.|chapters?)(?=\s|\d|$)/i, 'chapter'],
  [/^(?:cols?\.|columns?)(?=\s|\d|$)/i, 'column'],
  [/^(?:figs?\.|figures?)(?=\s|\d|$)/i, 'figure'],
  [/^(?:fols?\.|folios?)(?=\s|\d|$)/i, 'folio'],
  [/^(?:nos?\.|numbers?)(?=\s|\d|$)/i, 'issue'],
  [/^(?:ll?\.|lines?)(?=\s|\d|$)/i, 'line'],
  [/^(?:nn?\.|notes?)(?=\s|\d|$)/i, 'note'],
  [/^(?:paras?\.|paragraphs?|¶¶?)(?=\s|\d|$)/i, 'paragraph'],
  [/^(?:pts?\.|parts?)(?=\s|\d|$)/i, 'part'],
  [/^(?:secs?\.|sections?|§§?)(?=\s|\d|$)/i, 'section'],
  [/^(?:s\.\s?vv?\.|sub verbis|sub verbo)(?=\s|$)/i, 'sub verbo'],
  [/^(?:vv?\.|verses?)(?=\s|\d|$)/i, 'verse'],
  [/^(?:vols?\.|volumes?)(?=\s|\d|$)/i, 'volume'],
  [/^(?:bk\.|books?)(?=\s|\d|$)/i, 'book'],
  // Films are cited at a time: `[@nanook1922, at 00:12:30]`.
  [/^at(?=\s)/i, 'timestamp'],
];

/** A key: Pandoc's characters, not ending in punctuation (which belongs to the sentence). */
const KEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&\-+?<>~/]*[\p{L}\p{N}_])?/u;

/** A locator value: numbers, numerals, ranges and lists ("139", "4-7", "iv", "12, 14", "00:12:30"). */
const VALUE = /^(?:[\p{N}ivxlcdm]+(?::[\p{N}]+)*[a-z]?(?:\s*[-–—]\s*[\p{N}ivxlcdm]+(?::[\p{N}]+)*[a-z]?)?)(?:\s*(?:,|&|and)\s*[\p{N}ivxlcdm]+(?:\s*[-–—]\s*[\p{N}ivxlcdm]+)?)*/iu;

function locatorOf(suffix: string): { label: string | null; locator: string | null; rest: string } {
  let s = suffix.trim();
  if (s.startsWith('{')) {
    // Pandoc: "{...}" marks an explicit locator that the rules above would not recognise.
    const end = s.indexOf('}');
    if (end > 0) return { label: 'page', locator: s.slice(1, end).trim() || null, rest: s.slice(end + 1).trim() };
  }
  let label: string | null = null;
  for (const [re, name] of LABELS) {
    const m = re.exec(s);
    if (m) {
      label = name;
      s = s.slice(m[0].length).trimStart();
      break;
    }
  }
  const v = VALUE.exec(s);
  if (!v || v[0].trim() === '') return { label: null, locator: null, rest: suffix.trim() };
  // A word right after the digits ("1993s") is not a locator.
  if (/^[\p{L}]/u.test(s.slice(v[0].length))) return { label: null, locator: null, rest: suffix.trim() };
  return { label: label ?? 'page', locator: v[0].trim().replace(/\s*[-–—]\s*/g, '–'), rest: s.slice(v[0].length).replace(/^[\s,]+/, '').trim() };
}

/** One `@key` part of a citation, or null when the part holds none. */
function item(part: string): CiteItem | null {
  const at = part.search(/(^|[\s\-])@/);
  if (at < 0) return null;
  const start = part[at] === '@' ? at : at + 1;
  let prefix = part.slice(0, start);
  const suppressAuthor = prefix.endsWith('-');
  if (suppressAuthor) prefix = prefix.slice(0, -1);
  const m = KEY.exec(part.slice(start + 1));
  if (!m) return null;
  const after = part.slice(start + 1 + m[0].length);
  // A key in braces is Pandoc's form for keys with other characters; ours never need it.
  const suffixText = after.replace(/^\s*,/, '').trim();
  const { label, locator, rest } = locatorOf(suffixText);
  return Object.freeze({ key: m[0], prefix: prefix.trim(), label, locator, suffix: rest, suppressAuthor });
}

/** The items of a bracketed citation's inner text, or null when it is not one (every part needs a key). */
export function parseCitation(inner: string): CiteItem[] | null {
  if (!inner.includes('@') || inner.length > 2000) return null;
  const parts = inner.split(';');
  const items: CiteItem[] = [];
  for (const p of parts) {
    const it = item(p);
    if (!it) return null;
    items.push(it);
  }
  return items;
}

/** The locator as readers see it beside the note number: "p. 139", "pp. 4–7", "ch. 3", "at 00:12:30". */
export function locatorText(label: string | null, locator: string | null): string {
  if (!locator) return '';
  const plural = /[–,&]|and/.test(locator);
  const short: Record<string, [string, string]> = {
    page: ['p.', 'pp.'], chapter: ['ch.', 'chs.'], column: ['col.', 'cols.'], figure: ['fig.', 'figs.'], folio: ['fol.', 'fols.'],
    issue: ['no.', 'nos.'], line: ['l.', 'll.'], note: ['n.', 'nn.'], paragraph: ['para.', 'paras.'], part: ['pt.', 'pts.'],
    section: ['sec.', 'secs.'], 'sub verbo': ['s.v.', 's.vv.'], verse: ['v.', 'vv.'], volume: ['vol.', 'vols.'], book: ['bk.', 'bks.'], timestamp: ['at', 'at'],
  };
  const words = short[label ?? 'page'] ?? ['', ''];
  return `${plural ? words[1] : words[0]} ${locator}`.trim();
}
