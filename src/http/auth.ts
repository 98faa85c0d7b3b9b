import { timingSafeEqual } from 'node:crypto';
import type { Multipart, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type AccountService, type Actor, TOKEN_PREFIX, csrfTokenOf, systemActor, userActor } from '../accounts/index.ts';
import { AppError } from '../errors.ts';
import { cookieHeader, readCookie } from './cookies.ts';
import { newFormToken } from './form-token.ts';

/** How a request proved who it is. */
export type Auth =
  | { readonly via: 'none' }
  | { readonly via: 'session'; readonly secret: string; readonly csrf: string }
  | { readonly via: 'token' }
  | { readonly via: 'archive_token' };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `first-part`: a streamed upload checks its CSRF token itself, from the form's first field. */
    csrf?: 'first-part';
  }
  interface FastifyRequest {
    /** Who is acting: set by the auth hook before any route runs. */
    actor: Actor;
    auth: Auth;
  }
}

export const SESSION_COOKIE = 'kinora_session';
/** The double-submit token of forms sent before signing in (log in, register). */
export const FORM_COOKIE = 'kinora_form';

export interface AuthOptions {
  readonly accounts: AccountService;
  /** The archive's own KINORA_API_TOKEN: acts as the archive itself (named "api" in revisions). */
  readonly archiveToken: string | undefined;
  /** Cookies only over HTTPS: the archive's public URL is https. */
  readonly secureCookies: boolean;
}

const NONE: Auth = Object.freeze({ via: 'none' });
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Paths that never act on anybody's behalf: the tracker, a private release's passkey URLs, static
 * assets, health. (`/files/` is authenticated: the video player reaches private releases with the
 * reader's session.)
 */
const UNAUTHENTICATED = /^\/(announce|scrape|private\/|assets\/|healthz)/;

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Throws the right error when `allowed` is false: log in first (visitors) or forbidden (everybody else). */
export function authorize(actor: Actor, allowed: boolean, what: string): void {
  if (allowed) return;
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'login_required', `Log in to ${what}.`);
  throw new AppError('forbidden', 'forbidden', `Your account may not ${what}.`);
}

/**
 * Who is asking, for every request: a personal API token or the archive token (`Authorization:
 * Bearer`), else the session cookie, else a visitor. Then CSRF: a state-changing request carried
 * by the session cookie must also carry the session's CSRF token (form field `_csrf` or header
 * `X-CSRF-Token`); forms sent by visitors carry the double-submit token of their `kinora_form`
 * cookie. Bearer tokens need neither: browsers never send them on their own.
 */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const { accounts, archiveToken } = options;
  app.decorateRequest('actor', null as never);
  app.decorateRequest('auth', null as never);

  app.addHook('onRequest', async (req, reply) => {
    req.actor = ANONYMOUS;
    req.auth = NONE;
    if (UNAUTHENTICATED.test(req.url)) return;
    const authorization = req.headers.authorization;
    // Other schemes (Basic from a proxy's login in front of the archive…) are not Kinora's to judge.
    if (authorization !== undefined && /^bearer(\s|$)/i.test(authorization)) {
      const token = /^Bearer +([\x21-\x7e]{1,512})$/i.exec(authorization)?.[1];
      if (token === undefined) throw new AppError('unauthenticated', 'invalid_token', 'Send a token as "Authorization: Bearer <token>".');
      if (archiveToken !== undefined && sameSecret(token, archiveToken)) {
        req.actor = systemActor('api');
        req.auth = { via: 'archive_token' };
        return;
      }
      const account = token.startsWith(TOKEN_PREFIX) ? await accounts.tokenAccount(token) : undefined;
      if (!account) throw new AppError('unauthenticated', 'invalid_token', 'The API token is unknown or was revoked.');
      req.actor = userActor(account);
      req.auth = { via: 'token' };
      return;
    }
    const secret = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (secret === undefined) return;
    const account = await accounts.sessionAccount(secret);
    if (account) {
      req.actor = userActor(account);
      req.auth = { via: 'session', secret, csrf: csrfTokenOf(secret) };
    } else {
      // Expired or signed out elsewhere: drop the stale cookie.
      clearSessionCookie(reply, options.secureCookies);
    }
  });

  app.addHook('preHandler', async (req) => {
    if (SAFE.has(req.method) || UNAUTHENTICATED.test(req.url)) return;
    // Uploads (multipart, streamed) check the token themselves, from the form's first field,
    // before reading any file: the body is not parsed by the time this hook runs.
    if (req.routeOptions.config?.csrf === 'first-part' && String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) return;
    checkCsrf(req, (req.headers['x-csrf-token'] as string | undefined) ?? ((req.body as Record<string, unknown> | null)?._csrf as string | undefined));
  });
}

