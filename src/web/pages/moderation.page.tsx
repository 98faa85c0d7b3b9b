import { type Flag, type FlaggedTarget, REASON_LABELS } from '../../moderation/index.ts';
import { Layout } from '../layout.tsx';

/** Where a flagged thing is and what it is called, resolved by the route. */
export interface TargetInfo {
  readonly label: string;
  readonly href: string | null;
  /** For a release: whether it is taken down now. */
  readonly takenDown?: boolean;
  /** For a review: whether it is hidden now. */
  readonly hidden?: boolean;
}

const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

function FlagRow({ flag, csrf }: { flag: Flag; csrf: string }) {
  return (
    <li class="flag">
      <p><strong>{REASON_LABELS[flag.reason]}</strong> — flagged by {flag.by ?? 'a deleted account'} on {flag.createdAt.slice(0, 16).replace('T', ' ')}</p>
      {flag.note ? <blockquote>{flag.note}</blockquote> : null}
      <form method="post" action={`/moderation/flags/${flag.id}/close`} class="moderate">
        <Csrf token={csrf} />
        <label for={`note-${flag.id}`} class="visually-hidden">Note on flag {flag.id}</label>
        <input id={`note-${flag.id}`} name="note" placeholder="What was done (for the audit log)" maxLength={1000} />
        <button type="submit" name="outcome" value="resolved">Resolve<span class="visually-hidden"> flag {flag.id}</span></button>
        <button type="submit" name="outcome" value="dismissed">Dismiss<span class="visually-hidden"> flag {flag.id}</span></button>
      </form>
    </li>
  );
}

/** `/moderation/flags`: open flags grouped by what they are about, with what a moderator can do there. */
export function ModerationQueuePage({ queue, info, csrf, ok }: { queue: readonly FlaggedTarget[]; info: ReadonlyMap<string, TargetInfo>; csrf: string; ok?: string }) {
  return (
    <Layout title="Moderation queue" section="admin">
      <h1>Moderation queue</h1>
      {ok ? <p class="notice" role="status">{ok}</p> : null}
      <p><a href="/moderation/audit">Audit log</a></p>
      {queue.length === 0 ? <p>No open flags.</p> : null}
      {queue.map((t) => {
        const key = `${t.type}:${t.id}`;
        const i = info.get(key) ?? { label: `${t.type} ${t.id}`, href: null };
        return (
          <section class="flagged" key={key} aria-labelledby={`t-${t.type}-${t.id}`}>
            <h2 id={`t-${t.type}-${t.id}`}>
              {i.href ? <a href={i.href}>{i.label}</a> : i.label} <span class="count">({t.flags.length} {t.flags.length === 1 ? 'flag' : 'flags'})</span>
            </h2>
            {t.type === 'release' ? (
              <form method="post" action={`/releases/${t.id}/${i.takenDown ? 'restore' : 'takedown'}`} class="moderate">
                <Csrf token={csrf} />
                <label for={`td-${t.id}`} class="visually-hidden">Reason</label>
                <input id={`td-${t.id}`} name="reason" required maxLength={1000} placeholder={i.takenDown ? 'Why restore it' : 'Why take it down (rights holder, broken file…)'} />
                <button type="submit">{i.takenDown ? 'Restore the release' : 'Take the release down'}</button>
              </form>
            ) : null}
            {t.type === 'review' && !i.hidden ? (
              <form method="post" action={`/reviews/${t.id}/hide`} class="moderate">
                <Csrf token={csrf} />
                <input type="hidden" name="back" value="/moderation/flags" />
                <label for={`hide-${t.id}`} class="visually-hidden">Reason</label>
                <input id={`hide-${t.id}`} name="reason" required maxLength={1000} placeholder="Why hide it (the author sees this)" />
                <button type="submit">Hide the review</button>
              </form>
            ) : null}
            <ul class="flags">{t.flags.map((f) => <FlagRow key={f.id} flag={f} csrf={csrf} />)}</ul>
          </section>
        );
      })}
    </Layout>
  );
}
