import type { CollectionDetail, CollectionListing } from '../../catalog/index.ts';
import { AddLink, Breadcrumb, FilmList, RecordActions } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** `/collections/<slug>`: a curated group of films in its own order. */
export function CollectionPage({ collection }: { collection: CollectionDetail }) {
  return (
    <Layout title={collection.title} section="collections" description={collection.description.slice(0, 160)}>
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Collections', href: '/collections' }, { label: collection.title }]} />
      <header class="record">
        <h1>{collection.title}</h1>
        <p class="meta">{collection.films.length} {collection.films.length === 1 ? 'film' : 'films'} · <a href={`/films?collection=${collection.slug}`}>Browse with filters</a></p>
      </header>
      {collection.description ? <p>{collection.description}</p> : null}
      <FilmList films={collection.films} />
      <RecordActions base="/collections" slug={collection.slug} />
    </Layout>
  );
}

/** `/collections`: every collection. */
export function CollectionsPage({ collections }: { collections: readonly CollectionListing[] }) {
  return (
    <Layout title="Collections" section="collections">
      <Breadcrumb items={[{ label: 'Home', href: '/' }, { label: 'Collections' }]} />
      <h1>Collections</h1>
      <AddLink href="/collections/new" label="Add a collection" />
      {collections.length === 0 ? <p>No collections yet.</p> : null}
      <ul class="collections">
        {collections.map((c) => (
          <li key={c.slug}>
            <h2><a href={`/collections/${c.slug}`}>{c.title}</a> <span class="count">{c.filmCount} {c.filmCount === 1 ? 'film' : 'films'}</span></h2>
            {c.description ? <p>{c.description}</p> : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