const refuse = () => new AppError('forbidden', 'csrf_failed', 'This form has expired or did not come from this site; reload the page and try again.');

/** Throws 403 unless `sent` is the request's CSRF token (the session's, or a visitor's form cookie). */
export function checkCsrf(req: FastifyRequest, sent: unknown): void {
  if (req.auth.via === 'session') {
    if (typeof sent !== 'string' || !sameSecret(sent, req.auth.csrf)) throw refuse();
  } else if (req.auth.via === 'none' && !req.url.startsWith('/api/')) {
    const cookie = readCookie(req.headers.cookie, FORM_COOKIE);
    if (cookie === undefined || typeof sent !== 'string' || !sameSecret(sent, cookie)) throw refuse();
  }
}

/** The token a visitor's form carries: reuses the visitor's `kinora_form` cookie, or sets a new one. */
export function formToken(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  if (req.auth.via === 'session') return req.auth.csrf;
  const existing = readCookie(req.headers.cookie, FORM_COOKIE);
  if (existing) return existing;
  const token = newFormToken();
  putCookie(reply, FORM_COOKIE, cookieHeader(FORM_COOKIE, token, { httpOnly: true, secure }));
  return token;
}

/** Sets a cookie, replacing one of the same name set earlier in this response (the stale-session clearing, say). */
function putCookie(reply: FastifyReply, name: string, value: string): void {
  const prior = reply.getHeader('set-cookie');
  const kept = (Array.isArray(prior) ? prior : prior === undefined ? [] : [String(prior)]).filter((c) => !c.startsWith(`${name}=`));
  reply.removeHeader('set-cookie');
  for (const c of [...kept, value]) reply.header('set-cookie', c);
}

/** Sets the session cookie after a login. */
export function setSessionCookie(reply: FastifyReply, secret: string, secure: boolean, maxAgeSeconds: number): void {
  putCookie(reply, SESSION_COOKIE, cookieHeader(SESSION_COOKIE, secret, { httpOnly: true, secure, maxAge: maxAgeSeconds }));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  putCookie(reply, SESSION_COOKIE, cookieHeader(SESSION_COOKIE, '', { httpOnly: true, secure, maxAge: 0 }));
}

/**
 * The parts of a multipart form posted to a route with `config: { csrf: 'first-part' }`, after its
 * first, which must be the `_csrf` field and is checked before any other part (no byte of a file of
 * a forged form is read). A limit the form breaks throws @fastify/multipart's `FST_` error.
 */
export async function* partsAfterCsrf(req: FastifyRequest, limits: NonNullable<Parameters<FastifyRequest['parts']>[0]>['limits']): AsyncGenerator<Multipart> {
  let first = true;
  for await (const part of req.parts({ limits })) {
    if (first) {
      first = false;
      if (part.type !== 'field' || part.fieldname !== '_csrf') throw refuse();
      checkCsrf(req, (part as MultipartValue).value);
      continue;
    }
    yield part;
  }
}

/** A limit the form itself broke (too many parts, a file too large: @fastify/multipart's `FST_` errors) as the sender's error; any other error as it is. */
export const formLimitError = (e: unknown): unknown =>
  ((e as { code?: unknown }).code as string | undefined)?.startsWith?.('FST_') ? new AppError('invalid', 'upload_refused', (e as Error).message) : e;
