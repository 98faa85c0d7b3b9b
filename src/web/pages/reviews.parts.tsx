import { useContext } from 'preact/hooks';
import { hasRole, userActor } from '../../accounts/index.ts';
import type { Flag } from '../../moderation/index.ts';
import type { RatingSummary, Review } from '../../reviews/index.ts';
import { ViewerContext } from '../viewer.ts';
import { FlagForm, FlagSummary } from './flags.parts.tsx';

/** A 1–10 rating as five stars with halves; the words are what screen readers say. */
export function Stars({ rating }: { rating: number }) {
  const full = Math.floor(rating / 2);
  const half = rating % 2 === 1;
  const label = `${(rating / 2).toLocaleString('en', { maximumFractionDigits: 1 })} out of 5 stars`;
  return (
    <span class="stars" role="img" aria-label={label} title={label}>
      <span aria-hidden="true">{'★'.repeat(full)}{half ? '½' : ''}{'☆'.repeat(5 - full - (half ? 1 : 0))}</span>
    </span>
  );
}

/** "★★★★☆ 8.1 / 10 · 12 reviews" under a film's title. */
export function RatingLine({ rating, href }: { rating: RatingSummary; href: string }) {
  if (!rating.count || rating.average === null) return <p class="rating-line"><a href={href}>No reviews yet</a></p>;
  return (
    <p class="rating-line">
      <Stars rating={Math.round(rating.average)} /> <strong>{rating.average.toFixed(1)}</strong>/10 · <a href={href}>{rating.count} {rating.count === 1 ? 'review' : 'reviews'}</a>
    </p>
  );
}

const Csrf = ({ token }: { token: string | null }) => <input type="hidden" name="_csrf" value={token ?? ''} />;

/** One review: title, stars, author and date, the text (behind a disclosure when it has spoilers), votes, moderation. */
export function ReviewItem({ review: r, film, compact, flags }: { review: Review; film: string; compact?: boolean; flags?: readonly Flag[] | undefined }) {
  const { account, csrf } = useContext(ViewerContext);
  const mine = account?.username === r.author;
  const moderator = account ? hasRole(userActor(account), 'moderator') : false;
  const text = <div class="review-body" dangerouslySetInnerHTML={{ __html: r.html }} />;
  return (
    <li class={r.hidden ? 'review hidden' : 'review'} id={`review-${r.id}`}>
      <article aria-labelledby={`review-${r.id}-title`}>
        <h3 id={`review-${r.id}-title`}><Stars rating={r.rating} /> {r.title}</h3>
        <p class="meta">
          by {r.author} · {r.createdAt.slice(0, 10)}{r.edits ? ` · edited ${r.edits === 1 ? 'once' : `${r.edits} times`}` : ''} · {r.rating}/10
        </p>
        {r.hidden ? <p class="notice">Hidden by a moderator{r.hiddenReason ? `: ${r.hiddenReason}` : ''}. Only you{mine ? '' : ' (a moderator)'} and moderators see it.</p> : null}
        {r.spoilers ? <details><summary>This review contains spoilers: show it</summary>{text}</details> : text}
        <p class="votes">
          {r.helpful} found this helpful{r.notHelpful ? `, ${r.notHelpful} did not` : ''}.
          {account && !mine && !compact ? (
            <>
              {' '}
              <form method="post" action={`/reviews/${r.id}/votes`} class="inline">
                <Csrf token={csrf} />
                <input type="hidden" name="film" value={film} />
                <button type="submit" name="vote" value={r.myVote === 'helpful' ? 'none' : 'helpful'} aria-pressed={r.myVote === 'helpful' ? 'true' : 'false'}>Helpful<span class="visually-hidden"> (review by {r.author})</span></button>{' '}
                <button type="submit" name="vote" value={r.myVote === 'not_helpful' ? 'none' : 'not_helpful'} aria-pressed={r.myVote === 'not_helpful' ? 'true' : 'false'}>Not helpful<span class="visually-hidden"> (review by {r.author})</span></button>
              </form>
            </>
          ) : null}
        </p>
        {!compact ? (
          <>
            <p class="review-flags"><FlagSummary flags={flags} /></p>
            {mine ? null : <FlagForm type="review" id={r.id} label={`the review by ${r.author}`} back={`/films/${film}/reviews#review-${r.id}`} />}
          </>
        ) : null}
        {moderator && !compact ? (
          <form method="post" action={`/reviews/${r.id}/${r.hidden ? 'restore' : 'hide'}`} class="moderate">
            <Csrf token={csrf} />
            <input type="hidden" name="film" value={film} />
            {r.hidden ? null : (
              <>
                <label for={`hide-reason-${r.id}`} class="visually-hidden">Why hide the review by {r.author}</label>
                <input id={`hide-reason-${r.id}`} name="reason" placeholder="Why (the author and the audit log see it)" maxLength={1000} required />{' '}
              </>
            )}
            <button type="submit">{r.hidden ? 'Restore' : 'Hide'}<span class="visually-hidden"> the review by {r.author}</span></button>
          </form>
        ) : null}
      </article>
    </li>
  );
}
