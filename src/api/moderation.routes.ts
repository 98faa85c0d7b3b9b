import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { StringEnum } from '../catalog/index.ts';
import { FLAG_REASONS, FLAG_TARGETS, MAX_NOTE, type ModerationService } from '../moderation/index.ts';
import { FlagJson, QueueJson, presentFlag, presentQueue } from './moderation.presenters.ts';
import { ErrorJson } from './presenters.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson, 409: ErrorJson };
const Reason = Type.Object({ reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
const Note = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });

/** Flags, the moderation queue and takedowns under /api/v1 (the same rules as the pages). */
export async function moderationApiRoutes(app: FastifyInstance, { moderation }: { moderation: ModerationService }): Promise<void> {
  app.post<{ Body: { targetType: string; targetId: string | number; reason: string; note?: string } }>('/flags', {
    schema: {
      summary: 'Flag a problem', description: 'Signed-in readers flag a release (broken or wrong file, rights problem…), a review or a film record; one open flag per reader and target.', tags: ['moderation'],
      body: Type.Object({ targetType: StringEnum(FLAG_TARGETS), targetId: Type.Union([Type.String({ maxLength: 120 }), Type.Integer({ minimum: 1 })]), reason: StringEnum(FLAG_REASONS), note: Type.Optional(Type.String({ maxLength: MAX_NOTE })) }, { additionalProperties: false }),
      security: [{ bearer: [] }], response: { 201: FlagJson, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(presentFlag(await moderation.flag(req.actor, req.body))));

  app.get('/moderation/flags', {
    schema: { summary: 'The moderation queue (moderators)', description: 'Open flags grouped by target, oldest first.', tags: ['moderation'], security: [{ bearer: [] }], response: { 200: QueueJson, ...errors } },
  }, async (req) => presentQueue(await moderation.queue(req.actor)));

  for (const outcome of ['resolve', 'dismiss'] as const) {
    app.post<{ Params: { id: number }; Body: { note?: string } }>(`/flags/:id/${outcome}`, {
      schema: { summary: outcome === 'resolve' ? 'Resolve a flag (moderators)' : 'Dismiss a flag (moderators)', tags: ['moderation'], params: IdParams, body: Note, security: [{ bearer: [] }], response: { 200: FlagJson, ...errors } },
    }, async (req) => presentFlag(await moderation.close(req.actor, req.params.id, outcome === 'resolve' ? 'resolved' : 'dismissed', req.body?.note ?? '')));
  }

  app.post<{ Params: { id: number }; Body: { reason: string } }>('/releases/:id/takedown', {
    schema: {
      summary: 'Take a release down (moderators)', description: 'Unlisted at once; its web seeds and .torrent answer 410; the tracker stops tracking it within a second. Written to the audit log; reversible.', tags: ['moderation'],
      params: IdParams, body: Reason, security: [{ bearer: [] }], response: { 204: Type.Null(), ...errors },
    },
  }, async (req, reply) => {
    await moderation.takeDown(req.actor, req.params.id, req.body.reason);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: number }; Body: { reason: string } }>('/releases/:id/restore', {
    schema: { summary: 'Restore a release taken down (moderators)', tags: ['moderation'], params: IdParams, body: Reason, security: [{ bearer: [] }], response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    await moderation.restoreRelease(req.actor, req.params.id, req.body.reason);
    return reply.code(204).send();
  });
}
