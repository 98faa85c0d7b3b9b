import { useContext } from 'preact/hooks';
import { hasRole, userActor } from '../accounts/index.ts';
import type { FilmSummary, PersonRef } from '../catalog/index.ts';
import type { SnippetPart } from '../search/index.ts';
import { formatRuntime } from './format.ts';
import { ViewerContext } from './viewer.ts';

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** Home › Films › Title (Year); the last crumb is the current page. */
export function Breadcrumb({ items }: { items: readonly Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <ol>
        {items.map((c, i) => (
          <li key={i}>{c.href && i < items.length - 1 ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

export interface Tab {
  readonly label: string;
  readonly href: string;
  readonly current: boolean;
}

/** The views of one record (View, Releases, …), only those that exist. */
export function Tabs({ tabs, label }: { tabs: readonly Tab[]; label: string }) {
  return (
    <nav class="tabs" aria-label={label}>
      <ul>
        {tabs.map((t) => (
          <li key={t.href}>
            <a href={t.href} aria-current={t.current ? 'page' : undefined}>{t.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Previous / numbered / next links; `hrefFor` builds the URL of a page with the other parameters kept. */
export function Pagination({ page, perPage, total, hrefFor }: { page: number; perPage: number; total: number; hrefFor: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  const shown = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages));
  const list = [...shown].sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label="Pages">
      <ul>
        <li>{page > 1 ? <a href={hrefFor(page - 1)} rel="prev">‹ Previous</a> : <span aria-disabled="true">‹ Previous</span>}</li>
        {list.map((p, i) => (
          <>
            {i > 0 && p - list[i - 1]! > 1 ? <li class="gap" aria-hidden="true">…</li> : null}
            <li key={p}>{p === page ? <span aria-current="page">{p}</span> : <a href={hrefFor(p)} aria-label={`Page ${p}`}>{p}</a>}</li>
          </>
        ))}
        <li>{page < pages ? <a href={hrefFor(page + 1)} rel="next">Next ›</a> : <span aria-disabled="true">Next ›</span>}</li>
      </ul>
    </nav>
  );
}

export const PersonLink = ({ person }: { person: PersonRef }) => <a href={`/people/${person.slug}`}>{person.name}</a>;

/** A comma-separated list of people, each a link. */
export function PeopleList({ people }: { people: readonly PersonRef[] }) {
  return (
    <>
      {people.map((p, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <PersonLink key={p.slug} person={p} />
        </>
      ))}
    </>
  );
}

/** Highlighted search snippet: matched words in <mark>, everything escaped by the renderer. */
export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return <>{parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : p.text))}</>;
}

const excerpt = (text: string, max = 220) => (text.length <= max ? text : `${text.slice(0, text.lastIndexOf(' ', max))}…`);

/** One film in a list: title, year, directors, runtime and the start of its synopsis (or a search snippet). */
export function FilmItem({ film, snippet, note }: { film: FilmSummary; snippet?: readonly SnippetPart[]; note?: string }) {
  return (
    <li class="film-item">
      <h3>
        <a href={`/films/${film.slug}`}>{film.title}</a> <span class="year">({film.year})</span>
      </h3>
      <p class="meta">
        {film.directors.length ? <>Directed by <PeopleList people={film.directors} /></> : null}
        {film.directors.length && film.runtimeMinutes ? ' · ' : null}
        {film.runtimeMinutes ? formatRuntime(film.runtimeMinutes) : null}
        {note ? <> · <span class="roles">{note}</span></> : null}
      </p>
      <p class="synopsis">{snippet && snippet.length ? <Snippet parts={snippet} /> : excerpt(film.synopsis)}</p>
    </li>
  );
}

export function FilmList({ films }: { films: readonly FilmSummary[] }) {
  return (
    <ul class="films">
      {films.map((f) => (
        <FilmItem key={f.slug} film={f} />
      ))}
    </ul>
  );
}

/** "History" for everybody and "Edit" for contributors, under a person's or collection's page; a visitor's "Add" link is for contributors too. */
export function RecordActions({ base, slug }: { base: '/people' | '/collections'; slug: string }) {
  const { account } = useContext(ViewerContext);
  const editor = account !== null && hasRole(userActor(account), 'contributor');
  return (
    <p class="record-actions">
      <a href={`${base}/${slug}/history`}>History</a>
      {editor ? <> · <a href={`${base}/${slug}/edit`}>Edit</a></> : null}
    </p>
  );
}

/** "Add a film" (and the like) for contributors only. */
export function AddLink({ href, label }: { href: string; label: string }) {
  const { account } = useContext(ViewerContext);
  return account !== null && hasRole(userActor(account), 'contributor') ? <p class="record-actions"><a class="button" href={href}>{label}</a></p> : null;
}
