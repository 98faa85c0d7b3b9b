import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { type AccountService, SESSION_MS, canAccount, isRole } from '../accounts/index.ts';
import { AppError, httpStatusOf, isAppError } from '../errors.ts';
import { authorize, clearSessionCookie, formToken, setSessionCookie } from '../http/auth.ts';
import { AccountPage, type AccountView, AuditPage, type FormState, LoginPage, RegisterPage, UsersPage } from './pages/account.page.tsx';
import { renderPage } from './render.tsx';
import { localPath, text } from './form.values.ts';
import { viewerOf } from './viewer.ts';

export interface AccountWebDeps {
  readonly accounts: AccountService;
  /** Cookies only over HTTPS. */
  readonly secureCookies: boolean;
}

type Form = Record<string, unknown>;
/** Where to go after logging in: a path on this site only, never another site. */
const safeNext = (v: unknown): string => localPath(v) ?? '/';
const PER_PAGE = 50;

/** Log in, register, log out, the account page (password, tokens, passkey) and the admin's user list. */
export async function accountWebRoutes(app: FastifyInstance, { accounts, secureCookies }: AccountWebDeps): Promise<void> {
  const page = (req: FastifyRequest, reply: FastifyReply, node: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderPage(node, viewerOf(req)));
  /** A failed form: the error's status, its message on top and its details by field. */
  const failed = (e: unknown, values: Record<string, string>): { status: number; state: FormState } => {
    if (!isAppError(e)) throw e;
    return { status: httpStatusOf(e.kind), state: { message: e.message, details: e.details, values } };
  };
  const signedIn = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (req.actor.kind === 'user') return true;
    void reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return false;
  };
  const address = (req: FastifyRequest) => req.ip;

  app.get<{ Querystring: Form }>('/login', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect(safeNext(req.query.next), 303);
    return page(req, reply, <LoginPage csrf={formToken(req, reply, secureCookies)} next={safeNext(req.query.next)} />);
  });
  app.post<{ Body: Form }>('/login', async (req, reply) => {
    const username = text(req.body?.username);
    try {
      const s = await accounts.login({ username, password: text(req.body?.password), address: address(req) });
      setSessionCookie(reply, s.secret, secureCookies, SESSION_MS / 1000);
      return reply.redirect(safeNext(req.body?.next), 303);
    } catch (e) {
      const f = failed(e, { username });
      return page(req, reply, <LoginPage csrf={formToken(req, reply, secureCookies)} next={safeNext(req.body?.next)} state={f.state} />, f.status);
    }
  });

  app.get('/register', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect('/account', 303);
    return page(req, reply, <RegisterPage csrf={formToken(req, reply, secureCookies)} />);
  });
  app.post<{ Body: Form }>('/register', async (req, reply) => {
    const values = { username: text(req.body?.username), email: text(req.body?.email) };
    try {
      await accounts.register(req.actor, { username: req.body?.username, password: req.body?.password, email: req.body?.email });
      const s = await accounts.login({ username: values.username, password: text(req.body?.password), address: address(req) });
      setSessionCookie(reply, s.secret, secureCookies, SESSION_MS / 1000);
      return reply.redirect('/account', 303);
    } catch (e) {
      const f = failed(e, values);
      return page(req, reply, <RegisterPage csrf={formToken(req, reply, secureCookies)} state={f.state} />, f.status);
    }
  });

  app.post('/logout', async (req, reply) => {
    if (req.auth.via === 'session') await accounts.logout(req.auth.secret);
    clearSessionCookie(reply, secureCookies);
    return reply.redirect('/', 303);
  });

  const accountView = async (req: FastifyRequest, extra: Partial<AccountView> = {}): Promise<AccountView> => {
    if (req.actor.kind !== 'user') throw new Error('unreachable: signed in');
    const [tokens, passkey] = await Promise.all([accounts.tokens(req.actor), accounts.passkey(req.actor)]);
    return { account: req.actor.account, csrf: viewerOf(req).csrf ?? '', tokens, passkey, ...extra };
  };
  app.get('/account', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    return page(req, reply, <AccountPage {...await accountView(req)} />);
  });
  app.post<{ Body: Form }>('/account/password', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    try {
      await accounts.changePassword(req.actor, { current: text(req.body?.current), next: text(req.body?.next), ...(req.auth.via === 'session' ? { sessionSecret: req.auth.secret } : {}) });
      return page(req, reply, <AccountPage {...await accountView(req, { ok: 'Your password was changed. Other browsers signed in to this account were signed out.' })} />);
    } catch (e) {
      const f = failed(e, {});
      return page(req, reply, <AccountPage {...await accountView(req, { passwordState: f.state })} />, f.status);
    }
  });
  app.post<{ Body: Form }>('/account/tokens', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    try {
      const t = await accounts.createToken(req.actor, text(req.body?.name));
      return page(req, reply, <AccountPage {...await accountView(req, { newToken: t.token })} />, 201);
    } catch (e) {
      const f = failed(e, { name: text(req.body?.name) });
      return page(req, reply, <AccountPage {...await accountView(req, { tokenState: f.state })} />, f.status);
    }
  });
  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : -1;
    await accounts.revokeToken(req.actor, id);
    return page(req, reply, <AccountPage {...await accountView(req, { ok: 'The token was revoked.' })} />);
  });
  app.post('/account/passkey', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    await accounts.resetPasskey(req.actor);
    return page(req, reply, <AccountPage {...await accountView(req, { ok: 'You have a new passkey. Download the torrents of private releases again.' })} />);
  });

  const usersPage = async (req: FastifyRequest, reply: FastifyReply, pageNumber: number, extra: { ok?: string; state?: FormState; status?: number } = {}) => {
    const { users, total } = await accounts.users(req.actor, { limit: PER_PAGE, offset: (pageNumber - 1) * PER_PAGE });
    const viewer = viewerOf(req);
    return page(req, reply, <UsersPage users={users} total={total} page={pageNumber} perPage={PER_PAGE} csrf={viewer.csrf ?? ''} viewerId={viewer.account?.id ?? -1} {...extra} />, extra.status);
  };
  app.get<{ Querystring: Form }>('/admin/users', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    authorize(req.actor, canAccount(req.actor, 'user.list'), 'list accounts');
    const n = /^\d{1,6}$/.test(text(req.query.page)) ? Math.max(1, Number(req.query.page)) : 1;
    return usersPage(req, reply, n);
  });
  app.post<{ Params: { username: string }; Body: Form }>('/admin/users/:username/role', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    authorize(req.actor, canAccount(req.actor, 'user.list'), 'change roles');
    const role = text(req.body?.role);
    try {
      if (!isRole(role)) throw new AppError('invalid', 'invalid_role', `"${role}" is not a role.`);
      const a = await accounts.setRole(req.actor, req.params.username, role, text(req.body?.reason));
      return usersPage(req, reply, 1, { ok: `${a.username} is now ${a.role}.` });
    } catch (e) {
      const f = failed(e, {});
      return usersPage(req, reply, 1, { state: f.state, status: f.status });
    }
  });

  app.get<{ Querystring: Form }>('/moderation/audit', async (req, reply) => {
    if (!signedIn(req, reply)) return reply;
    const before = /^\d{1,12}$/.test(text(req.query.before)) ? Number(req.query.before) : undefined;
    const entries = await accounts.audit(req.actor, { limit: PER_PAGE, ...(before === undefined ? {} : { before }) });
    return page(req, reply, <AuditPage entries={entries} before={before} />);
  });
}
