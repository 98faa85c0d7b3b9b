import { useContext } from 'preact/hooks';
import type { FilmDetail } from '../../catalog/index.ts';
import { targetKey } from '../../moderation/index.ts';
import { MAX_BODY, MAX_TITLE, type ReviewPage, REVIEW_SORTS, type ReviewSort } from '../../reviews/index.ts';
import { Layout } from '../layout.tsx';
import { ViewerContext } from '../viewer.ts';
import type { FormState } from './account.page.tsx';
import { FilmHeader, type FlagsByTarget } from './film.page.tsx';
import { ReviewItem } from './reviews.parts.tsx';

const SORT_LABELS: Record<ReviewSort, string> = { helpful: 'Most helpful', newest: 'Newest', rating: 'Highest rated' };
const errorOf = (s: FormState | undefined, f: string) => s?.details?.find((d) => d.path === f)?.message;

/** `/films/<slug>/reviews`: every review, sorted as asked, and the reader's own form. */
export function FilmReviewsPage({ film, page, sort, state, flags }: { film: FilmDetail; page: ReviewPage; sort: ReviewSort; state?: FormState; flags: FlagsByTarget }) {
  const { account, csrf } = useContext(ViewerContext);
  const mine = page.mine;
  const value = (f: 'title' | 'body' | 'rating') => state?.values?.[f] ?? (mine ? String(mine[f]) : '');
  const field = (name: string) => ({ 'aria-invalid': errorOf(state, name) ? ('true' as const) : undefined, 'aria-describedby': errorOf(state, name) ? `f-${name}-error` : undefined });
  return (
    <Layout title={`Reviews of ${film.title} (${film.year})`} section="films">
      <article class="film">
        <FilmHeader film={film} view="reviews" rating={page.summary} />
        <nav class="sort" aria-label="Sort reviews">
          Sort: {REVIEW_SORTS.map((s, i) => (
            <>
              {i ? ' · ' : ''}
              {s === sort ? <strong aria-current="true">{SORT_LABELS[s]}</strong> : <a href={`/films/${film.slug}/reviews?sort=${s}`}>{SORT_LABELS[s]}</a>}
            </>
          ))}
        </nav>
        {page.reviews.length ? <ol class="reviews">{page.reviews.map((r) => <ReviewItem key={r.id} review={r} film={film.slug} flags={flags.get(targetKey('review', r.id))} />)}</ol> : <p>No reviews yet.</p>}

        <section aria-labelledby="write">
          <h2 id="write">{mine ? 'Edit your review' : 'Write a review'}</h2>
          {!account ? <p><a href={`/login?next=${encodeURIComponent(`/films/${film.slug}/reviews`)}`}>Log in</a> or <a href="/register">register</a> to review this film.</p> : (
            <>
              {state?.message ? <p class="notice error" role="alert">{state.message}</p> : null}
              {mine ? <p class="note">Your earlier versions are kept{mine.edits ? ` (${mine.edits} so far)` : ''}.</p> : null}
              <form method="post" action={`/films/${film.slug}/reviews`} class="stacked">
                <input type="hidden" name="_csrf" value={csrf ?? ''} />
                <fieldset>
                  <legend>Rating</legend>
                  <label for="f-rating">Out of 10 (each point is half a star)</label>
                  <select id="f-rating" name="rating" required {...field('rating')}>
                    <option value="">Choose…</option>
                    {[10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => <option key={n} value={String(n)} selected={value('rating') === String(n)}>{n} — {'★'.repeat(Math.floor(n / 2))}{n % 2 ? '½' : ''}</option>)}
                  </select>
                  {errorOf(state, 'rating') ? <p class="field-error" id="f-rating-error">{errorOf(state, 'rating')}</p> : null}
                </fieldset>
                <div>
                  <label for="f-title">Title</label>
                  <input id="f-title" name="title" value={value('title')} required maxLength={MAX_TITLE} {...field('title')} />
                  {errorOf(state, 'title') ? <p class="field-error" id="f-title-error">{errorOf(state, 'title')}</p> : null}
                </div>
                <div>
                  <label for="f-body">Your review</label>
                  <textarea id="f-body" name="body" rows={10} required maxLength={MAX_BODY} aria-describedby={errorOf(state, 'body') ? 'f-body-error f-body-hint' : 'f-body-hint'} aria-invalid={errorOf(state, 'body') ? 'true' : undefined}>{value('body')}</textarea>
                  <p class="field-hint" id="f-body-hint">Markdown: *italic*, **bold**, [links](https://…), lists and quotes. No images or HTML.</p>
                  {errorOf(state, 'body') ? <p class="field-error" id="f-body-error">{errorOf(state, 'body')}</p> : null}
                </div>
                <div>
                  <input type="checkbox" id="f-spoilers" name="spoilers" value="on" checked={state?.values?.spoilers === 'on' || (!state && mine?.spoilers === true)} />{' '}
                  <label for="f-spoilers" class="inline-label">It gives away how the film ends (readers see a warning first)</label>
                </div>
                <div><button type="submit">{mine ? 'Save the new version' : 'Publish review'}</button></div>
              </form>
            </>
          )}
        </section>
      </article>
    </Layout>
  );
}
