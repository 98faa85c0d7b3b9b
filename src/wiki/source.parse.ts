import { Type } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import { type ErrorDetail, invalid } from '../errors.ts';
import { SOURCE_KEY } from '../source-key.ts';
import { dedupe, describeAjvError, newAjv, pointerToPath } from '../validation.ts';
import { parseIsbn } from './isbn.ts';

/** The CSL item types a source can be, one per kind of thing an article cites. */
export type CslType = 'book' | 'chapter' | 'article-journal' | 'article-newspaper' | 'article-magazine' | 'webpage' | 'motion_picture' | 'manuscript';

/** A person's name split as CSL sorts it, or an organisation's (or a single) name as written. */
export type CslName = { readonly family: string; readonly given?: string } | { readonly literal: string };

/** Year, month and day; month and day only when the source gives them. */
export type CslDateParts = readonly [number, number?, number?];

/** A CSL date: one date or a range of two in `date-parts`, or text such as "circa 1920" in `literal`. */
export type CslDate = { readonly 'date-parts': readonly [CslDateParts] | readonly [CslDateParts, CslDateParts] } | { readonly literal: string };

/** A source's bibliographic data as CSL-JSON, the shape citeproc reads; its `id` is the source's key, added when citing. */
export interface CslItem {
  readonly type: CslType;
  readonly title: string;
  readonly author?: readonly CslName[];
  readonly editor?: readonly CslName[];
  readonly director?: readonly CslName[];
  readonly issued?: CslDate;
  readonly publisher?: string;
  readonly 'publisher-place'?: string;
  readonly 'container-title'?: string;
  readonly volume?: string;
  readonly issue?: string;
  readonly page?: string;
  readonly edition?: string;
  /** The 13-digit form without hyphens, whichever form was given. */
  readonly ISBN?: string;
  /** Written `1234-567X`. */
  readonly ISSN?: string;
  /** The bare DOI (`10.1000/xyz`), without `https://doi.org/` or `doi:`. */
  readonly DOI?: string;
  readonly URL?: string;
  readonly accessed?: CslDate;
  readonly archive?: string;
  readonly archive_location?: string;
  readonly note?: string;
  readonly language?: string;
}

/** What an article cites: a key, as written in `[@key]`, and the item it stands for. */
export interface Source {
  readonly key: string;
  readonly item: CslItem;
}

/** The kinds of source, in the order a form's select lists them. */
export const SOURCE_KINDS: readonly { readonly type: CslType; readonly label: string }[] = Object.freeze(
  ([
    ['book', 'Book'],
    ['chapter', 'Chapter in a book'],
    ['article-journal', 'Journal article'],
    ['article-newspaper', 'Newspaper article'],
    ['article-magazine', 'Magazine article'],
    ['webpage', 'Web page'],
    ['motion_picture', 'Film'],
    ['manuscript', 'Archive document'],
  ] as const).map(([type, label]) => Object.freeze({ type, label })),
);

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Name = Type.Object({ family: Type.Optional(Text(200)), given: Type.Optional(Text(200)), literal: Type.Optional(Text(300)) }, { additionalProperties: false, minProperties: 1 });
const Names = Type.Array(Name, { maxItems: 50 });
const DateParts = (firstYear: number) =>
  Type.Unsafe({
    type: 'array',
    minItems: 1,
    maxItems: 2,
    items: { type: 'array', minItems: 1, items: [Type.Integer({ minimum: firstYear, maximum: 2100 }), Type.Integer({ minimum: 1, maximum: 12 }), Type.Integer({ minimum: 1, maximum: 31 })], additionalItems: false },
  });
// Plausible dates: nothing an article cites was published before 1000, nor read on the web before 1990.
const DateOf = (firstYear: number) => Type.Object({ 'date-parts': Type.Optional(DateParts(firstYear)), literal: Type.Optional(Text(100)) }, { additionalProperties: false, minProperties: 1 });

