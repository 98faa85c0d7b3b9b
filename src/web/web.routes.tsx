import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { VersionedCache } from '../cache/versioned-cache.ts';
import { type CatalogService, parseBrowseQuery, parsePageQuery, parseSearchQuery, releaseLinks } from '../catalog/index.ts';
import type { Actor } from '../accounts/index.ts';
import { type ModerationService, visibleTo } from '../moderation/index.ts';
import type { ReviewService } from '../reviews/index.ts';
import type { SourceService, WikiService } from '../wiki/index.ts';
import type { DistributionUrls } from '../torrent/index.ts';
import type { PeerSample, SwarmCounts } from '../tracker/index.ts';
import { STYLE_CSS, STYLE_URL } from './assets.ts';
import { CollectionPage, CollectionsPage } from './pages/collection.page.tsx';
import { FilmPage, FilmReleasesPage } from './pages/film.page.tsx';
import { FilmsPage } from './pages/films.page.tsx';
import { HomePage } from './pages/home.page.tsx';
import { PeoplePage, PersonPage } from './pages/person.page.tsx';
import { SearchPage } from './pages/search.page.tsx';
import { sendPage } from './visitor-pages.ts';

export interface WebDeps {
  readonly catalog: CatalogService;
  /** Bytes for rendered pages (0: render every request). */
  readonly cacheBytes: number;
  /** Trackers and web seeds, for the releases' links. */
  readonly urls: DistributionUrls;
  /** Live tracker counts and history; undefined when the archive runs no tracker. */
  readonly swarms?: SwarmSource | undefined;
  /** The passkey of a signed-in reader (links of private releases); null for visitors. */
  readonly passkeyOf: (actor: Actor) => Promise<string | null>;
  /** Readers' reviews and ratings, shown on film pages. */
  readonly reviews: ReviewService;
  /** Open flags, shown on film pages ("No flags" or the list). */
  readonly moderation: ModerationService;
  /** Wiki articles: found by the search page, linked from film pages. */
  readonly wiki: WikiService;
  /** The source registry: the titles of the sources a film cites. */
  readonly sources: SourceService;
  readonly clock?: () => Date;
}

/** What pages read from the tracker. */
export interface SwarmSource {
  counts(releaseIds: readonly number[]): Promise<SwarmCounts[]>;
  samples(releaseId: number): Promise<PeerSample[]>;
}

/** Pages that show tracker counts are rebuilt at most this often (the counts are that fresh). */
const SWARM_PAGE_MS = 5000;

type Params = { slug: string };
type Query = Record<string, unknown>;

