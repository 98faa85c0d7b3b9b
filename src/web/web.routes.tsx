import type { FastifyInstance, FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { type CatalogService, parseBrowseQuery, parsePageQuery, parseSearchQuery } from '../catalog/index.ts';
import { STYLE_CSS, STYLE_URL } from './assets.ts';
import { CollectionPage, CollectionsPage } from './pages/collection.page.tsx';
import { FilmPage, FilmReleasesPage } from './pages/film.page.tsx';
import { FilmsPage } from './pages/films.page.tsx';
import { HomePage } from './pages/home.page.tsx';
import { PeoplePage, PersonPage } from './pages/person.page.tsx';
import { SearchPage } from './pages/search.page.tsx';
import { renderPage } from './render.ts';

export interface WebDeps {
  readonly catalog: CatalogService;
}

const html = (reply: FastifyReply, page: VNode) => reply.type('text/html; charset=utf-8').send(renderPage(page));

type Params = { slug: string };
type Query = Record<string, unknown>;

/** The server-rendered pages. Thin: parse the request, call the catalog, render a page. */
export async function webRoutes(app: FastifyInstance, { catalog }: WebDeps): Promise<void> {
  app.get(STYLE_URL, (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(STYLE_CSS),
  );

  app.get('/', async (_req, reply) => {
    const [recent, collections] = await Promise.all([catalog.browse({ page: 1, perPage: 6, sort: 'added' }), catalog.collections()]);
    return html(reply, <HomePage recent={recent} collections={collections} />);
  });

  app.get<{ Querystring: Query }>('/films', async (req, reply) => {
    const query = parseBrowseQuery(req.query);
    return html(reply, <FilmsPage query={query} result={await catalog.browse(query)} />);
  });

  app.get<{ Params: Params }>('/films/:slug', async (req, reply) => html(reply, <FilmPage film={await catalog.film(req.params.slug)} />));
  app.get<{ Params: Params }>('/films/:slug/releases', async (req, reply) => html(reply, <FilmReleasesPage film={await catalog.film(req.params.slug)} />));

  app.get<{ Querystring: Query }>('/people', async (req, reply) => {
    const { page, perPage } = parsePageQuery(req.query);
    const { people, total } = await catalog.people(page, perPage);
    return html(reply, <PeoplePage people={people} total={total} page={page} perPage={perPage} />);
  });
  app.get<{ Params: Params }>('/people/:slug', async (req, reply) => html(reply, <PersonPage person={await catalog.person(req.params.slug)} />));

  app.get('/collections', async (_req, reply) => html(reply, <CollectionsPage collections={await catalog.collections()} />));
  app.get<{ Params: Params }>('/collections/:slug', async (req, reply) => html(reply, <CollectionPage collection={await catalog.collection(req.params.slug)} />));

  app.get<{ Querystring: Query }>('/search', async (req, reply) => {
    const query = parseSearchQuery(req.query);
    return html(reply, <SearchPage results={await catalog.search(query)} />);
  });
}