const SourceInput = Type.Object(
  {
    key: Type.String({ minLength: SOURCE_KEY.minLength, maxLength: SOURCE_KEY.maxLength, pattern: SOURCE_KEY.pattern }),
    type: Type.Unsafe<CslType>({ type: 'string', enum: SOURCE_KINDS.map((k) => k.type) }),
    title: Text(500),
    author: Type.Optional(Names),
    editor: Type.Optional(Names),
    director: Type.Optional(Names),
    issued: Type.Optional(DateOf(1000)),
    publisher: Type.Optional(Text(300)),
    'publisher-place': Type.Optional(Text(300)),
    'container-title': Type.Optional(Text(500)),
    volume: Type.Optional(Text(50)),
    issue: Type.Optional(Text(50)),
    page: Type.Optional(Text(50)),
    edition: Type.Optional(Text(50)),
    ISBN: Type.Optional(Text(40)),
    ISSN: Type.Optional(Text(20)),
    DOI: Type.Optional(Text(300)),
    URL: Type.Optional(Type.String({ maxLength: 2000, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' })),
    accessed: Type.Optional(DateOf(1990)),
    archive: Type.Optional(Text(300)),
    archive_location: Type.Optional(Text(300)),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    language: Type.Optional(Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$' })),
  },
  { additionalProperties: false },
);

const validate = newAjv({ coerceTypes: false }).compile(SourceInput);
const NAME_FIELDS = new Set(['author', 'editor', 'director']);
const DATE_FIELDS = new Set(['issued', 'accessed']);
/** A field a form left blank: an empty text box, or an empty list of names. A blank of the wrong type stays, for the schema to name. */
const isBlank = (field: string, value: unknown) => (NAME_FIELDS.has(field) ? Array.isArray(value) && value.length === 0 : value === '' && !DATE_FIELDS.has(field));
const HINTS: Readonly<Record<string, string>> = {
  key: SOURCE_KEY.hint,
  URL: 'an http or https address',
  language: 'a language tag such as en or pt-BR',
};

/** Ajv's error in words for the form: its own wording for the few keywords whose default reads like a schema. */
function describe(e: ErrorObject, root: unknown): ErrorDetail {
  const path = pointerToPath(e.instancePath);
  const n = Number(e.params.limit);
  switch (e.keyword) {
    case 'minProperties':
      return { path, message: 'is empty' };
    case 'minLength':
      return { path, message: n === 1 ? 'is empty' : `must have at least ${n} characters` };
    case 'maxLength':
      return { path, message: `must have at most ${n} characters` };
    case 'maxItems':
      return { path, message: `must have at most ${n} items` };
    case 'pattern': {
      const detail = describeAjvError(e, root);
      return HINTS[path] ? { path, message: `${detail.message} (${HINTS[path]})` } : detail;
    }
    default:
      return describeAjvError(e, root);
  }
}

const MAX_DETAILS = 50;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
const hex = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A copy of the input with every string trimmed, noting control characters (only a note may hold
 * line breaks and tabs). Values deeper or larger than any the schema allows are left to it.
 */
function clean(value: unknown, path: string, depth: number, problems: ErrorDetail[]): unknown {
  if (typeof value === 'string') {
    const note = path === 'note';
    const text = (note ? value.replace(/\r\n?/g, '\n') : value).trim();
    const control = (note ? /(?![\t\n])\p{Cc}/u : /\p{Cc}/u).exec(text);
    if (control) problems.push({ path, message: `contains a control character (${hex(control[0])})` });
    return text;
  }
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.length > 100 ? value : value.map((v, i) => clean(v, `${path}[${i}]`, depth + 1, problems));
  const entries = Object.entries(value);
  // Object.fromEntries defines keys such as "__proto__" as plain fields for the schema to refuse.
  return entries.length > 100 ? value : Object.fromEntries(entries.map(([k, v]) => [k, clean(v, join(path, k), depth + 1, problems)]));
}

const issn = (digits: string) => digits.slice(0, 4) + '-' + digits.slice(4);
const issnCheckDigit = (seven: string) => {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (8 - i) * Number(seven[i]);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
};
const DOI = /^10\.\d{4,9}\/\S+$/;
const bareDoi = (text: string) => text.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');

function nameProblems(field: string, names: unknown): ErrorDetail[] {
  if (!Array.isArray(names)) return [];
  return names.flatMap((name, i): ErrorDetail[] => {
    if (!isRecord(name)) return [];
    const path = `${field}[${i}]`;
    if ('literal' in name && ('family' in name || 'given' in name)) return [{ path, message: 'is either a literal name or a family (and given) name, not both' }];
    if ('given' in name && !('family' in name)) return [{ path, message: 'has a given name but no family name (a single name goes in literal)' }];
    return [];
  });
}

function dateProblems(field: string, date: unknown): ErrorDetail[] {
  if (!isRecord(date)) return [];
  if ('date-parts' in date && 'literal' in date) return [{ path: field, message: 'is either date-parts or a literal date, not both' }];
  const parts = date['date-parts'];
  if (!Array.isArray(parts) || !parts.every((p) => Array.isArray(p) && p.every(Number.isInteger))) return [];
  const out: ErrorDetail[] = [];
  (parts as number[][]).forEach(([y, m, d], i) => {
    if (y !== undefined && m !== undefined && d !== undefined && new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) {
      out.push({ path: `${field}.date-parts[${i}]`, message: `${y}-${m}-${d} is not a day of the calendar` });
    }
  });
  const [from, to] = parts as number[][];
  const key = (p: number[]) => (p[0] ?? 0) * 10000 + (p[1] ?? 0) * 100 + (p[2] ?? 0);
  if (from && to && key(to) < key(from)) out.push({ path: `${field}.date-parts`, message: 'ends before it starts' });
  return out;
}

/** What the fields mean, beyond their shape: names and dates that hold together, identifiers whose check digits agree. */
function meaningProblems(input: Record<string, unknown>): ErrorDetail[] {
  const out = [...nameProblems('author', input.author), ...nameProblems('editor', input.editor), ...nameProblems('director', input.director), ...dateProblems('issued', input.issued), ...dateProblems('accessed', input.accessed)];
  const { ISBN: isbn, ISSN: issnText, DOI: doi, URL: url } = input;
  if (typeof isbn === 'string') {
    const parsed = parseIsbn(isbn);
    if (!parsed.ok) out.push({ path: 'ISBN', message: parsed.reason });
  }
  if (typeof issnText === 'string') {
    const digits = issnText.replace(/[\s-]/g, '').toUpperCase();
    if (!/^\d{7}[\dX]$/.test(digits)) out.push({ path: 'ISSN', message: 'an ISSN has 8 digits (the last may be X), as 0317-8471' });
    else if (issnCheckDigit(digits) !== digits[7]) out.push({ path: 'ISSN', message: `the check digit should be ${issnCheckDigit(digits)}, not ${digits[7]}` });
  }
  if (typeof doi === 'string' && !DOI.test(bareDoi(doi))) out.push({ path: 'DOI', message: 'a DOI starts with 10. and a registrant code, as 10.1000/xyz123' });
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
    // The pattern only looks at the scheme: the address must also parse and name a host.
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (!parsed || parsed.hostname === '') out.push({ path: 'URL', message: 'is not a web address that can be opened' });
  }
  return out;
}

const freeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) freeze(x);
    Object.freeze(v);
  }
  return v;
};

