import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/accounts/index.ts';
import { createTestArchive, type TestArchive } from './support/archive.ts';
import { DIALECTS } from './support/databases.ts';
import { aFilm } from './support/factories.ts';
import { PASSWORD, cookieFrom, logIn, signIn } from './support/sessions.ts';

const count = async (a: TestArchive, table: 'users' | 'sessions' | 'api_tokens' | 'audit_log') =>
  Number((await a.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** The form token a visitor's page hands out, with the cookie that goes with it. */
async function visitorForm(a: TestArchive, url: string) {
  const page = await a.app.inject({ method: 'GET', url });
  const cookie = cookieFrom(page, 'kinora_form')!;
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  return { cookie, token: token! };
}

describe.each(DIALECTS)('accounts on $name', (dialect) => {
  let archive: TestArchive;
  beforeAll(async () => {
    archive = await createTestArchive(dialect);
  });
  afterAll(async () => {
    await archive?.destroy();
  });
  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, o: { payload?: object; cookie?: string; csrf?: string; token?: string; address?: string } = {}) =>
    archive.app.inject({
      method, url, ...(o.payload ? { payload: o.payload } : {}), remoteAddress: o.address ?? '192.0.2.10',
      headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.csrf ? { 'x-csrf-token': o.csrf } : {}), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
    });

  it('registers readers, one account per name whatever its case, and refuses bad input changing nothing', async () => {
    const made = await api('POST', '/api/v1/accounts', { payload: { username: 'Ada_Reader', password: PASSWORD, email: 'ada@example.org' } });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ username: 'Ada_Reader', role: 'reader' });
    const before = await count(archive, 'users');
    const taken = await api('POST', '/api/v1/accounts', { payload: { username: 'ada_reader', password: PASSWORD } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('username_taken');
    const cases: [object, number, RegExp][] = [
      [{ username: 'ab', password: PASSWORD }, 400, /3 to 32/],
      [{ username: 'has space', password: PASSWORD }, 400, /letters, digits/],
      [{ username: 'x'.repeat(10_000), password: PASSWORD }, 400, /64/],
      [{ username: 'shortpw', password: 'short' }, 400, /at least 8/],
      [{ username: 'hugepw', password: 'p'.repeat(5000) }, 400, /1024/],
      [{ username: 'bademail', password: PASSWORD, email: 'not-an-address' }, 400, /not an email/],
      [{ username: 'typed', password: 12345678 }, 400, /string/],
      [{ username: 'extra', password: PASSWORD, role: 'admin' }, 400, /unknown field \\"role/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await api('POST', '/api/v1/accounts', { payload });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(JSON.stringify(res.json().error), JSON.stringify(res.json().error)).toMatch(message);
    }
    expect(await count(archive, 'users')).toBe(before);
  });

  it('logs in with an HttpOnly, SameSite=Lax session cookie and a CSRF token, and answers who is signed in', async () => {
    await archive.accounts.register({ kind: 'anonymous' }, { username: 'cookie-check', password: PASSWORD });
    const res = await api('POST', '/api/v1/sessions', { payload: { username: 'cookie-check', password: PASSWORD } });
    expect(res.statusCode).toBe(201);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^kinora_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Lax; Max-Age=2592000; HttpOnly$/);
    const cookie = cookieFrom(res, 'kinora_session')!;
    expect((await api('GET', '/api/v1/session', { cookie })).json()).toMatchObject({ username: 'cookie-check', role: 'reader' });
    expect((await api('GET', '/api/v1/session')).statusCode).toBe(401);
    // The database keeps only a digest of the session id.
    const stored = await archive.db.kysely.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(cookie.split('=')[1]);
  });

  it('sets the Secure flag when the archive is served over HTTPS', async () => {
    const https = await createTestArchive(dialect, { KINORA_PUBLIC_URL: 'https://archive.example.org' });
    try {
      await https.accounts.register({ kind: 'anonymous' }, { username: 'secure-one', password: PASSWORD });
      const res = await https.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'secure-one', password: PASSWORD } });
      expect(String(res.headers['set-cookie'])).toMatch(/; HttpOnly; Secure$/);
    } finally {
      await https.destroy();
    }
  });

  it('gives a new session id at every login and none survives logging out (no session fixation)', async () => {
    await archive.accounts.register({ kind: 'anonymous' }, { username: 'fixation', password: PASSWORD });
    const planted = 'kinora_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const res = await archive.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'fixation', password: PASSWORD }, headers: { cookie: planted } });
    const fresh = cookieFrom(res, 'kinora_session')!;
    expect(fresh).not.toBe(planted);
    const second = cookieFrom(await api('POST', '/api/v1/sessions', { payload: { username: 'fixation', password: PASSWORD } }), 'kinora_session')!;
    expect(second).not.toBe(fresh);
    const csrf = res.json().csrfToken;
    expect((await api('DELETE', '/api/v1/sessions', { cookie: fresh })).statusCode).toBe(403); // no CSRF token
    expect((await api('DELETE', '/api/v1/sessions', { cookie: fresh, csrf })).statusCode).toBe(204);
    expect((await api('GET', '/api/v1/session', { cookie: fresh })).statusCode).toBe(401);
    expect((await api('GET', '/api/v1/session', { cookie: second })).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown name alike, and the 11th failure in a minute with 429', async () => {
    await archive.accounts.register({ kind: 'anonymous' }, { username: 'limited', password: PASSWORD });
    const unknown = await api('POST', '/api/v1/sessions', { payload: { username: 'nobody-here', password: PASSWORD }, address: '203.0.113.1' });
    const wrong = await api('POST', '/api/v1/sessions', { payload: { username: 'limited', password: 'wrong password!' }, address: '203.0.113.1' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    // Per account: failures from many addresses add up.
    for (let i = 2; i <= 10; i++) expect((await api('POST', '/api/v1/sessions', { payload: { username: 'limited', password: 'wrong password!' }, address: `203.0.113.${i}` })).statusCode).toBe(401);
    const eleventh = await api('POST', '/api/v1/sessions', { payload: { username: 'limited', password: PASSWORD }, address: '203.0.113.99' });
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.code).toBe('too_many_logins');
    // Per address: one address guessing at many accounts.
    for (let i = 0; i < 10; i++) await api('POST', '/api/v1/sessions', { payload: { username: `guess${i}`, password: 'whatever123' }, address: '203.0.113.200' });
    await archive.accounts.register({ kind: 'anonymous' }, { username: 'bystander', password: PASSWORD });
    expect((await api('POST', '/api/v1/sessions', { payload: { username: 'bystander', password: PASSWORD }, address: '203.0.113.200' })).statusCode).toBe(429);
    expect((await api('POST', '/api/v1/sessions', { payload: { username: 'bystander', password: PASSWORD }, address: '203.0.113.201' })).statusCode).toBe(201);
    // A minute later the account may try again.
  });

  it('lets the failure window pass', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const timed = await createTestArchive(dialect, {}, () => new Date(now));
    try {
      await timed.accounts.register({ kind: 'anonymous' }, { username: 'patient', password: PASSWORD });
      for (let i = 0; i < 10; i++) await timed.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'patient', password: 'not it at all' } });
      expect((await timed.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'patient', password: PASSWORD } })).statusCode).toBe(429);
      now += 61_000;
      expect((await timed.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'patient', password: PASSWORD } })).statusCode).toBe(201);
    } finally {
      await timed.destroy();
    }
  });

  it('issues personal tokens shown once, stored as digests, usable without CSRF, and revocable', async () => {
    await archive.accounts.register({ kind: 'anonymous' }, { username: 'scripter', password: PASSWORD });
    const made = await api('POST', '/api/v1/tokens', { payload: { username: 'scripter', password: PASSWORD, name: 'my script' } });
    expect(made.statusCode).toBe(201);
    const { token, id } = made.json();
    expect(token).toMatch(/^kinora_pat_[A-Za-z0-9_-]{43}$/);
    const stored = await archive.db.kysely.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(11));
    expect((await api('GET', '/api/v1/session', { token })).json().username).toBe('scripter');
    expect((await api('POST', '/api/v1/tokens', { payload: { username: 'scripter', password: 'wrong wrong' } })).statusCode).toBe(401);
    expect((await api('DELETE', `/api/v1/tokens/${id}`, { token })).statusCode).toBe(204);
    expect((await api('GET', '/api/v1/session', { token })).json().error.code).toBe('invalid_token');
    // A proxy's Basic login in front of the archive is not a Kinora token: the page is served.
    expect((await archive.app.inject({ method: 'GET', url: '/', headers: { authorization: 'Basic dXNlcjpwYXNz' } })).statusCode).toBe(200);
    expect((await archive.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: 'Bearer' } })).json().error.code).toBe('invalid_token');
  });

  it('lets contributors write to the catalog and refuses readers, naming the account in the revision', async () => {
    const reader = await signIn(archive, 'reader');
    const contributor = await signIn(archive, 'contributor');
    const film = aFilm({ slug: 'written-by-contributor' });
    expect((await api('PUT', '/api/v1/films/written-by-contributor', { payload: film, token: reader.token })).statusCode).toBe(403);
    expect((await api('PUT', '/api/v1/films/written-by-contributor', { payload: film, cookie: contributor.cookie })).statusCode).toBe(403); // cookie without CSRF
    expect((await api('PUT', '/api/v1/films/written-by-contributor', { payload: film, cookie: contributor.cookie, csrf: contributor.csrf })).statusCode).toBe(200);
    expect((await api('PUT', '/api/v1/films/written-by-contributor', { payload: film, token: contributor.token })).statusCode).toBe(200);
    const rev = await archive.db.kysely.selectFrom('revisions').select('actor').where('entity', '=', 'film').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(rev.actor).toBe(contributor.username);
  });

  it('lets admins change roles, writing who, what and why to the audit log that moderators read', async () => {
    const admin = await signIn(archive, 'admin');
    const moderator = await signIn(archive, 'moderator');
    const reader = await signIn(archive, 'reader');
    expect((await api('PUT', `/api/v1/users/${reader.username}/role`, { payload: { role: 'contributor' }, token: moderator.token })).statusCode).toBe(403);
    const changed = await api('PUT', `/api/v1/users/${reader.username}/role`, { payload: { role: 'contributor', reason: 'fixes many records' }, token: admin.token });
    expect(changed.json()).toMatchObject({ username: reader.username, role: 'contributor' });
    expect((await api('PUT', `/api/v1/users/${admin.username}/role`, { payload: { role: 'reader' }, token: admin.token })).statusCode).toBe(403);
    expect((await api('PUT', '/api/v1/users/nobody-at-all/role', { payload: { role: 'reader' }, token: admin.token })).statusCode).toBe(404);
    expect((await api('PUT', `/api/v1/users/${reader.username}/role`, { payload: { role: 'emperor' }, token: admin.token })).statusCode).toBe(400);
    expect((await api('GET', '/api/v1/audit', { token: reader.token })).statusCode).toBe(403);
    const audit = (await api('GET', '/api/v1/audit', { token: moderator.token })).json().entries;
    expect(audit[0]).toMatchObject({ actor: admin.username, action: 'user.set_role', targetType: 'user', reason: 'fixes many records', data: { username: reader.username, from: 'reader', to: 'contributor' } });
  });

  it('changes a password, signing out every other session', async () => {
    const a = await signIn(archive, 'reader');
    const other = await logIn(archive.app, a.username);
    await expect(archive.accounts.changePassword({ kind: 'user', account: (await archive.accounts.sessionAccount(a.cookie.split('=')[1]!))! }, { current: 'not the password', next: 'a new long password' })).rejects.toMatchObject({ code: 'wrong_password' });
    const res = await archive.app.inject({ method: 'POST', url: '/account/password', headers: { cookie: a.cookie }, payload: { _csrf: a.csrf, current: PASSWORD, next: 'a new long password' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your password was changed');
    expect((await api('GET', '/api/v1/session', { cookie: a.cookie })).statusCode).toBe(200);
    expect((await api('GET', '/api/v1/session', { cookie: other.cookie })).statusCode).toBe(401);
    expect((await api('POST', '/api/v1/sessions', { payload: { username: a.username, password: 'a new long password' } })).statusCode).toBe(201);
  });

  it('registers, logs out and logs in through the HTML forms, each guarded by its form token', async () => {
    const reg = await visitorForm(archive, '/register');
    expect(reg.cookie).toMatch(/^kinora_form=/);
    const forged = await archive.app.inject({ method: 'POST', url: '/register', payload: { username: 'form-user', password: PASSWORD }, headers: { cookie: reg.cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('did not come from this site');
    const wrongToken = await archive.app.inject({ method: 'POST', url: '/register', payload: { username: 'form-user', password: PASSWORD, _csrf: 'x'.repeat(22) }, headers: { cookie: reg.cookie } });
    expect(wrongToken.statusCode).toBe(403);
    const bad = await archive.app.inject({ method: 'POST', url: '/register', payload: { username: 'form user', password: 'short', _csrf: reg.token }, headers: { cookie: reg.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-username-error"[^>]*>A username has 3 to 32/);
    expect(bad.body).toMatch(/id="f-password-error"[^>]*>A password has at least 8/);
    expect(bad.body).toContain('value="form user"');
    const ok = await archive.app.inject({ method: 'POST', url: '/register', payload: { username: 'form-user', password: PASSWORD, _csrf: reg.token }, headers: { cookie: reg.cookie } });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account');
    const session = cookieFrom(ok, 'kinora_session')!;
    const home = await archive.app.inject({ method: 'GET', url: '/', headers: { cookie: session } });
    expect(home.body).toContain('href="/account">form-user</a>');
    expect(home.headers['cache-control']).toBe('private, no-cache');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
    expect((await archive.app.inject({ method: 'POST', url: '/logout', headers: { cookie: session } })).statusCode).toBe(403);
    const out = await archive.app.inject({ method: 'POST', url: '/logout', payload: { _csrf: csrf }, headers: { cookie: session } });
    expect(out.statusCode).toBe(303);
    expect((await archive.app.inject({ method: 'GET', url: '/', headers: { cookie: session } })).body).toContain('href="/login"');

    const login = await visitorForm(archive, '/login?next=/films');
    const failedLogin = await archive.app.inject({ method: 'POST', url: '/login', payload: { username: 'form-user', password: 'wrong password', _csrf: login.token, next: '/films' }, headers: { cookie: login.cookie } });
    expect(failedLogin.statusCode).toBe(401);
    expect(failedLogin.body).toContain('Wrong username or password.');
    const offsite = await archive.app.inject({ method: 'POST', url: '/login', payload: { username: 'form-user', password: PASSWORD, _csrf: login.token, next: '//evil.example/' }, headers: { cookie: login.cookie } });
    expect(offsite.headers.location).toBe('/');
    const back = await archive.app.inject({ method: 'POST', url: '/login', payload: { username: 'form-user', password: PASSWORD, _csrf: login.token, next: '/films' }, headers: { cookie: login.cookie } });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/films');
  });

  it('shows a token once on the account page and lets the owner revoke it', async () => {
    const b = await signIn(archive, 'reader');
    const made = await archive.app.inject({ method: 'POST', url: '/account/tokens', headers: { cookie: b.cookie }, payload: { _csrf: b.csrf, name: 'from the page' } });
    expect(made.statusCode).toBe(201);
    const token = /class="secret">(kinora_pat_[^<]+)</.exec(made.body)![1]!;
    expect((await api('GET', '/api/v1/session', { token })).json().username).toBe(b.username);
    const page = await archive.app.inject({ method: 'GET', url: '/account', headers: { cookie: b.cookie } });
    expect(page.body).not.toContain(token);
    const id = /action="\/account\/tokens\/(\d+)\/revoke"/.exec(page.body)![1]!;
    await archive.app.inject({ method: 'POST', url: `/account/tokens/${id}/revoke`, headers: { cookie: b.cookie }, payload: { _csrf: b.csrf } });
    const tokens = await archive.accounts.tokens({ kind: 'user', account: (await archive.accounts.sessionAccount(b.cookie.split('=')[1]!))! });
    expect(tokens.find((t) => String(t.id) === id)?.revokedAt).not.toBeNull();
    // Visitors are sent to log in first.
    const anon = await archive.app.inject({ method: 'GET', url: '/account' });
    expect(anon.statusCode).toBe(303);
    expect(anon.headers.location).toBe('/login?next=%2Faccount');
  });

  it('the CLI actor may create an admin; a reader may not create accounts', async () => {
    const admin = await archive.accounts.createUser(systemActor('cli'), { username: 'first-admin', password: PASSWORD }, 'admin');
    expect(admin.role).toBe('admin');
    const r = await signIn(archive, 'reader');
    const reader = (await archive.accounts.sessionAccount(r.cookie.split('=')[1]!))!;
    await expect(archive.accounts.createUser({ kind: 'user', account: reader }, { username: 'sneaky', password: PASSWORD }, 'admin')).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
