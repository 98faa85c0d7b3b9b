import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor, ROLES, type Role, canAccount, userActor } from '../src/accounts/index.ts';
import { canCatalog } from '../src/catalog/index.ts';
import { canModerate } from '../src/moderation/index.ts';
import { canReview } from '../src/reviews/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aCatalog, aFilm } from './support/factories.ts';
import { type Browser, signIn } from './support/sessions.ts';

/**
 * Every route that needs more than a visitor, each with the policy check that decides it: for
 * every role, the route must let through exactly those the policy allows (over the API with a
 * personal token, and over HTML with a session cookie and its CSRF token).
 */
interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly payload?: () => object;
  readonly allowed: (actor: Actor) => boolean;
}

const target = 'matrix-target';
const ROUTES: readonly Route[] = [
  { method: 'PUT', url: '/api/v1/films/matrix-film', payload: () => aFilm({ slug: 'matrix-film' }), allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'POST', url: '/api/v1/import', payload: () => aCatalog({ films: [aFilm({ slug: 'matrix-import' })] }), allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'PUT', url: `/api/v1/users/${target}/role`, payload: () => ({ role: 'reader', reason: 'matrix' }), allowed: (a) => canAccount(a, 'user.set_role', { id: -1 }) },
  { method: 'GET', url: '/api/v1/audit', allowed: (a) => canAccount(a, 'audit.read') },
  { method: 'GET', url: '/api/v1/session', allowed: (a) => canAccount(a, 'account.manage_own') },
  { method: 'DELETE', url: '/api/v1/tokens/999999', allowed: (a) => canAccount(a, 'account.manage_own') },
  { method: 'GET', url: '/account', allowed: (a) => canAccount(a, 'account.manage_own') },
  { method: 'POST', url: '/account/tokens', payload: () => ({ name: 'matrix' }), allowed: (a) => canAccount(a, 'account.manage_own') },
  { method: 'POST', url: '/account/password', payload: () => ({ current: 'wrong one!', next: 'whatever it is' }), allowed: (a) => canAccount(a, 'account.manage_own') },
  { method: 'POST', url: '/account/passkey', allowed: (a) => canAccount(a, 'account.manage_own') },
  { method: 'GET', url: '/admin/users', allowed: (a) => canAccount(a, 'user.list') },
  { method: 'POST', url: `/admin/users/${target}/role`, payload: () => ({ role: 'reader', reason: 'matrix' }), allowed: (a) => canAccount(a, 'user.set_role', { id: -1 }) },
  { method: 'GET', url: '/moderation/audit', allowed: (a) => canAccount(a, 'audit.read') },
  { method: 'POST', url: '/api/v1/films/matrix-reviewed/reviews', payload: () => ({ rating: 7, title: 'matrix', body: 'a review' }), allowed: (a) => canReview(a, 'review.write') },
  { method: 'POST', url: '/films/matrix-reviewed/reviews', payload: () => ({ rating: '7', title: 'matrix', body: 'a review' }), allowed: (a) => canReview(a, 'review.write') },
  { method: 'POST', url: '/api/v1/reviews/1/hide', payload: () => ({ reason: 'matrix' }), allowed: (a) => canReview(a, 'review.moderate') },
  { method: 'POST', url: '/reviews/1/restore', payload: () => ({}), allowed: (a) => canReview(a, 'review.moderate') },
  { method: 'GET', url: '/films/matrix-reviewed/edit', allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'POST', url: '/films/matrix-reviewed/edit', payload: () => ({ title: 'Matrix', year: '1950', synopsis: '' }), allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'GET', url: '/people/new', allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'GET', url: '/films/matrix-reviewed/releases/new', allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'POST', url: '/collections/new', payload: () => ({ slug: `matrix-${Math.random().toString(36).slice(2, 8)}`, title: 'Matrix', films: '' }), allowed: (a) => canCatalog(a, 'catalog.write') },
  { method: 'POST', url: '/api/v1/flags', payload: () => ({ targetType: 'film', targetId: 'matrix-reviewed', reason: 'spam' }), allowed: (a) => canModerate(a, 'flag.create') },
  { method: 'POST', url: '/flags', payload: () => ({ targetType: 'review', targetId: '1', reason: 'abuse' }), allowed: (a) => canModerate(a, 'flag.create') },
  { method: 'GET', url: '/api/v1/moderation/flags', allowed: (a) => canModerate(a, 'flag.handle') },
  { method: 'GET', url: '/moderation/flags', allowed: (a) => canModerate(a, 'flag.handle') },
  { method: 'POST', url: '/api/v1/flags/999999/dismiss', payload: () => ({}), allowed: (a) => canModerate(a, 'flag.handle') },
  { method: 'POST', url: '/api/v1/releases/999999/takedown', payload: () => ({ reason: 'matrix' }), allowed: (a) => canModerate(a, 'release.takedown') },
  { method: 'POST', url: '/releases/999999/restore', payload: () => ({ reason: 'matrix' }), allowed: (a) => canModerate(a, 'release.takedown') },
];

const refused = (status: number, location: string | undefined) => status === 401 || status === 403 || (status === 303 && location?.startsWith('/login') === true);

describe('every route enforces its policy, for every role', () => {
  let archive: TestArchive;
  const browsers = new Map<Role, Browser>();
  beforeAll(async () => {
    archive = await createTestArchive(DIALECTS[0]!);
    await signIn(archive, 'reader', target);
    for (const role of ROLES) browsers.set(role, await signIn(archive, role));
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'matrix-reviewed' })] }), { actor: 'test' });
    // Review 1, by the target reader, for the moderation routes.
    await archive.reviews.write(userActor((await archive.accounts.tokenAccount((await signIn(archive, 'reader')).token))!), 'matrix-reviewed', { rating: 5, title: 'first', body: 'the first review' });
  });
  afterAll(async () => {
    await archive?.destroy();
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const api = route.url.startsWith('/api/');
      const outcome: string[] = [];
      const expected: string[] = [];
      for (const role of [undefined, ...ROLES]) {
        const b = role ? browsers.get(role)! : undefined;
        const actor = b ? userActor((await archive.accounts.tokenAccount(b.token))!) : ANONYMOUS;
        const payload = route.payload?.() ?? (api ? undefined : {});
        const headers: Record<string, string> = {};
        if (b && api) headers.authorization = `Bearer ${b.token}`;
        if (b && !api) headers.cookie = b.cookie;
        const body = !api && b && route.method !== 'GET' ? { ...payload, _csrf: b.csrf } : payload;
        // A visitor's form carries a valid form token, so only the policy can refuse it.
        if (!b && !api && route.method !== 'GET') {
          const form = await archive.app.inject({ method: 'GET', url: '/login' });
          const cookie = String(form.headers['set-cookie']).split(';')[0]!;
          headers.cookie = cookie;
          Object.assign(body as object, { _csrf: cookie.split('=')[1] });
        }
        const res = await archive.app.inject({ method: route.method, url: route.url, headers, ...(body ? { payload: body } : {}) });
        outcome.push(`${role ?? 'visitor'}: ${refused(res.statusCode, res.headers.location as string | undefined) ? 'refused' : 'allowed'}`);
        expected.push(`${role ?? 'visitor'}: ${route.allowed(actor) ? 'allowed' : 'refused'}`);
        expect(res.statusCode, `${role ?? 'visitor'} ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
      expect(outcome).toEqual(expected);
    });
  }
});
