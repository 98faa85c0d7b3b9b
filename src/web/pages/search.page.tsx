import type { SearchResults } from '../../catalog/index.ts';
import type { SnippetPart } from '../../search/index.ts';
import { titlePath } from '../../wiki/index.ts';
import { Breadcrumb, FilmItem, Pagination, Snippet } from '../components.tsx';
import { queryString } from '../format.ts';
import { Layout } from '../layout.tsx';

/** `/search?q=`: films ranked by relevance with highlighted snippets, and matching people. */
export function SearchPage({ results, articles = [] }: { results: SearchResults; articles?: readonly { title: string; snippet: readonly SnippetPart[] }[] }) {
  const { q } = results;
  return (
    <Layout title={q ? `Search: ${q}` : 'Search'} section="search" query={q}>
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Search' }]} />
      <h1>{q ? <>Search results for “{q}”</> : 'Search'}</h1>
      {!q ? <p>Type words from a title, a synopsis, a person's name or a subject in the search box above.</p> : null}
      {q ? (
        <p role="status">
          {results.total === 0
            ? 'No films match.'
            : results.films.length === 0
              ? <>Page {results.page} is past the end of the {results.total} results: <a href={`/search${queryString({ q, page: Math.ceil(results.total / results.perPage) })}`}>go to the last page</a>.</>
              : `${results.total} ${results.total === 1 ? 'film matches' : 'films match'}.`}
        </p>
      ) : null}
      {articles.length ? (
        <section aria-labelledby="article-hits">
          <h2 id="article-hits">Wiki articles</h2>
          <ul class="article-hits">
            {articles.map(({ title, snippet }) => (
              <li key={title}>
                <a href={titlePath(title)}>{title}</a>
                {snippet.length ? <> — <Snippet parts={snippet} /></> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {results.people.length ? (
        <section aria-labelledby="people-hits">
          <h2 id="people-hits">People</h2>
          <ul class="people-hits">
            {results.people.map(({ person, snippet }) => (
              <li key={person.slug}>
                <a href={`/people/${person.slug}`}>{person.name}</a>
                {snippet.length ? <> — <Snippet parts={snippet} /></> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {results.films.length ? (
        <section aria-labelledby="film-hits">
          <h2 id="film-hits">Films</h2>
          <ul class="films">
            {results.films.map(({ film, snippet }) => (
              <FilmItem key={film.slug} film={film} snippet={snippet} />
            ))}
          </ul>
        </section>
      ) : null}
      <Pagination page={results.page} perPage={results.perPage} total={results.total} hrefFor={(p) => `/search${queryString({ q, page: p === 1 ? undefined : p })}`} />
    </Layout>
  );
}
