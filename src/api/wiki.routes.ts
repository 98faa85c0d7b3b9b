import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';
import { MAX_EXPORT_BYTES, MAX_MARKUP, type SourceService, type WikiService } from '../wiki/index.ts';
import { ErrorJson } from './presenters.ts';
import { ArticleJson, DiffJson, RecentChangeJson, RevisionJson, SourceDetailJson, SourceJson, WikiImportJson, presentArticle, presentChange, presentImport, presentRevision, presentSource, presentSourceDetail } from './wiki.presenters.ts';

const TitleParams = Type.Object({ title: Type.String({ minLength: 1, maxLength: 600, description: 'The page title, spaces as underscores: Treaty_of_Versailles.' }) });
const KeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson, 409: ErrorJson, 410: ErrorJson };
const Paging = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });

/** The wiki under /api/v1: the same rules as the HTML pages (the services decide both). */
export async function wikiApiRoutes(app: FastifyInstance, { wiki, sources }: { wiki: WikiService; sources: SourceService }): Promise<void> {
  app.get<{ Params: { title: string }; Querystring: { redirect?: 'no'; revision?: number } }>('/wiki/:title', {
    schema: {
      summary: 'A wiki page, rendered, with its markup',
      description: 'Follows redirects (redirectedFrom says from where) unless redirect=no; revision=N shows an old revision.',
      tags: ['wiki'], params: TitleParams,
      querystring: Type.Object({ redirect: Type.Optional(Type.Literal('no')), revision: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: ArticleJson, ...errors },
    },
  }, async (req) => {
    const view = await wiki.view(req.actor, req.params.title, { follow: req.query.redirect !== 'no', ...(req.query.revision ? { revision: req.query.revision } : {}) });
    return presentArticle(view, await wiki.revision(view.title, view.revision.id));
  });

  app.put<{ Params: { title: string }; Body: { markup: string; summary?: string; baseRevisionId: number | null } }>('/wiki/:title', {
    schema: {
      summary: 'Create or edit a wiki page (contributors)',
      description: 'baseRevisionId is the revision the edit started from (null to create the page). If the page changed since, the answer is 409 edit_conflict and nothing is written.',
      tags: ['wiki'], params: TitleParams, security: [{ bearer: [] }],
      body: Type.Object({
        markup: Type.String({ maxLength: MAX_MARKUP, description: 'The page text (see docs/wiki.md).' }),
        summary: Type.Optional(Type.String({ maxLength: 500 })),
        baseRevisionId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ title: Type.String(), revisionId: Type.Integer(), created: Type.Boolean(), unchanged: Type.Boolean() }), 201: Type.Object({ title: Type.String(), revisionId: Type.Integer(), created: Type.Boolean(), unchanged: Type.Boolean() }), ...errors },
    },
  }, async (req, reply) => {
    const r = await wiki.save(req.actor, req.params.title, req.body);
    return reply.code(r.created ? 201 : 200).send(r);
  });

  // A MediaWiki export is XML: its bytes go to the importer, which decodes them strictly as UTF-8 and parses them.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: MAX_EXPORT_BYTES }, (_req, body, done) => done(null, body));

  app.post<{ Querystring: { dryRun?: 'true' | 'false' }; Body: unknown }>('/wiki/import', {
    bodyLimit: MAX_EXPORT_BYTES,
    schema: {
      summary: 'Import a MediaWiki XML export (moderators)',
      description: 'The body is an export (schema export-0.10 or 0.11, Content-Type application/xml). Articles and categories are imported with their history, '
        + 'one transaction per page; citation templates become sources; what could not be converted is listed per page. '
        + 'Importing the same export again writes nothing. dryRun=true reports without writing.',
      tags: ['wiki'], security: [{ bearer: [] }],
      querystring: Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) }),
      response: { 200: WikiImportJson, ...errors, 413: ErrorJson, 415: ErrorJson },
    },
  }, async (req) => {
    if (!Buffer.isBuffer(req.body)) throw invalid('export_content_type', 'Send the export as XML, with Content-Type: application/xml.');
    return presentImport(await wiki.importMediaWiki(req.actor, req.body, { dryRun: req.query.dryRun === 'true' }));
  });

  app.get<{ Params: { title: string }; Querystring: { page?: number } }>('/wiki/:title/revisions', {
    schema: { summary: 'A page\'s revisions, newest first', tags: ['wiki'], params: TitleParams, querystring: Paging, response: { 200: Type.Object({ title: Type.String(), total: Type.Integer(), revisions: Type.Array(RevisionJson) }), ...errors } },
  }, async (req) => {
    const h = await wiki.history(req.params.title, { limit: 100, offset: ((req.query.page ?? 1) - 1) * 100 });
    return { title: h.title, total: h.total, revisions: h.revisions.map(presentRevision) };
  });

  app.get<{ Params: { title: string }; Querystring: { from: number; to: number } }>('/wiki/:title/diff', {
    schema: {
      summary: 'The difference between two revisions of a page', description: 'Lines side by side, words marked.', tags: ['wiki'], params: TitleParams,
      querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }), response: { 200: DiffJson, ...errors },
    },
  }, async (req) => {
    const d = await wiki.diff(req.params.title, req.query.from, req.query.to);
    return { from: presentRevision(d.from), to: presentRevision(d.to), stats: d.stats, rows: d.rows };
  });

  app.get<{ Querystring: { page?: number } }>('/recent-changes', {
    schema: { summary: 'The latest revisions of every page', tags: ['wiki'], querystring: Paging, response: { 200: Type.Object({ changes: Type.Array(RecentChangeJson) }), ...errors } },
  }, async (req) => ({ changes: (await wiki.recentChanges({ limit: 100, offset: ((req.query.page ?? 1) - 1) * 100 })).map(presentChange) }));

  app.get<{ Querystring: { page?: number } }>('/sources', {
    schema: { summary: 'The sources articles cite', tags: ['wiki'], querystring: Paging, response: { 200: Type.Object({ total: Type.Integer(), sources: Type.Array(Type.Object({ ...SourceJson.properties, citedBy: Type.Integer() })) }), ...errors } },
  }, async (req) => {
    const l = await sources.list({ limit: 100, offset: ((req.query.page ?? 1) - 1) * 100 });
    return { total: l.total, sources: l.sources.map((s) => ({ ...presentSource(s), citedBy: s.citedBy })) };
  });

  app.post<{ Body: unknown }>('/sources', {
    schema: {
      summary: 'Add a source (contributors)', description: 'CSL-JSON fields with a key: { "key": "barnouw1993", "type": "book", "title": …, "author": [{ "family": …, "given": … }], "issued": { "date-parts": [[1993]] }, "ISBN": … }.',
      tags: ['wiki'], security: [{ bearer: [] }], body: Type.Object({}, { additionalProperties: true }), response: { 201: SourceJson, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(presentSource(await sources.create(req.actor, req.body))));

  app.get<{ Params: { key: string } }>('/sources/:key', {
    schema: { summary: 'A source, with the articles and films that cite it and its revisions', tags: ['wiki'], params: KeyParams, response: { 200: SourceDetailJson, ...errors } },
  }, async (req) => presentSourceDetail(await sources.get(req.params.key)));

  app.put<{ Params: { key: string }; Body: unknown }>('/sources/:key', {
    schema: { summary: 'Edit a source (contributors); the old data stays in its revisions', tags: ['wiki'], params: KeyParams, security: [{ bearer: [] }], body: Type.Object({}, { additionalProperties: true }), response: { 200: SourceJson, ...errors } },
  }, async (req) => presentSource(await sources.update(req.actor, req.params.key, req.body)));

  app.post<{ Params: { key: string }; Body: { reason: string | null } }>('/sources/:key/reliability', {
    schema: {
      summary: 'Mark a source unreliable, or clear the mark (moderators)', description: 'Articles citing it show the reason; the audit log keeps it.', tags: ['moderation'], params: KeyParams, security: [{ bearer: [] }],
      body: Type.Object({ reason: Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()]) }, { additionalProperties: false }), response: { 200: SourceJson, ...errors },
    },
  }, async (req) => presentSource(await sources.setUnreliable(req.actor, req.params.key, req.body.reason)));
}
