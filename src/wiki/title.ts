import { invalid } from '../errors.ts';

/**
 * Page titles as MediaWiki has them: spaces and underscores are the same, runs of spaces fold to
 * one, the first letter is upper case, and a namespace prefix (`Category:`) picks the kind of
 * page. The title is the page's identity; its URL is the title with underscores.
 */
export const NAMESPACES = Object.freeze(['Category', 'Navbox', 'Special'] as const);
export type Namespace = (typeof NAMESPACES)[number] | '';

export const MAX_TITLE_LENGTH = 200;

/** Characters a title may not hold: MediaWiki's, since they mean something in links and URLs, and `/`, which would make a title a path. */
const FORBIDDEN = /[#<>[\]{}|/\\\u0000-\u001f\u007f]/;

export interface Title {
  /** The normalised title, as shown and stored: `Category:Dust Bowl`. */
  readonly text: string;
  readonly namespace: Namespace;
  /** The title without its namespace: `Dust Bowl`. */
  readonly name: string;
}

const upperFirst = (s: string) => (s === '' ? s : s[0]!.toLocaleUpperCase('en') + s.slice(1));

/** A title from what a reader or a link wrote, or null when it cannot be one. */
export function normalizeTitle(raw: string): Title | null {
  let t = raw.normalize('NFC').replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (t.startsWith(':')) t = t.slice(1).trim();
  if (t === '' || t.length > MAX_TITLE_LENGTH || FORBIDDEN.test(t) || t.includes('%') || t === '.' || t === '..') return null;
  const colon = t.indexOf(':');
  if (colon > 0) {
    const prefix = t.slice(0, colon).trim();
    const ns = NAMESPACES.find((n) => n.toLowerCase() === prefix.toLowerCase());
    if (ns) {
      const name = upperFirst(t.slice(colon + 1).trim());
      if (name === '') return null;
      return Object.freeze({ text: `${ns}:${name}`, namespace: ns, name });
    }
  }
  const name = upperFirst(t);
  return Object.freeze({ text: name, namespace: '', name });
}

/** Like normalizeTitle, for input at a boundary: a clear error instead of null. */
export function parseTitle(raw: unknown): Title {
  const t = typeof raw === 'string' ? normalizeTitle(raw) : null;
  if (!t) throw invalid('invalid_title', `"${String(raw).slice(0, 80)}" cannot be a page title: titles are 1 to ${MAX_TITLE_LENGTH} characters without # < > [ ] { } | / \\ % or control characters.`);
  return t;
}

/** The path of a page: `/wiki/Dust_Bowl`; characters a URL path cannot hold are %-escaped. */
export const titlePath = (title: string, prefix = '/wiki/'): string =>
  prefix + encodeURIComponent(title.replace(/ /g, '_')).replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/** The anchor of a section: MediaWiki's form (spaces as underscores), so `[[Page#Early years]]` finds it. */
export const sectionAnchor = (heading: string): string => heading.trim().replace(/\s+/g, '_');