/** The server-rendered pages. Thin: parse the request, call the catalog, render a page. */
export async function webRoutes(app: FastifyInstance, { catalog, cacheBytes, urls, swarms, passkeyOf, reviews, moderation, wiki, sources, clock = () => new Date() }: WebDeps): Promise<void> {
  // Rendered pages are kept per URL and catalog version: a page is built once per change of the
  // catalog, and every write anywhere makes the next request rebuild it.
  const pages = new VersionedCache<string>(cacheBytes, (html) => html.length * 2);
  // A page showing tracker counts is also keyed by a 5-second slot, so its counts stay fresh.
  // Pages for signed-in readers carry their name and CSRF token, so only visitors' pages are cached.
  // Film pages also show reviews, so their version includes the reviews' (`live`), and the wiki's,
  // which every change of a source changes (the titles of the sources a film cites).
  const html = (req: FastifyRequest, reply: FastifyReply, build: () => Promise<VNode>, live = false, withWiki = false) =>
    sendPage(pages, req, reply, async () => {
      // The versions are indexed reads, made at once rather than one after the other.
      const base = (await Promise.all([catalog.version(), ...(live ? [reviews.version(), moderation.version()] : []), ...(live || withWiki ? [wiki.version()] : [])])).join('|');
      return live && swarms ? `${base}@${Math.floor(clock().getTime() / SWARM_PAGE_MS)}` : base;
    }, build);

  app.get(STYLE_URL, (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(STYLE_CSS),
  );

  app.get('/', async (req, reply) =>
    html(req, reply, async () => {
      const [recent, collections] = await Promise.all([catalog.browse({ page: 1, perPage: 6, sort: 'added' }), catalog.collections()]);
      return <HomePage recent={recent} collections={collections} />;
    }),
  );

  app.get<{ Querystring: Query }>('/films', async (req, reply) => {
    const query = parseBrowseQuery(req.query);
    return html(req, reply, async () => <FilmsPage query={query} result={await catalog.browse(query)} />);
  });

  const withLinks = async (req: FastifyRequest, slug: string) => {
    const film = visibleTo(req.actor, await catalog.film(slug));
    const ids = film.releases.map((r) => r.id);
    const flags = await moderation.openFlags([{ type: 'film', id: film.slug }, ...ids.map((id) => ({ type: 'release' as const, id }))]);
    const counts = swarms ? await swarms.counts(ids) : null;
    // Only signed-in readers' pages (never cached) hold a passkey, and only where a release is private.
    const passkey = film.releases.some((r) => r.torrent?.private) ? await passkeyOf(req.actor) : null;
    return { film, flags, links: new Map(film.releases.map((r) => [r.id, releaseLinks(r, urls, passkey)])), swarms: counts ? new Map(ids.map((id, i) => [id, counts[i]!])) : null };
  };
  app.get<{ Params: Params }>('/films/:slug', async (req, reply) =>
    html(req, reply, async () => {
      const [view, page] = await Promise.all([withLinks(req, req.params.slug), reviews.forFilm(req.actor, req.params.slug, { sort: 'helpful', limit: 3 })]);
      const f = view.film;
      const [named, covering, cited] = await Promise.all([
        wiki.articlesNamed([...f.subjects.map((s) => s.name), ...f.credits.map((c) => c.person.name), ...f.appearances.map((a) => a.person.name), ...f.places.map((p) => p.name)]),
        wiki.articlesCovering(f.slug),
        sources.byKeys(f.sources.map((s) => s.key)),
      ]);
      return <FilmPage {...view} rating={page.summary} topReviews={page.reviews} articles={{ named, covering }} sources={new Map(cited.map((s) => [s.key, s]))} />;
    }, true),
  );
  app.get<{ Params: Params }>('/films/:slug/releases', async (req, reply) =>
    html(req, reply, async () => {
      const view = await withLinks(req, req.params.slug);
      const rating = await reviews.summary(req.params.slug);
      const history = new Map(await Promise.all(view.film.releases.map(async (r) => [r.id, swarms ? await swarms.samples(r.id) : []] as const)));
      return <FilmReleasesPage {...view} history={history} now={clock()} rating={rating} />;
    }, true),
  );

  app.get<{ Querystring: Query }>('/people', async (req, reply) => {
    const { page, perPage } = parsePageQuery(req.query);
    return html(req, reply, async () => {
      const { people, total } = await catalog.people(page, perPage);
      return <PeoplePage people={people} total={total} page={page} perPage={perPage} />;
    });
  });
  app.get<{ Params: Params }>('/people/:slug', async (req, reply) => html(req, reply, async () => <PersonPage person={await catalog.person(req.params.slug)} />));

  app.get('/collections', async (req, reply) => html(req, reply, async () => <CollectionsPage collections={await catalog.collections()} />));
  app.get<{ Params: Params }>('/collections/:slug', async (req, reply) => html(req, reply, async () => <CollectionPage collection={await catalog.collection(req.params.slug)} />));

  app.get<{ Querystring: Query }>('/search', async (req, reply) => {
    const query = parseSearchQuery(req.query);
    return html(req, reply, async () => {
      const [results, articles] = await Promise.all([catalog.search(query), query.page === 1 && query.q ? wiki.search(query.q, 5) : Promise.resolve([])]);
      return <SearchPage results={results} articles={articles} />;
    }, false, true);
  });
}
