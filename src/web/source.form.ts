import { text } from './form.values.ts';

/** The source form's fields, as CSL-JSON names; people are one per line, "Family, Given" (or one name). */
export const SOURCE_FIELDS = Object.freeze([
  ['title', 'Title'], ['author', 'Authors (one per line: Family, Given)'], ['editor', 'Editors (one per line)'], ['director', 'Directors (films; one per line)'],
  ['issued', 'Date (YYYY, YYYY-MM or YYYY-MM-DD)'], ['container-title', 'Book, journal or site it appears in'], ['publisher', 'Publisher'], ['publisher-place', 'Place of publication'],
  ['edition', 'Edition'], ['volume', 'Volume'], ['issue', 'Issue'], ['page', 'Pages'], ['ISBN', 'ISBN'], ['ISSN', 'ISSN'], ['DOI', 'DOI'], ['URL', 'URL'],
  ['accessed', 'Accessed (YYYY-MM-DD)'], ['archive', 'Archive'], ['archive_location', 'Location in the archive'], ['language', 'Language'], ['note', 'Note'],
] as const);

const names = (v: string) => v.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
  const comma = l.indexOf(',');
  return comma < 0 ? { literal: l } : { family: l.slice(0, comma).trim(), given: l.slice(comma + 1).trim() };
});
const date = (v: string) => (/^\d{1,4}(-\d{1,2}){0,2}$/.test(v.trim()) ? { 'date-parts': [v.trim().split('-').map(Number)] } : { literal: v.trim() });

/** A posted source form as the parser's input: blank fields left blank (the parser drops them). */
export function sourceInputOf(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { key: text(body.key).trim(), type: text(body.type) };
  for (const [field] of SOURCE_FIELDS) {
    const v = text(body[field]);
    // A blank date is left out: the parser takes '' for a date as a wrong type, as it is from the API.
    if ((field === 'issued' || field === 'accessed') && v.trim() === '') continue;
    out[field] = field === 'author' || field === 'editor' || field === 'director' ? names(v) : field === 'issued' || field === 'accessed' ? date(v) : v;
  }
  return out;
}

/** A stored item back into the form's text fields. */
export function sourceFormValues(item: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field] of SOURCE_FIELDS) {
    const v = item[field];
    if (Array.isArray(v)) out[field] = v.map((n: { family?: string; given?: string; literal?: string }) => (n.literal ?? [n.family, n.given].filter(Boolean).join(', '))).join('\n');
    else if (v && typeof v === 'object') out[field] = 'literal' in v ? String((v as { literal: string }).literal) : ((v as { 'date-parts': number[][] })['date-parts'][0] ?? []).map((n, i) => (i ? String(n).padStart(2, '0') : String(n))).join('-');
    else out[field] = v === undefined ? '' : String(v);
  }
  out.type = String(item.type ?? 'book');
  return out;
}
