import { type Static, Type } from '@sinclair/typebox';
import { type ErrorDetail, invalid } from '../errors.ts';
import { SLUG_PATTERN, StringEnum } from './catalog.format.ts';
import { type BrowseQuery, SORTS } from './catalog.types.ts';

export const MAX_PAGE = 10_000;
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 24;
export const MAX_QUERY_LENGTH = 256;

const PageNumber = Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1, description: 'Page number, from 1.' });
const PerPage = Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE, description: 'Items per page.' });

/** The query string of the film listing, shared by `/films` and `/api/v1/films` (and so by the OpenAPI document). */
export const BrowseParams = Type.Object(
  {
    page: Type.Optional(PageNumber),
    perPage: Type.Optional(PerPage),
    sort: Type.Optional(StringEnum(SORTS, 'title (A–Z), year (oldest first) or added (newest first).')),
    decade: Type.Optional(Type.Integer({ minimum: 1870, maximum: 2100, multipleOf: 10, description: 'First year of a decade, e.g. 1930.' })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 production country.' })),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 language code.' })),
    subject: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 120, description: 'Subject slug.' })),
    collection: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 120, description: 'Collection slug.' })),
  },
);
export type BrowseParams = Static<typeof BrowseParams>;

export const PageParams = Type.Object({ page: Type.Optional(PageNumber), perPage: Type.Optional(PerPage) });
export const SearchParams = Type.Object(
  {
    q: Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'Words to look for in titles, synopses, people, subjects and places.' }),
    page: Type.Optional(PageNumber),
    perPage: Type.Optional(PerPage),
  },
);

type Raw = Record<string, unknown>;

/** Reads one query parameter, which may arrive as a string (HTML forms) or already typed (the API). */
function first(raw: Raw, key: string): string | undefined {
  const v = raw[key];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return one === undefined || one === '' ? undefined : String(one);
}

function integer(raw: Raw, key: string, min: number, max: number, errors: ErrorDetail[]): number | undefined {
  const text = first(raw, key);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max) {
    errors.push({ path: key, message: `must be a whole number from ${min} to ${max}, not "${text.slice(0, 40)}"` });
    return undefined;
  }
  return n;
}

function matching(raw: Raw, key: string, re: RegExp, what: string, errors: ErrorDetail[]): string | undefined {
  const text = first(raw, key);
  if (text === undefined) return undefined;
  if (!re.test(text) || text.length > 120) {
    errors.push({ path: key, message: `"${text.slice(0, 40)}" is not ${what}` });
    return undefined;
  }
  return text;
}

const fail = (errors: ErrorDetail[]) => invalid('invalid_query', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
const slug = new RegExp(SLUG_PATTERN);

/** Turns a query string into a BrowseQuery, or an error naming every bad parameter. */
export function parseBrowseQuery(raw: Raw): BrowseQuery {
  const errors: ErrorDetail[] = [];
  const page = integer(raw, 'page', 1, MAX_PAGE, errors) ?? 1;
  const perPage = integer(raw, 'perPage', 1, MAX_PER_PAGE, errors) ?? DEFAULT_PER_PAGE;
  const sortText = first(raw, 'sort') ?? 'title';
  if (!(SORTS as readonly string[]).includes(sortText)) errors.push({ path: 'sort', message: `unknown sort "${sortText.slice(0, 40)}" (use ${SORTS.join(', ')})` });
  const decade = integer(raw, 'decade', 1870, 2100, errors);
  if (decade !== undefined && decade % 10 !== 0) errors.push({ path: 'decade', message: `${decade} is not the first year of a decade (e.g. 1930)` });
  const query: BrowseQuery = {
    page,
    perPage,
    sort: sortText as BrowseQuery['sort'],
    ...(decade !== undefined ? { decade } : {}),
    ...optional('country', matching(raw, 'country', /^[A-Z]{2}$/, 'a country code such as US', errors)),
    ...optional('language', matching(raw, 'language', /^[a-z]{2,3}$/, 'a language code such as en', errors)),
    ...optional('subject', matching(raw, 'subject', slug, 'a subject slug', errors)),
    ...optional('collection', matching(raw, 'collection', slug, 'a collection slug', errors)),
  };
  if (errors.length) throw fail(errors);
  return query;
}

const optional = <K extends string>(key: K, v: string | undefined) => (v === undefined ? {} : ({ [key]: v } as Record<K, string>));

export interface SearchQuery {
  readonly q: string;
  readonly page: number;
  readonly perPage: number;
}

/** Turns `?q=…&page=…` into a SearchQuery; an over-long query is refused rather than truncated. */
export function parseSearchQuery(raw: Raw): SearchQuery {
  const errors: ErrorDetail[] = [];
  const q = first(raw, 'q') ?? '';
  if (q.length > MAX_QUERY_LENGTH) errors.push({ path: 'q', message: `is ${q.length} characters long; the limit is ${MAX_QUERY_LENGTH}` });
  const page = integer(raw, 'page', 1, MAX_PAGE, errors) ?? 1;
  const perPage = integer(raw, 'perPage', 1, MAX_PER_PAGE, errors) ?? 20;
  if (errors.length) throw fail(errors);
  return { q: q.trim(), page, perPage };
}

/** Turns `?page=…&perPage=…` into numbers, for plain listings. */
export function parsePageQuery(raw: Raw): { page: number; perPage: number } {
  const errors: ErrorDetail[] = [];
  const page = integer(raw, 'page', 1, MAX_PAGE, errors) ?? 1;
  const perPage = integer(raw, 'perPage', 1, MAX_PER_PAGE, errors) ?? 50;
  if (errors.length) throw fail(errors);
  return { page, perPage };
}
