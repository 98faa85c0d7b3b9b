import type { BrowseResult, CollectionListing } from '../../catalog/index.ts';
import { FilmList } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** `/`: what the archive is, its newest films and its collections. */
export function HomePage({ recent, collections }: { recent: BrowseResult; collections: readonly CollectionListing[] }) {
  return (
    <Layout title="Kinora" section="home" description="An archive of documentary films: watch, download by BitTorrent, read about their subjects.">
      <section class="intro">
        <h1>Kinora</h1>
        <p>
          An archive of documentary films: {recent.total} {recent.total === 1 ? 'film' : 'films'} with their credits, subjects and
          reception, ready to browse and to search.
        </p>
        <p><a class="button" href="/films">Browse all films</a></p>
      </section>
      <div class="columns">
        <section aria-labelledby="recent">
          <h2 id="recent">Recently added</h2>
          <FilmList films={recent.films} />
          <p><a href="/films?sort=added">More recent additions</a></p>
        </section>
        <section aria-labelledby="collections">
          <h2 id="collections">Collections</h2>
          <ul class="collections">
            {collections.map((c) => (
              <li key={c.slug}>
                <a href={`/collections/${c.slug}`}>{c.title}</a> <span class="count">{c.filmCount} {c.filmCount === 1 ? 'film' : 'films'}</span>
                {c.description ? <p>{c.description}</p> : null}
              </li>
            ))}
          </ul>
          <h2>Browse by decade</h2>
          <ul class="inline">
            {recent.facets.decade.map((d) => (
              <li key={d.value}><a href={`/films?decade=${d.value}`}>{d.label}</a> <span class="count">{d.count}</span></li>
            ))}
          </ul>
        </section>
      </div>
    </Layout>
  );
}
