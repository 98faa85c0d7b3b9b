import type { ErrorDetail } from '../errors.ts';

/**
 * The forms contributors edit catalog records with: each field of a record as a form field, and
 * back. Lists are one item a line, their parts split by " | " (a credit is `role person-slug`,
 * optionally `| note`). Nothing is validated here: the record goes through the catalog's importer
 * like any other, and its errors are brought back to the fields (`fieldErrors`).
 */
export type EditKind = 'film' | 'person' | 'collection';

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type: 'text' | 'number' | 'textarea' | 'lines' | 'csv' | 'select';
  readonly hint?: string;
  readonly options?: readonly string[];
  readonly required?: boolean;
  /** An item of a `lines` field: its parts in order (the first ones required). */
  readonly parts?: readonly string[];
}

export const FIELDS: Readonly<Record<EditKind, readonly FieldSpec[]>> = Object.freeze({
  film: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'originalTitle', label: 'Original title', type: 'text', hint: 'If it differs, in its own language.' },
    { name: 'year', label: 'Year', type: 'number', required: true },
    { name: 'runtimeMinutes', label: 'Runtime (minutes)', type: 'number' },
    { name: 'synopsis', label: 'Synopsis', type: 'textarea' },
    { name: 'countries', label: 'Countries', type: 'csv', hint: 'ISO codes, separated by commas: US, FR.' },
    { name: 'languages', label: 'Languages', type: 'csv', hint: 'ISO codes, separated by commas: en, fr.' },
    { name: 'subjects', label: 'Subjects', type: 'csv', hint: 'Slugs of subjects, separated by commas.' },
    { name: 'credits', label: 'Credits', type: 'lines', parts: ['role', 'person', 'note'], hint: 'One a line: role, the person\'s slug, then “| note” if any. E.g. “director pare-lorentz”.' },
    { name: 'appearances', label: 'People appearing', type: 'lines', parts: ['person', 'as'], hint: 'One a line: the person\'s slug, then “| as what” if any.' },
    { name: 'places', label: 'Places', type: 'lines', parts: ['name', 'country'], hint: 'One a line: the place, then “| country code” if known.' },
    { name: 'reception', label: 'Reception', type: 'lines', parts: ['quote', 'author', 'outlet', 'date', 'url'], hint: 'One a line: quote | author | outlet | date | source URL.' },
    { name: 'sources', label: 'Sources', type: 'lines', parts: ['key', 'note'], hint: 'One a line: the key of a source in the registry (/sources), then “| what the record takes from it” if you like. E.g. “barnouw1993 | release date and credits”.' },
  ],
  person: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'kind', label: 'Kind', type: 'select', options: ['person', 'organisation'] },
    { name: 'bio', label: 'Biography', type: 'textarea' },
    { name: 'born', label: 'Born (or founded)', type: 'text', hint: 'A date, possibly partial: 1890, 1890-05 or 1890-05-01.' },
    { name: 'died', label: 'Died (or dissolved)', type: 'text' },
  ],
  collection: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'description', label: 'Description', type: 'textarea' },
    { name: 'films', label: 'Films', type: 'lines', parts: ['film'], hint: 'Slugs of the member films, one a line, in display order.' },
  ],
});

type Rec = Record<string, unknown>;

/** A record's fields as form values. */
export function toForm(kind: EditKind, record: Rec): Record<string, string> {
  const out: Record<string, string> = { slug: String(record.slug ?? '') };
  for (const f of FIELDS[kind]) {
    const v = record[f.name];
    if (v === undefined || v === null) out[f.name] = '';
    else if (f.type === 'csv') out[f.name] = (v as unknown[]).join(', ');
    else if (f.type === 'lines') {
      out[f.name] = (v as unknown[]).map((it) => {
        if (typeof it !== 'object' || it === null) return String(it);
        const o = it as Rec;
        const parts = f.parts!.map((p) => (o[p] === undefined ? '' : String(o[p])));
        while (parts.length > 1 && parts.at(-1) === '') parts.pop();
        // A credit reads "role person | note": the first two parts sit together.
        return f.name === 'credits' ? [`${parts[0]} ${parts[1] ?? ''}`.trim(), ...parts.slice(2)].join(' | ') : parts.join(' | ');
      }).join('\n');
    } else out[f.name] = String(v);
  }
  return out;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '');

/** A record from form values, to be checked by the importer. Empty optional fields are left out. */
export function fromForm(kind: EditKind, form: Rec, slug: string): Rec {
  const out: Rec = { slug };
  for (const f of FIELDS[kind]) {
    const raw = text(form[f.name]).trim();
    if (f.type === 'csv') out[f.name] = raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
    else if (f.type === 'lines') {
      const lines = raw ? raw.split('\n').map((l) => l.trim()).filter(Boolean) : [];
      out[f.name] = lines.map((line) => {
        if (f.parts!.length === 1) return line;
        let parts = line.split('|').map((p) => p.trim());
        if (f.name === 'credits') {
          const [head = '', ...rest] = parts;
          const [role = '', ...person] = head.split(/\s+/);
          parts = [role, person.join(' '), ...rest];
        }
        // The last part keeps any further " | " (a note may hold one), rather than losing it.
        const last = f.parts!.length - 1;
        if (parts.length > last + 1) parts = [...parts.slice(0, last), parts.slice(last).join(' | ')];
        const o: Rec = {};
        f.parts!.forEach((p, i) => {
          if (parts[i] !== undefined && parts[i] !== '') o[p] = parts[i];
        });
        return o;
      });
    } else if (f.type === 'number') {
      // A number that is not one stays text, so the importer says so for this field.
      if (raw) out[f.name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
      else if (f.required) out[f.name] = raw;
    } else if (raw || f.required) out[f.name] = f.type === 'textarea' ? text(form[f.name]).trim() : raw;
  }
  if (kind === 'film' && out.synopsis === undefined) out.synopsis = '';
  return out;
}

/**
 * The importer's errors, by form field: `films[0].credits[2].role: …` becomes, under "credits",
 * "line 3: role: …". Errors of no field (a slug already taken…) go under "".
 */
export function fieldErrors(details: readonly ErrorDetail[]): ErrorDetail[] {
  return details.map((d) => {
    const m = /^(?:films|people|collections)\[\d+\]\.?([A-Za-z]+)?(?:\[(\d+)\])?\.?(.*)$/.exec(d.path);
    if (!m) return { path: d.path.startsWith('slug') ? 'slug' : '', message: d.message };
    const [, field = '', index, rest] = m;
    const where = index !== undefined ? `line ${Number(index) + 1}: ` : '';
    return { path: field, message: `${where}${rest ? `${rest}: ` : ''}${d.message}` };
  });
}
