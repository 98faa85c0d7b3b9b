import type { Revision } from '../../catalog/index.ts';
import type { ErrorDetail } from '../../errors.ts';
import { Breadcrumb } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { type EditKind, FIELDS, type FieldSpec } from '../record.forms.ts';
import { type FieldChange, diffRecords } from '../../catalog/revision.diff.ts';

const NOUN: Record<EditKind, string> = { film: 'film', person: 'person or organisation', collection: 'collection' };
const BASE: Record<EditKind, string> = { film: '/films', person: '/people', collection: '/collections' };
const SECTION = { film: 'films', person: 'people', collection: 'collections' } as const;

export interface EditView {
  readonly kind: EditKind;
  /** Absent for a new record. */
  readonly slug?: string;
  readonly title: string;
  readonly values: Readonly<Record<string, string>>;
  readonly csrf: string;
  readonly errors?: readonly ErrorDetail[];
  readonly message?: string;
}

function Field({ spec, value, error }: { spec: FieldSpec; value: string; error: string | undefined }) {
  const id = `f-${spec.name}`;
  const described = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: spec.name, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': described };
  return (
    <div>
      <label for={id}>{spec.label}{spec.required ? '' : ' (optional)'}</label>
      {spec.type === 'textarea' || spec.type === 'lines' ? (
        <textarea {...common} rows={spec.type === 'lines' ? 5 : 8}>{value}</textarea>
      ) : spec.type === 'select' ? (
        <select {...common}>{spec.options!.map((o) => <option key={o} value={o} selected={value === o}>{o}</option>)}</select>
      ) : (
        <input {...common} type="text" inputMode={spec.type === 'number' ? 'numeric' : undefined} value={value} required={spec.required} />
      )}
      {spec.hint ? <p class="field-hint" id={`${id}-hint`}>{spec.hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

/** The form that adds or edits a film, person or collection; the errors of a failed save beside their fields. */
export function EditRecordPage(v: EditView) {
  const errorsOf = (field: string) => v.errors?.filter((e) => e.path === field).map((e) => e.message).join(' ') || undefined;
  const general = v.errors?.filter((e) => e.path === '' || !FIELDS[v.kind].some((f) => f.name === e.path) && e.path !== 'slug') ?? [];
  const action = v.slug ? `${BASE[v.kind]}/${v.slug}/edit` : `${BASE[v.kind]}/new`;
  return (
    <Layout title={v.slug ? `Edit ${v.title}` : `New ${NOUN[v.kind]}`} section={SECTION[v.kind]}>
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: v.kind === 'film' ? 'Films' : v.kind === 'person' ? 'People' : 'Collections', href: BASE[v.kind] }, ...(v.slug ? [{ label: v.title, href: `${BASE[v.kind]}/${v.slug}` }] : []), { label: v.slug ? 'Edit' : 'New' }]} />
      <h1>{v.slug ? <>Edit <i>{v.title}</i></> : `New ${NOUN[v.kind]}`}</h1>
      <p>Every save keeps the previous version in the record's <a href={v.slug ? `${BASE[v.kind]}/${v.slug}/history` : BASE[v.kind]}>history</a>.</p>
      {v.message ? (
        <div class="notice error" role="alert">
          <p>{v.message}</p>
          {general.length ? <ul>{general.map((e, i) => <li key={i}>{e.path ? <code>{e.path}</code> : null} {e.message}</li>)}</ul> : null}
        </div>
      ) : null}
      <form method="post" action={action} class="stacked wide">
        <input type="hidden" name="_csrf" value={v.csrf} />
        {v.slug ? null : <Field spec={{ name: 'slug', label: 'Slug (the last part of its address)', type: 'text', required: true, hint: 'Lowercase letters, digits and hyphens: the-river.' }} value={v.values.slug ?? ''} error={errorsOf('slug')} />}
        {FIELDS[v.kind].map((spec) => <Field key={spec.name} spec={spec} value={v.values[spec.name] ?? ''} error={errorsOf(spec.name)} />)}
        <Field spec={{ name: 'summary', label: 'What you changed', type: 'text', hint: 'Shown in the history.' }} value={v.values.summary ?? ''} error={undefined} />
        <div><button type="submit">{v.slug ? 'Save' : `Add the ${NOUN[v.kind]}`}</button></div>
      </form>
    </Layout>
  );
}

function Change({ c }: { c: FieldChange }) {
  if (c.kind === 'list') {
    return (
      <li>
        <strong>{c.field}</strong>
        {c.reordered ? ' reordered' : null}
        {c.added.length ? <ul class="diff">{c.added.map((a, i) => <li key={`a${i}`}><ins>+ {a}</ins></li>)}</ul> : null}
        {c.removed.length ? <ul class="diff">{c.removed.map((r, i) => <li key={`r${i}`}><del>− {r}</del></li>)}</ul> : null}
      </li>
    );
  }
  return (
    <li>
      <strong>{c.field}</strong>{' '}
      {c.before !== null ? <del>{c.before.length > 300 ? `${c.before.slice(0, 300)}…` : c.before}</del> : null}
      {c.before !== null && c.after !== null ? ' → ' : ''}
      {c.after !== null ? <ins>{c.after.length > 300 ? `${c.after.slice(0, 300)}…` : c.after}</ins> : null}
    </li>
  );
}

/** A record's History: every version, who made it and when, and what changed from the one before. */
export function HistoryPage({ kind, slug, title, revisions }: { kind: EditKind; slug: string; title: string; revisions: readonly Revision[] }) {
  return (
    <Layout title={`History of ${title}`} section={SECTION[kind]}>
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: kind === 'film' ? 'Films' : kind === 'person' ? 'People' : 'Collections', href: BASE[kind] }, { label: title, href: `${BASE[kind]}/${slug}` }, { label: 'History' }]} />
      <h1>History of <i>{title}</i></h1>
      <ol class="history" reversed>
        {revisions.map((r, i) => {
          const older = revisions[i + 1];
          const changes = diffRecords((older?.data as Record<string, unknown> | undefined) ?? null, r.data as Record<string, unknown>);
          return (
            <li key={r.number} id={`revision-${r.number}`}>
              <p class="meta">
                <strong>Version {r.number}</strong> · {r.createdAt.slice(0, 16).replace('T', ' ')} UTC · by {r.actor} · {r.summary}
              </p>
              {changes.length ? <ul class="changes">{changes.map((c) => <Change key={c.field} c={c} />)}</ul> : <p class="note">No change to the record.</p>}
            </li>
          );
        })}
      </ol>
    </Layout>
  );
}
