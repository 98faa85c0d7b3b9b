import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/accounts/index.ts';
import { systemActor } from '../../src/accounts/index.ts';
import type { TestArchive } from './archive.ts';

/** A signed-in browser for in-process tests: its cookie, CSRF token and account. */
export interface Browser {
  readonly username: string;
  readonly cookie: string;
  readonly csrf: string;
  /** A personal API token of the same account. */
  readonly token: string;
}

let serial = 0;
export const PASSWORD = 'a long enough password';

/** The `name=value` of a Set-Cookie header (the first of that name). */
export function cookieFrom(res: LightMyRequestResponse, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return all.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`));
}

/** Makes an account with `role` (through the service, as the CLI does) and logs it in through the API. */
export async function signIn(archive: TestArchive, role: Role, name = `${role}${++serial}`): Promise<Browser> {
  await archive.accounts.createUser(systemActor('test'), { username: name, password: PASSWORD }, role);
  return logIn(archive.app, name);
}

export async function logIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Browser> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password }, remoteAddress: `198.51.100.${(serial % 200) + 1}` });
  if (res.statusCode !== 201) throw new Error(`login of ${username} failed: ${res.statusCode} ${res.body}`);
  const t = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password, name: 'tests' }, remoteAddress: `198.51.100.${(serial % 200) + 1}` });
  if (t.statusCode !== 201) throw new Error(`token for ${username} failed: ${t.statusCode} ${t.body}`);
  return { username, cookie: cookieFrom(res, 'kinora_session')!, csrf: res.json().csrfToken, token: t.json().token };
}
