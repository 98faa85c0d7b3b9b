import { useContext } from 'preact/hooks';
import { hasRole, userActor } from '../../accounts/index.ts';
import type { ErrorDetail } from '../../errors.ts';
import { SOURCE_KINDS, type SourceDetail, type SourceEntry, titlePath } from '../../wiki/index.ts';
import { Breadcrumb } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { SOURCE_FIELDS } from '../source.form.ts';
import { ViewerContext } from '../viewer.ts';

const kindLabel = (type: string) => SOURCE_KINDS.find((k) => k.type === type)?.label ?? type;

/** The registry of sources: every source, with how many articles and film records cite it. */
export function SourcesPage({ sources, canEdit }: { sources: readonly (SourceEntry & { citedBy: number; films: number })[]; canEdit: boolean }) {
  return (
    <Layout title="Sources" section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: 'Sources' }]} />
      <h1>Sources</h1>
      <p>The books, articles, films and documents the wiki's articles and the catalog's film records cite. Cite one in an article as <code>[@key]</code> or <code>[@key, p. 12]</code>, and in a film's record by its key under Sources.</p>
      {canEdit ? <p><a href="/sources/new">Add a source</a></p> : null}
      {sources.length ? (
        <table class="sources">
          <thead><tr><th scope="col">Key</th><th scope="col">Title</th><th scope="col">Kind</th><th scope="col">Cited by</th></tr></thead>
          <tbody>{sources.map((s) => (
            <tr key={s.key}>
              <td><a href={`/sources/${encodeURIComponent(s.key)}`}><code>{s.key}</code></a></td>
              <td>{s.item.title}{s.unreliable ? <span class="unreliable"> (unreliable)</span> : null}{s.problems.length ? <span class="source-problem"> ({s.problems.join('; ')})</span> : null}</td>
              <td>{kindLabel(s.item.type)}</td>
              <td>{s.citedBy} article{s.citedBy === 1 ? '' : 's'}{s.films ? `, ${s.films} film${s.films === 1 ? '' : 's'}` : ''}</td>
            </tr>
          ))}</tbody>
        </table>
      ) : <p>No source has been added yet.</p>}
    </Layout>
  );
}

/** One source: its data, what cites it, its history, and the moderators' reliability form. */
export function SourcePage({ source, canEdit }: { source: SourceDetail; canEdit: boolean }) {
  const { account, csrf } = useContext(ViewerContext);
  const moderator = account ? hasRole(userActor(account), 'moderator') : false;
  const item = source.item as unknown as Record<string, unknown>;
  return (
    <Layout title={source.item.title} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: 'Sources', href: '/sources' }, { label: source.key }]} />
      <h1>{source.item.title}</h1>
      <p>{kindLabel(source.item.type)} · cited as <code>[@{source.key}]</code>{canEdit ? <> · <a href={`/sources/${encodeURIComponent(source.key)}/edit`}>Edit</a></> : null}</p>
      {source.unreliable ? <p class="notice warning">A moderator marked this source unreliable: {source.unreliable}</p> : null}
      {source.problems.length ? <p class="notice warning">This source {source.problems.join('; ')}.</p> : null}
      <dl class="source-fields">
        {SOURCE_FIELDS.filter(([f]) => item[f] !== undefined && f !== 'title').map(([f, label]) => (
          <><dt key={`${f}-t`}>{label.replace(/ \(.*\)$/, '')}</dt><dd key={`${f}-d`}>{show(item[f])}</dd></>
        ))}
      </dl>
      <h2>Cited by</h2>
      {source.citedBy.length + source.films.length === 0 ? <p>No article or film cites this source yet.</p> : null}
      {source.citedBy.length ? (
        <><h3 id="cited-by-articles">Articles</h3><ul aria-labelledby="cited-by-articles">{source.citedBy.map((t) => <li key={t}><a href={titlePath(t)}>{t}</a></li>)}</ul></>
      ) : null}
      {source.films.length ? (
        <><h3 id="cited-by-films">Films</h3><ul aria-labelledby="cited-by-films">{source.films.map((f) => <li key={f.slug}><a href={`/films/${f.slug}`}>{f.title}</a> <span class="year">({f.year})</span>{f.note ? <> — {f.note}</> : null}</li>)}</ul></>
      ) : null}
      <h2>History</h2>
      <ol reversed>{source.revisions.map((r) => <li key={r.number}>{r.createdAt.slice(0, 16).replace('T', ' ')} UTC, {r.authorName}</li>)}</ol>
      {moderator ? (
        <form method="post" action={`/sources/${encodeURIComponent(source.key)}/reliability`} class="stacked">
          <input type="hidden" name="_csrf" value={csrf ?? ''} />
          {source.unreliable ? <button type="submit" name="clear" value="1">Clear the unreliable mark</button> : (
            <><label for="reason">Why is this source unreliable?</label><input id="reason" name="reason" required maxLength={500} /><button type="submit">Mark unreliable</button></>
          )}
        </form>
      ) : null}
    </Layout>
  );
}

