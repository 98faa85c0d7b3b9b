import { type ErrorDetail, invalid } from '../errors.ts';
import { withoutControls } from '../validation.ts';
import { REVIEW_SORTS, type ReviewInput, type ReviewSort } from './review.types.ts';

export const MAX_TITLE = 200;
/** A long essay fits; a megabyte does not. */
export const MAX_BODY = 20_000;


/**
 * A review from a form or JSON: rating a whole number from 1 to 10 (a form sends text), a title,
 * a Markdown text, a spoiler switch. Every problem is listed, by field.
 */
export function parseReview(input: { rating?: unknown; title?: unknown; body?: unknown; spoilers?: unknown }): ReviewInput {
  const details: ErrorDetail[] = [];
  const r = typeof input.rating === 'string' && /^\d{1,2}$/.test(input.rating) ? Number(input.rating) : input.rating;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 10) details.push({ path: 'rating', message: 'Rate the film from 1 to 10 (half a star to five stars).' });
  const title = typeof input.title === 'string' ? withoutControls(input.title).trim() : '';
  if (title.length === 0) details.push({ path: 'title', message: 'Give the review a title.' });
  else if (title.length > MAX_TITLE) details.push({ path: 'title', message: `A title has at most ${MAX_TITLE} characters; this one has ${title.length}.` });
  const body = typeof input.body === 'string' ? withoutControls(input.body.replace(/\r\n?/g, '\n')).trim() : '';
  if (body.length === 0) details.push({ path: 'body', message: 'Write something about the film.' });
  else if (body.length > MAX_BODY) details.push({ path: 'body', message: `A review has at most ${MAX_BODY.toLocaleString('en')} characters; this one has ${body.length.toLocaleString('en')}.` });
  const s = input.spoilers;
  if (s !== undefined && typeof s !== 'boolean' && s !== 'on' && s !== '1' && s !== 'true' && s !== '') details.push({ path: 'spoilers', message: 'Spoilers is a yes or no.' });
  if (details.length) throw invalid('invalid_review', details.map((d) => d.message).join(' '), details);
  return { rating: r as number, title, body, spoilers: s === true || s === 'on' || s === '1' || s === 'true' };
}

export function parseReviewSort(v: unknown): ReviewSort {
  if (v === undefined || v === '') return 'helpful';
  if (typeof v === 'string' && (REVIEW_SORTS as readonly string[]).includes(v)) return v as ReviewSort;
  throw invalid('invalid_query', `sort: must be one of ${REVIEW_SORTS.join(', ')}, not "${String(v).slice(0, 40)}"`, [{ path: 'sort', message: `must be one of ${REVIEW_SORTS.join(', ')}` }]);
}