/**
 * Reads a source from a form or the API: `{ key, type, title, … }` with CSL-JSON's field names.
 * Strings are trimmed and a field left blank counts as absent, since forms send every field; the
 * ISBN is stored as its 13 digits, the ISSN as 1234-567X, the DOI bare. Throws an `invalid_source`
 * AppError listing every problem.
 */
export function parseSource(input: unknown): Source {
  const problems: ErrorDetail[] = [];
  let data = clean(input, '', 0, problems);
  if (isRecord(data)) data = Object.fromEntries(Object.entries(data).filter(([k, v]) => !isBlank(k, v)));
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    // A value of the wrong type is also outside the enum; saying so twice does not help.
    const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
    problems.push(...errors.filter((e) => !(e.keyword === 'enum' && mistyped.has(e.instancePath))).map((e) => describe(e, data)));
  }
  if (isRecord(data)) problems.push(...meaningProblems(data));
  if (problems.length > 0) {
    const details = dedupe(problems);
    throw invalid('invalid_source', `The source is invalid: ${details.length} problem${details.length === 1 ? '' : 's'}.`, details.slice(0, MAX_DETAILS));
  }
  const { key, ...fields } = data as { key: string } & Record<string, unknown>;
  const item: Record<string, unknown> = { ...fields };
  if (typeof item.ISBN === 'string') item.ISBN = (parseIsbn(item.ISBN) as { isbn13: string }).isbn13;
  if (typeof item.ISSN === 'string') item.ISSN = issn(item.ISSN.replace(/[\s-]/g, '').toUpperCase());
  if (typeof item.DOI === 'string') item.DOI = bareDoi(item.DOI);
  return freeze({ key, item: item as unknown as CslItem });
}

const hasNames = (names: readonly CslName[] | undefined) => (names?.length ?? 0) > 0;
const CONTAINER: Partial<Record<CslType, string>> = { chapter: 'book title', 'article-journal': 'journal title', 'article-newspaper': 'newspaper title', 'article-magazine': 'magazine title' };

/**
 * What a stored source lacks for a full citation, for the maintenance page and the article's
 * reader: "has no author", "has no date"… Empty when the source is complete.
 */
export function sourceProblems(source: Source): string[] {
  const { item } = source;
  const out: string[] = [];
  if (!hasNames(item.author) && !hasNames(item.editor) && !hasNames(item.director)) out.push(item.type === 'motion_picture' ? 'has no director' : 'has no author');
  if (!item.issued) out.push('has no date');
  if (item.type === 'book' && !item.publisher) out.push('has no publisher');
  const container = CONTAINER[item.type];
  if (container && !item['container-title']) out.push(`has no ${container}`);
  if (item.type === 'webpage' && !item.URL) out.push('has no URL');
  if (item.type === 'webpage' && !item.accessed) out.push('has no access date');
  if (item.type === 'manuscript' && !item.archive) out.push('has no archive');
  return out;
}
