import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type AccountService, MAX_PASSWORD_BYTES, ROLES, SESSION_MS } from '../accounts/index.ts';
import { StringEnum } from '../catalog/index.ts';
import { AppError } from '../errors.ts';
import { clearSessionCookie, setSessionCookie } from '../http/auth.ts';
import { AccountJson, AuditJson, NewTokenJson, SessionJson, presentAccount, presentAudit } from './accounts.presenters.ts';
import { ErrorJson } from './presenters.ts';

export interface AccountApiDeps {
  readonly accounts: AccountService;
  readonly secureCookies: boolean;
}

// Lengths are checked here only loosely (a 10,000-character name is refused by the schema, 400);
// the service gives the precise reasons, field by field.
const Credentials = Type.Object({
  username: Type.String({ maxLength: 64 }),
  password: Type.String({ maxLength: MAX_PASSWORD_BYTES }),
}, { additionalProperties: false });
const Registration = Type.Object({
  username: Type.String({ maxLength: 64 }),
  password: Type.String({ maxLength: MAX_PASSWORD_BYTES }),
  email: Type.Optional(Type.String({ maxLength: 254 })),
}, { additionalProperties: false });
const TokenRequest = Type.Object({
  username: Type.String({ maxLength: 64 }),
  password: Type.String({ maxLength: MAX_PASSWORD_BYTES }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });
const errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 409: ErrorJson, 429: ErrorJson };

/** Accounts, sessions, personal tokens, roles and the audit log under /api/v1. */
export async function accountApiRoutes(app: FastifyInstance, { accounts, secureCookies }: AccountApiDeps): Promise<void> {
  app.post<{ Body: { username: string; password: string; email?: string } }>('/accounts', {
    schema: { summary: 'Register', description: 'Creates a reader account. Log in afterwards with POST /sessions, or get a token with POST /tokens.', tags: ['accounts'], body: Registration, response: { 201: AccountJson, ...errors } },
  }, async (req, reply) => reply.code(201).send(presentAccount(await accounts.register(req.actor, req.body))));

  app.post<{ Body: { username: string; password: string } }>('/sessions', {
    schema: { summary: 'Log in', description: 'Sets the session cookie (HttpOnly, SameSite=Lax). Writes made with it must send the returned csrfToken as X-CSRF-Token. 10 failed logins a minute per account or address, then 429.', tags: ['accounts'], body: Credentials, response: { 201: SessionJson, ...errors } },
  }, async (req, reply) => {
    const s = await accounts.login({ username: req.body.username, password: req.body.password, address: req.ip });
    setSessionCookie(reply, s.secret, secureCookies, SESSION_MS / 1000);
    return reply.code(201).send({ account: presentAccount(s.account), csrfToken: s.csrfToken, expiresAt: s.expiresAt });
  });

  app.delete('/sessions', {
    schema: { summary: 'Log out', description: 'Ends the session of the cookie sent (with its X-CSRF-Token).', tags: ['accounts'], response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    if (req.auth.via === 'session') await accounts.logout(req.auth.secret);
    clearSessionCookie(reply, secureCookies);
    return reply.code(204).send();
  });

  app.get('/session', {
    schema: { summary: 'Who am I', description: 'The account of the cookie or token sent, or 401.', tags: ['accounts'], response: { 200: AccountJson, ...errors } },
  }, async (req) => {
    if (req.actor.kind !== 'user') throw new AppError('unauthenticated', 'login_required', 'No session or token was sent, or it has expired.');
    return presentAccount(req.actor.account);
  });

  app.post<{ Body: { username: string; password: string; name?: string } }>('/tokens', {
    schema: { summary: 'Create a personal API token', description: 'Username and password for a new token, shown once; send it as Authorization: Bearer <token> (no CSRF token needed). Same rate limits as logging in.', tags: ['accounts'], body: TokenRequest, response: { 201: NewTokenJson, ...errors } },
  }, async (req, reply) => {
    const t = await accounts.createTokenWithPassword({ username: req.body.username, password: req.body.password, address: req.ip, name: req.body.name ?? 'API token' });
    return reply.code(201).send({ id: t.id, token: t.token, account: presentAccount(t.account) });
  });

  app.delete<{ Params: { id: number } }>('/tokens/:id', {
    schema: { summary: 'Revoke one of your tokens', tags: ['accounts'], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), security: [{ bearer: [] }], response: { 204: Type.Null(), ...errors, 404: ErrorJson } },
  }, async (req, reply) => {
    await accounts.revokeToken(req.actor, req.params.id);
    return reply.code(204).send();
  });

  app.put<{ Params: { username: string }; Body: { role: (typeof ROLES)[number]; reason?: string } }>('/users/:username/role', {
    schema: {
      summary: 'Change a role (admins)', tags: ['accounts'], params: Type.Object({ username: Type.String({ maxLength: 64 }) }),
      body: Type.Object({ role: StringEnum(ROLES), reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
      security: [{ bearer: [] }], response: { 200: AccountJson, ...errors, 404: ErrorJson },
    },
  }, async (req) => presentAccount(await accounts.setRole(req.actor, req.params.username, req.body.role, req.body.reason ?? '')));

  app.get<{ Querystring: { before?: number; limit?: number } }>('/audit', {
    schema: {
      summary: 'The audit log (moderators)', description: 'Role changes and moderation actions, newest first; page with `before` = the last id seen.', tags: ['moderation'],
      querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      security: [{ bearer: [] }], response: { 200: AuditJson, ...errors },
    },
  }, async (req) => presentAudit(await accounts.audit(req.actor, { limit: req.query.limit ?? 50, ...(req.query.before === undefined ? {} : { before: req.query.before }) })));
}
