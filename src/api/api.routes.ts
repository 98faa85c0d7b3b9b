import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  BrowseParams, canCatalog, type CatalogService, CatalogDocument, type FilmDetail, FilmInput, PageParams, parseBrowseQuery, parsePageQuery, parseSearchQuery, SearchParams, SLUG_PATTERN,
} from '../catalog/index.ts';
import { type Actor, actorName } from '../accounts/index.ts';
import { authorize } from '../http/auth.ts';
import { visibleTo } from '../moderation/index.ts';
import type { DistributionUrls } from '../torrent/index.ts';
import type { SwarmCounts } from '../tracker/index.ts';
import {
  CollectionJson, CollectionsJson, ErrorJson, FilmJson, FilmPageJson, ImportReportJson, PeoplePageJson, PersonJson, SearchJson,
  presentCollection, presentCollections, presentFilm, presentFilmPage, presentPerson, presentPersonRef, presentSearch,
} from './presenters.ts';

export interface ApiDeps {
  readonly catalog: CatalogService;
  /** Trackers and web seeds, for the releases' magnet links and torrent URLs. */
  readonly urls: DistributionUrls;
  /** Live tracker counts; undefined when the archive runs no tracker. */
  readonly swarms?: { counts(releaseIds: readonly number[]): Promise<SwarmCounts[]> } | undefined;
  /** The passkey of a signed-in reader (links of private releases); null for visitors. */
  readonly passkeyOf: (actor: Actor) => Promise<string | null>;
}

const SlugParams = Type.Object({ slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 120 }) });
const errors = { 400: ErrorJson, 404: ErrorJson };
const writeErrors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 409: ErrorJson, 413: ErrorJson };
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/** The JSON API under /api/v1. Routes declare their schemas once: Fastify validates with them and the OpenAPI document is generated from them. */
export async function apiRoutes(app: FastifyInstance, { catalog, urls, swarms, passkeyOf }: ApiDeps): Promise<void> {
  const withCounts = async (full: FilmDetail, actor: Actor, film = visibleTo(actor, full)) =>
    presentFilm(film, urls, swarms ? await swarms.counts(film.releases.map((r) => r.id)) : undefined, film.releases.some((r) => r.torrent?.private) ? await passkeyOf(actor) : null);
  // Contributors and up write to the catalog (catalog.policy.ts); the auth hook has said who is asking.
  const authorizeWrite = async (req: FastifyRequest) => authorize(req.actor, canCatalog(req.actor, 'catalog.write'), 'change the catalog');

  app.get('/films', {
    schema: { summary: 'List films', description: 'Films filtered by facets, sorted and paginated, with facet counts.', tags: ['films'], querystring: BrowseParams, response: { 200: FilmPageJson, ...errors } },
  }, async (req) => presentFilmPage(await catalog.browse(parseBrowseQuery(req.query as Record<string, unknown>))));

  app.get<{ Params: { slug: string } }>('/films/:slug', {
    schema: { summary: 'Get a film', tags: ['films'], params: SlugParams, response: { 200: FilmJson, ...errors } },
  }, async (req) => withCounts(await catalog.film(req.params.slug), req.actor));

  app.put<{ Params: { slug: string }; Body: FilmInput }>('/films/:slug', {
    schema: {
      summary: 'Create or replace a film', description: 'The body is a film record of the catalog exchange format (see docs/catalog.schema.json). Each change makes a revision.',
      tags: ['films'], params: SlugParams, body: FilmInput, security: [{ bearer: [] }], response: { 200: FilmJson, ...writeErrors },
    },
    preHandler: authorizeWrite,
  }, async (req) => {
    await catalog.putFilm(req.params.slug, req.body, actorName(req.actor));
    return withCounts(await catalog.film(req.params.slug), req.actor);
  });

  app.get('/people', {
    schema: { summary: 'List people and organisations', tags: ['people'], querystring: PageParams, response: { 200: PeoplePageJson, 400: ErrorJson } },
  }, async (req) => {
    const { page, perPage } = parsePageQuery(req.query as Record<string, unknown>);
    const result = await catalog.people(page, perPage);
    return { people: result.people.map(presentPersonRef), total: result.total, page, perPage };
  });

  app.get<{ Params: { slug: string } }>('/people/:slug', {
    schema: { summary: 'Get a person or organisation', tags: ['people'], params: SlugParams, response: { 200: PersonJson, ...errors } },
  }, async (req) => presentPerson(await catalog.person(req.params.slug)));

  app.get('/collections', {
    schema: { summary: 'List collections', tags: ['collections'], response: { 200: CollectionsJson } },
  }, async () => presentCollections(await catalog.collections()));

  app.get<{ Params: { slug: string } }>('/collections/:slug', {
    schema: { summary: 'Get a collection', tags: ['collections'], params: SlugParams, response: { 200: CollectionJson, ...errors } },
  }, async (req) => presentCollection(await catalog.collection(req.params.slug)));

  app.get('/search', {
    schema: { summary: 'Search the catalog', description: 'Full-text search over titles, original titles, synopses, people, subjects and places.', tags: ['search'], querystring: SearchParams, response: { 200: SearchJson, 400: ErrorJson } },
  }, async (req) => presentSearch(await catalog.search(parseSearchQuery(req.query as Record<string, unknown>))));

  app.get('/export', {
    schema: { summary: 'Export the catalog', description: 'The whole catalog in the exchange format that POST /import and `kinora import` read.', tags: ['catalog'], response: { 200: CatalogDocument } },
  }, async () => catalog.export());

  app.post('/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      summary: 'Import a catalog document', description: 'One transaction: if any record is invalid, nothing is written and every problem is listed. Release files must already be stored (add them with the CLI).',
      tags: ['catalog'], body: CatalogDocument, security: [{ bearer: [] }], response: { 200: ImportReportJson, ...writeErrors },
    },
    preHandler: authorizeWrite,
  }, async (req) => catalog.import(req.body, { actor: actorName(req.actor), summary: 'Imported through the API' }));
}