const show = (v: unknown): string => {
  if (Array.isArray(v)) return v.map((n: { family?: string; given?: string; literal?: string }) => n.literal ?? [n.given, n.family].filter(Boolean).join(' ')).join('; ');
  if (v && typeof v === 'object') return 'literal' in v ? String((v as { literal: string }).literal) : ((v as { 'date-parts': number[][] })['date-parts'][0] ?? []).join('-');
  return String(v);
};

/** The form that adds or edits a source; each problem beside its field. */
export function SourceFormPage({ values, editing, message, details }: { values: Readonly<Record<string, string>>; editing: string | null; message?: string; details?: readonly ErrorDetail[] }) {
  const { csrf } = useContext(ViewerContext);
  const err = (f: string) => details?.filter((d) => d.path === f || d.path.startsWith(`${f}.`) || d.path.startsWith(`${f}[`)).map((d) => d.message).join(' ');
  return (
    <Layout title={editing ? `Edit source ${editing}` : 'New source'} section="wiki">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Wiki', href: '/wiki' }, { label: 'Sources', href: '/sources' }, { label: editing ?? 'New' }]} />
      <h1>{editing ? <>Edit source <code>{editing}</code></> : 'New source'}</h1>
      {message ? <div class="notice error" role="alert"><p>{message}</p>{details?.length ? <ul>{details.map((d, i) => <li key={i}><code>{d.path}</code> {d.message}</li>)}</ul> : null}</div> : null}
      <form method="post" action={editing ? `/sources/${encodeURIComponent(editing)}` : '/sources'} class="stacked wide">
        <input type="hidden" name="_csrf" value={csrf ?? ''} />
        {editing ? null : (
          <><label for="s-key">Key (how articles cite it: barnouw1993)</label><input id="s-key" name="key" required maxLength={64} value={values.key ?? ''} aria-invalid={err('key') ? 'true' : undefined} />{err('key') ? <p class="field-error">{err('key')}</p> : null}</>
        )}
        <label for="s-type">Kind</label>
        <select id="s-type" name="type">{SOURCE_KINDS.map((k) => <option key={k.type} value={k.type} selected={values.type === k.type}>{k.label}</option>)}</select>
        {SOURCE_FIELDS.map(([f, label]) => (
          <div key={f}>
            <label for={`s-${f}`}>{label}</label>
            {f === 'author' || f === 'editor' || f === 'director' || f === 'note'
              ? <textarea id={`s-${f}`} name={f} rows={3} aria-invalid={err(f) ? 'true' : undefined}>{values[f] ?? ''}</textarea>
              : <input id={`s-${f}`} name={f} value={values[f] ?? ''} maxLength={2000} aria-invalid={err(f) ? 'true' : undefined} />}
            {err(f) ? <p class="field-error">{err(f)}</p> : null}
          </div>
        ))}
        <button type="submit">Save</button>
      </form>
    </Layout>
  );
}
