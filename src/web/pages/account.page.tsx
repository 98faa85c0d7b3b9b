import type { Account, AuditEntry, TokenSummary } from '../../accounts/index.ts';
import { MIN_PASSWORD_CHARS, ROLES, USERNAME_PATTERN } from '../../accounts/index.ts';
import type { ErrorDetail } from '../../errors.ts';
import { Pagination } from '../components.tsx';
import { Layout } from '../layout.tsx';

/** What a form shows after a failed submission: a message on top and each problem beside its field. */
export interface FormState {
  readonly message?: string;
  readonly details?: readonly ErrorDetail[];
  /** What the person typed, to fill the fields again (never passwords). */
  readonly values?: Readonly<Record<string, string>>;
}

const errorOf = (s: FormState | undefined, field: string) => s?.details?.find((d) => d.path === field)?.message;

/** A labelled input; its error (if any) is tied to it with aria-describedby, so screen readers read both. */
function Field(props: { name: string; label: string; type?: string; state?: FormState | undefined; hint?: string; autocomplete?: string; required?: boolean; pattern?: string; minLength?: number; maxLength?: number }) {
  const error = errorOf(props.state, props.name);
  const id = `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      <input
        id={id} name={props.name} type={props.type ?? 'text'} value={props.type === 'password' ? '' : props.state?.values?.[props.name] ?? ''}
        autocomplete={props.autocomplete} required={props.required} pattern={props.pattern} minLength={props.minLength} maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined} aria-describedby={described}
      />
      {props.hint ? <p class="field-hint" id={`${id}-hint`}>{props.hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

function Notice({ state, ok }: { state?: FormState | undefined; ok?: string | undefined }) {
  if (state?.message) return <p class="notice error" role="alert">{state.message}</p>;
  if (ok) return <p class="notice" role="status">{ok}</p>;
  return null;
}

export function LoginPage({ csrf, next, state }: { csrf: string; next: string; state?: FormState }) {
  return (
    <Layout title="Log in" section="account">
      <h1>Log in</h1>
      <Notice state={state} />
      <form method="post" action="/login" class="stacked">
        <Csrf token={csrf} />
        <input type="hidden" name="next" value={next} />
        <Field name="username" label="Username" state={state} autocomplete="username" required maxLength={32} />
        <Field name="password" label="Password" type="password" state={state} autocomplete="current-password" required />
        <div><button type="submit">Log in</button></div>
      </form>
      <p>No account yet? <a href="/register">Register</a>.</p>
    </Layout>
  );
}

export function RegisterPage({ csrf, state }: { csrf: string; state?: FormState }) {
  return (
    <Layout title="Register" section="account">
      <h1>Register</h1>
      <p>An account lets you review films and report problems with releases.</p>
      <Notice state={state} />
      <form method="post" action="/register" class="stacked">
        <Csrf token={csrf} />
        <Field name="username" label="Username" state={state} autocomplete="username" required pattern={USERNAME_PATTERN.slice(1, -1)} maxLength={32}
          hint="3 to 32 letters, digits, “_”, “.” or “-”. Shown beside your reviews." />
        <Field name="password" label="Password" type="password" state={state} autocomplete="new-password" required minLength={MIN_PASSWORD_CHARS}
          hint={`At least ${MIN_PASSWORD_CHARS} characters. A few unrelated words make a good one.`} />
        <Field name="email" label="Email (optional)" type="email" state={state} autocomplete="email" maxLength={254} hint="Only to reach you about your account; never shown." />
        <div><button type="submit">Register</button></div>
      </form>
      <p>Already registered? <a href="/login">Log in</a>.</p>
    </Layout>
  );
}

export interface AccountView {
  readonly account: Account;
  readonly csrf: string;
  readonly tokens: readonly TokenSummary[];
  readonly passkey: string;
  /** A token created just now, shown this once. */
  readonly newToken?: string;
  readonly ok?: string;
  readonly passwordState?: FormState;
  readonly tokenState?: FormState;
}

export function AccountPage(v: AccountView) {
  return (
    <Layout title="Your account" section="account">
      <h1>{v.account.username}</h1>
      <p class="meta">Role: {v.account.role} · member since {v.account.createdAt.slice(0, 10)}</p>
      <Notice ok={v.ok} />

      <h2 id="password">Change password</h2>
      <Notice state={v.passwordState} />
      <form method="post" action="/account/password" class="stacked">
        <Csrf token={v.csrf} />
        <input type="text" name="username" value={v.account.username} autocomplete="username" hidden />
        <Field name="current" label="Current password" type="password" state={v.passwordState} autocomplete="current-password" required />
        <Field name="next" label="New password" type="password" state={v.passwordState} autocomplete="new-password" required minLength={MIN_PASSWORD_CHARS}
          hint="Every other browser signed in to this account is signed out." />
        <div><button type="submit">Change password</button></div>
      </form>

      <h2 id="tokens">API tokens</h2>
      <p>A personal token lets scripts use the JSON API as you: send it as <code>Authorization: Bearer &lt;token&gt;</code>.</p>
      {v.newToken ? (
        <div class="notice" role="status">
          <p>Your new token — copy it now, it is not shown again:</p>
          <p class="secret">{v.newToken}</p>
        </div>
      ) : null}
      {v.tokens.length ? (
        <table>
          <thead><tr><th>Name</th><th>Created</th><th>Last used</th><th>Status</th></tr></thead>
          <tbody>
            {v.tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>{t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
                <td>
                  {t.revokedAt ? `revoked ${t.revokedAt.slice(0, 10)}` : (
                    <form method="post" action={`/account/tokens/${t.id}/revoke`} class="inline">
                      <Csrf token={v.csrf} />
                      <button type="submit">Revoke<span class="visually-hidden"> {t.name}</span></button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>No tokens yet.</p>}
      <Notice state={v.tokenState} />
      <form method="post" action="/account/tokens" class="stacked">
        <Csrf token={v.csrf} />
        <Field name="name" label="New token's name" state={v.tokenState} required maxLength={100} hint="What it is for, e.g. “catalog import script”." />
        <div><button type="submit">Create token</button></div>
      </form>

      <h2 id="passkey">Passkey</h2>
      <p>Private releases name you in their announce URL with this key, so keep the <code>.torrent</code> files you download from them to yourself. Reset it if one was shared: torrents downloaded before then stop working with the tracker.</p>
      <p class="secret">{v.passkey}</p>
      <form method="post" action="/account/passkey" class="inline">
        <Csrf token={v.csrf} />
        <button type="submit">Reset passkey</button>
      </form>
    </Layout>
  );
}

export function UsersPage({ users, total, page, perPage, csrf, viewerId, ok, state }: { users: readonly Account[]; total: number; page: number; perPage: number; csrf: string; viewerId: number; ok?: string; state?: FormState }) {
  return (
    <Layout title="Users" section="admin">
      <h1>Users</h1>
      <p class="count">{total} {total === 1 ? 'account' : 'accounts'}</p>
      <Notice state={state} ok={ok} />
      <table class="users">
        <thead><tr><th>Username</th><th>Registered</th><th>Role</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.createdAt.slice(0, 10)}</td>
              <td>
                {u.id === viewerId ? `${u.role} (you)` : (
                  <form method="post" action={`/admin/users/${encodeURIComponent(u.username)}/role`} class="inline">
                    <Csrf token={csrf} />
                    <label for={`role-${u.id}`} class="visually-hidden">Role of {u.username}</label>
                    <select id={`role-${u.id}`} name="role">
                      {ROLES.map((r) => <option key={r} value={r} selected={r === u.role}>{r}</option>)}
                    </select>{' '}
                    <label for={`reason-${u.id}`} class="visually-hidden">Reason</label>
                    <input id={`reason-${u.id}`} name="reason" placeholder="Reason (for the audit log)" maxLength={1000} />{' '}
                    <button type="submit">Change<span class="visually-hidden"> the role of {u.username}</span></button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} perPage={perPage} total={total} hrefFor={(p) => `/admin/users?page=${p}`} />
    </Layout>
  );
}

export function AuditPage({ entries, before }: { entries: readonly AuditEntry[]; before: number | undefined }) {
  const last = entries.at(-1);
  return (
    <Layout title="Audit log" section="admin">
      <h1>Audit log</h1>
      <p>Every change of role and every moderation action, newest first.</p>
      {entries.length ? (
        <table>
          <thead><tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>Why</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{e.createdAt.slice(0, 19).replace('T', ' ')}</td>
                <td>{e.actor}</td>
                <td>{e.action}{Object.keys(e.data).length ? <span class="note"> {Object.entries(e.data).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}</span> : null}</td>
                <td>{e.targetType} {e.targetId}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>{before === undefined ? 'Nothing has been logged yet.' : 'No older entries.'}</p>}
      {last && entries.length >= 50 ? <p><a href={`/moderation/audit?before=${last.id}`}>Older entries ›</a></p> : null}
    </Layout>
  );
}
