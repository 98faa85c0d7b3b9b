import { type BrowseQuery, type BrowseResult, FACETS, type FacetName } from '../../catalog/index.ts';
import { AddLink, Breadcrumb, FilmList, Pagination } from '../components.tsx';
import { queryString } from '../format.ts';
import { Layout } from '../layout.tsx';

const FACET_TITLES: Record<FacetName, string> = { decade: 'Decade', country: 'Country', language: 'Language', subject: 'Subject', collection: 'Collection' };
const SORT_LABELS = { title: 'Title', year: 'Year', added: 'Recently added' } as const;

/** The query string of a browse page with some parameters changed; the page resets unless given. */
export function browseHref(query: BrowseQuery, change: Partial<Record<keyof BrowseQuery, string | number | undefined>>): string {
  const next = { ...query, page: 1, ...change };
  return `/films${queryString({
    decade: next.decade, country: next.country, language: next.language, subject: next.subject, collection: next.collection,
    sort: next.sort === 'title' ? undefined : next.sort,
    perPage: next.perPage === 24 ? undefined : next.perPage,
    page: next.page === 1 ? undefined : next.page,
  })}`;
}

/** `/films`: the catalog, filtered by facets, sorted and paginated. */
export function FilmsPage({ query, result }: { query: BrowseQuery; result: BrowseResult }) {
  const active = FACETS.filter((f) => query[f] !== undefined);
  const labelOf = (f: FacetName) => result.facets[f].find((v) => v.value === String(query[f]))?.label ?? (f === 'decade' ? `${query[f]}s` : String(query[f]));
  const first = (result.page - 1) * result.perPage + 1;
  const last = Math.min(result.total, result.page * result.perPage);
  return (
    <Layout title={active.length ? `Films: ${active.map(labelOf).join(', ')}` : 'Films'} section="films">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Films' }]} />
      <h1>Films</h1>
      <AddLink href="/films/new" label="Add a film" />
      <div class="browse">
        <aside class="facets" aria-label="Filters">
          {active.length ? (
            <section>
              <h2>Filtered by</h2>
              <ul class="active-filters">
                {active.map((f) => (
                  <li key={f}>
                    {FACET_TITLES[f]}: <strong>{labelOf(f)}</strong> <a href={browseHref(query, { [f]: undefined })} aria-label={`Remove filter ${FACET_TITLES[f]}: ${labelOf(f)}`}>✕</a>
                  </li>
                ))}
              </ul>
              <p><a href={browseHref({ page: 1, perPage: query.perPage, sort: query.sort }, {})}>Clear all filters</a></p>
            </section>
          ) : null}
          {FACETS.map((f) =>
            result.facets[f].length ? (
              <section key={f}>
                <h2>{FACET_TITLES[f]}</h2>
                <ul>
                  {result.facets[f].map((v) => {
                    const selected = String(query[f]) === v.value;
                    return (
                      <li key={v.value}>
                        {selected ? (
                          <strong aria-current="true">{v.label}</strong>
                        ) : (
                          <a href={browseHref(query, { [f]: v.value })}>{v.label}</a>
                        )}{' '}
                        <span class="count">{v.count}</span>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ) : null,
          )}
        </aside>
        <section class="results" aria-labelledby="results-heading">
          <h2 id="results-heading" class="visually-hidden">Results</h2>
          <div class="toolbar">
            <p role="status">
              {result.total === 0
                ? 'No films match these filters.'
                : first > result.total
                  ? <>Page {result.page} is past the end of the {result.total} {result.total === 1 ? 'film' : 'films'}: <a href={browseHref(query, { page: Math.ceil(result.total / result.perPage) })}>go to the last page</a>.</>
                  : `${first}–${last} of ${result.total} ${result.total === 1 ? 'film' : 'films'}`}
            </p>
            <nav class="sort" aria-label="Sort">
              Sort by:{' '}
              {Object.entries(SORT_LABELS).map(([key, label], i) => (
                <>
                  {i > 0 ? ' · ' : ''}
                  {query.sort === key ? <strong aria-current="true">{label}</strong> : <a href={browseHref(query, { sort: key })}>{label}</a>}
                </>
              ))}
            </nav>
          </div>
          <FilmList films={result.films} />
          <Pagination page={result.page} perPage={result.perPage} total={result.total} hrefFor={(p) => browseHref(query, { page: p })} />
        </section>
      </div>
    </Layout>
  );
}
