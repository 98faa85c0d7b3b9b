import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AccountService, Actor } from '../accounts/index.ts';
import { accountApiRoutes } from '../api/accounts.routes.ts';
import { apiRoutes } from '../api/api.routes.ts';
import { moderationApiRoutes } from '../api/moderation.routes.ts';
import { reviewApiRoutes } from '../api/reviews.routes.ts';
import { wikiApiRoutes } from '../api/wiki.routes.ts';
import type { CatalogService } from '../catalog/index.ts';
import { AppError, type ErrorDetail, httpStatusOf, isAppError } from '../errors.ts';
import type { BlobStore } from '../files/blob.store.ts';
import { distributionRoutes } from '../files/distribution.routes.ts';
import type { DistributionUrls } from '../torrent/index.ts';
import { type TrackerRuntime, failureReply, trackerFastPath, trackerHttpRoutes } from '../tracker/index.ts';
import { describeAjvError, newAjv } from '../validation.ts';
import { ErrorPage } from '../web/pages/error.page.tsx';
import { renderPage } from '../web/render.tsx';
import type { ModerationService } from '../moderation/index.ts';
import type { ReviewService } from '../reviews/index.ts';
import type { SourceService, WikiService } from '../wiki/index.ts';
import { wikiWebRoutes } from '../web/wiki.routes.tsx';
import { accountWebRoutes } from '../web/account.routes.tsx';
import { editRoutes } from '../web/edit.routes.tsx';
import { releaseWebRoutes } from '../web/release.routes.tsx';
import { moderationWebRoutes } from '../web/moderation.routes.tsx';
import { reviewWebRoutes } from '../web/review.routes.tsx';
import { viewerOf } from '../web/viewer.ts';
import { webRoutes } from '../web/web.routes.tsx';
import { registerAuth } from './auth.ts';
import { withFastPath } from './fast-path.ts';

export interface ServerDeps {
  readonly catalog: CatalogService;
  readonly accounts: AccountService;
  readonly reviews: ReviewService;
  readonly moderation: ModerationService;
  readonly wiki: WikiService;
  readonly sources: SourceService;
  /** Whether a passkey belongs to an account (cached; see createPasskeyCheck). */
  readonly passkeys: (passkey: string) => Promise<boolean>;
  readonly logger: Logger;
  /** The archive's own token (KINORA_API_TOKEN): acts as the archive itself through the API. */
  readonly apiToken: string | undefined;
  readonly publicUrl: string;
  /** Bytes for the cache of rendered pages. */
  readonly pageCacheBytes: number;
  /** Where web uploads of releases are written while they arrive, and the largest file accepted. */
  readonly uploads: { readonly dir: string; readonly maxFileBytes: number };
  /** Answers whether the database is reachable, for /healthz. */
  readonly ping: () => Promise<void>;
  /** The file store the web seeds serve from. */
  readonly blobs: BlobStore;
  /** Trackers and web-seed mirrors written into torrents and magnet links. */
  readonly distribution: DistributionUrls;
  /** The built-in tracker, whose `/announce` and `/scrape` share this server; undefined when off. */
  readonly tracker?: TrackerRuntime | undefined;
  readonly clock?: () => Date;
}

export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Errors Fastify raises itself, given the same stable codes as ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
}

function problemOf(error: FastifyError | AppError | Error, req: FastifyRequest): Problem {
  if (isAppError(error)) return { status: httpStatusOf(error.kind), code: error.code, message: error.message, details: error.details };
  const fe = error as FastifyError;
  if (fe.validation) {
    const context = fe.validationContext ?? 'body';
    const root = context === 'querystring' ? req.query : context === 'params' ? req.params : context === 'headers' ? req.headers : req.body;
    const details = fe.validation.map((v) => describeAjvError(v as Parameters<typeof describeAjvError>[0], root));
    return { status: 400, code: context === 'body' ? 'invalid_body' : 'invalid_query', message: `The request ${context === 'body' ? 'body' : context} is invalid: ${details.map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`, details };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = FASTIFY_CODES[fe.code] ?? 'bad_request';
    // A JSON syntax error's message describes the input, not the server, so it is safe to return.
    return { status: fe.statusCode, code, message: fe.message, details: [] };
  }
  return { status: 500, code: 'internal_error', message: 'An internal error occurred; it has been logged.', details: [] };
}

const wantsJson = (req: FastifyRequest) => req.url.startsWith('/api/');

function sendProblem(reply: FastifyReply, req: FastifyRequest, p: Problem) {
  reply.code(p.status);
  if (wantsJson(req)) return reply.type('application/json; charset=utf-8').send({ error: { code: p.code, message: p.message, details: p.details } });
  return reply.type('text/html; charset=utf-8').send(renderPage(<ErrorPage status={p.status} message={p.message} details={p.details} />, req.actor ? viewerOf(req) : undefined));
}

