import type { PersonDetail, PersonRef } from '../../catalog/index.ts';
import { AddLink, Breadcrumb, FilmItem, Pagination, RecordActions } from '../components.tsx';
import { formatPartialDate, queryString } from '../format.ts';
import { Layout } from '../layout.tsx';

/** "director, writer" → "Director, writer", as the film page words them. */
const roleLabel = (roles: readonly string[]) => {
  const text = roles.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const lifespan = (p: PersonDetail) =>
  p.born || p.died ? `${p.born ? formatPartialDate(p.born) : '?'} – ${p.died ? formatPartialDate(p.died) : ''}`.trim() : undefined;

/** `/people/<slug>`: a person or organisation and every film with their roles. */
export function PersonPage({ person }: { person: PersonDetail }) {
  const years = lifespan(person);
  return (
    <Layout title={person.name} section="people" description={person.bio.slice(0, 160)}>
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'People', href: '/people' }, { label: person.name }]} />
      <header class="record">
        <h1>{person.name}</h1>
        <p class="meta">{[person.kind === 'organisation' ? 'Organisation' : undefined, years].filter(Boolean).join(' · ')}</p>
      </header>
      {person.bio ? <p class="bio">{person.bio}</p> : null}
      <section aria-labelledby="filmography">
        <h2 id="filmography">Films ({person.films.length})</h2>
        <ul class="films">
          {person.films.map(({ film, roles }) => (
            <FilmItem key={film.slug} film={film} note={roleLabel(roles)} />
          ))}
        </ul>
      </section>
      <RecordActions base="/people" slug={person.slug} />
    </Layout>
  );
}

/** `/people`: everyone in the catalog, by last name. */
export function PeoplePage({ people, total, page, perPage }: { people: readonly PersonRef[]; total: number; page: number; perPage: number }) {
  return (
    <Layout title="People" section="people">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'People' }]} />
      <h1>People and organisations</h1>
      <AddLink href="/people/new" label="Add a person or organisation" />
      <ul class="people">
        {people.map((p) => (
          <li key={p.slug}>
            <a href={`/people/${p.slug}`}>{p.name}</a>
            {p.kind === 'organisation' ? <span class="note"> (organisation)</span> : null}
          </li>
        ))}
      </ul>
      <Pagination page={page} perPage={perPage} total={total} hrefFor={(n) => `/people${queryString({ page: n === 1 ? undefined : n })}`} />
    </Layout>
  );
}