/** Builds the HTTP server: pages, JSON API, OpenAPI document, health check, and one error mapping for all of them. */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const fast = deps.tracker ? trackerFastPath({ tracker: deps.tracker.tracker, limiter: deps.tracker.limiter, ipHeader: deps.tracker.config.ipHeader, logger: deps.logger, clock: deps.tracker.nowMs }) : undefined;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Announces skip Fastify (see trackerFastPath); everything else goes through it.
    ...(fast ? { serverFactory: withFastPath(fast) } : {}),
    // A URL Fastify cannot even route (a malformed %-escape…) gets the same error shapes as everything else.
    frameworkErrors: (error, req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const tracker = /^\/(announce|scrape)(\/|\?|$)/.test(req.url);
      if (tracker) return reply.code(200).type('text/plain; charset=utf-8').send(failureReply('the request URL is malformed'));
      return sendProblem(reply, req, { status: 400, code: 'bad_url', message: `The address is malformed: ${error.message}`, details: [] });
    },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, useDefaults: false, coerceTypes: 'array' } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  });

  // Query strings and path parameters are text, so numbers in them are coerced ("2" → 2); a JSON
  // body is typed already, and a wrong type there is the client's mistake, said so (400), never
  // quietly converted.
  const coercing = newAjv({ coerceTypes: 'array' });
  const strict = newAjv({ coerceTypes: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));

  app.setErrorHandler((error: FastifyError, req, reply) => {
    const problem = problemOf(error, req);
    if (problem.status >= 500) req.log.error({ err: error }, 'request failed');
    return sendProblem(reply, req, problem);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, wantsJson(req)
      ? { status: 404, code: 'route_not_found', message: `No API route ${req.method} ${req.url.split('?')[0]}.`, details: [] }
      : { status: 404, code: 'page_not_found', message: `There is no page at ${req.url.split('?')[0]}.`, details: [] }),
  );

  // Pages run no script of anybody's: no inline script, nothing from another host. Even markup that
  // got past the renderer and the review sanitiser could not run.
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    return payload;
  });

  const secureCookies = deps.publicUrl.startsWith('https:');
  const passkeyOf = async (actor: Actor) => (actor.kind === 'user' ? deps.accounts.passkey(actor) : null);
  // Forms post application/x-www-form-urlencoded; the same body limit as JSON.
  await app.register(formbody);
  // Multipart bodies are never parsed ahead: the upload route streams them (see releaseWebRoutes).
  await app.register(multipart);
  registerAuth(app, { accounts: deps.accounts, archiveToken: deps.apiToken, secureCookies });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Kinora API', version: '1', description: 'Read the catalog of a Kinora archive, and write to it with an API token.' },
      servers: [{ url: deps.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (POST /api/v1/tokens), or the archive\'s KINORA_API_TOKEN.' } } },
    },
  });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    await deps.ping();
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  await app.register(async (api) => {
    api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await apiRoutes(api, { catalog: deps.catalog, urls: deps.distribution, swarms: deps.tracker, passkeyOf });
    await accountApiRoutes(api, { accounts: deps.accounts, secureCookies });
    await reviewApiRoutes(api, { reviews: deps.reviews });
    await moderationApiRoutes(api, { moderation: deps.moderation });
    await wikiApiRoutes(api, { wiki: deps.wiki, sources: deps.sources });
  }, { prefix: '/api/v1' });

  await app.register(async (files) => distributionRoutes(files, { catalog: deps.catalog, blobs: deps.blobs, urls: deps.distribution, passkeyOf, passkeys: deps.passkeys }));
  const tracker = deps.tracker;
  if (tracker) await app.register(async (t) => trackerHttpRoutes(t, { tracker: tracker.tracker, limiter: tracker.limiter, ipHeader: tracker.config.ipHeader, clock: tracker.nowMs }));
  await app.register(async (web) => accountWebRoutes(web, { accounts: deps.accounts, secureCookies }));
  await app.register(async (web) => reviewWebRoutes(web, { catalog: deps.catalog, reviews: deps.reviews, moderation: deps.moderation }));
  await app.register(async (web) => editRoutes(web, { catalog: deps.catalog }));
  await app.register(async (web) => releaseWebRoutes(web, { catalog: deps.catalog, uploadDir: deps.uploads.dir, maxFileBytes: deps.uploads.maxFileBytes }));
  await app.register(async (web) => wikiWebRoutes(web, { wiki: deps.wiki, sources: deps.sources, catalog: deps.catalog, cacheBytes: deps.pageCacheBytes / 4, publicUrl: deps.publicUrl }));
  await app.register(async (web) => moderationWebRoutes(web, { catalog: deps.catalog, reviews: deps.reviews, moderation: deps.moderation }));
  await app.register(async (web) => webRoutes(web, { catalog: deps.catalog, cacheBytes: deps.pageCacheBytes, urls: deps.distribution, swarms: deps.tracker, passkeyOf, reviews: deps.reviews, moderation: deps.moderation, wiki: deps.wiki, sources: deps.sources, ...(deps.clock ? { clock: deps.clock } : {}) }));
  return app;
}
