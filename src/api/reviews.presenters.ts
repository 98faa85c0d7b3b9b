import { Type } from '@sinclair/typebox';
import { StringEnum } from '../catalog/index.ts';
import { Nullable } from './presenters.ts';
import type { RatingSummary, Review } from '../reviews/index.ts';

/** JSON shapes of reviews (presenters are the only place a shape is defined). */

export const ReviewJson = Type.Object({
  id: Type.Integer(),
  film: Type.String({ description: 'Slug of the film.' }),
  author: Type.String(),
  rating: Type.Integer({ minimum: 1, maximum: 10, description: '1–10; five stars with halves.' }),
  title: Type.String(),
  body: Type.String({ description: 'Markdown, as written.' }),
  html: Type.String({ description: 'The body rendered to HTML from a safe subset of Markdown (no raw HTML, no images, http(s) and mailto links only).' }),
  spoilers: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  edits: Type.Integer(),
  helpful: Type.Integer(),
  notHelpful: Type.Integer(),
  myVote: Nullable(StringEnum(['helpful', 'not_helpful'] as const)),
  hidden: Type.Boolean({ description: 'Hidden by a moderator; shown only to moderators and the author.' }),
  hiddenReason: Nullable(Type.String()),
});

export const presentReview = (r: Review) => ({
  id: r.id, film: r.filmSlug, author: r.author, rating: r.rating, title: r.title, body: r.body, html: r.html, spoilers: r.spoilers,
  createdAt: r.createdAt, updatedAt: r.updatedAt, edits: r.edits, helpful: r.helpful, notHelpful: r.notHelpful, myVote: r.myVote, hidden: r.hidden, hiddenReason: r.hiddenReason,
});

export const SummaryJson = Type.Object({ count: Type.Integer(), average: Nullable(Type.Number({ description: 'Mean rating, 1–10.' })) });
export const presentSummary = (s: RatingSummary) => ({ count: s.count, average: s.average === null ? null : Math.round(s.average * 100) / 100 });

export const ReviewListJson = Type.Object({ summary: SummaryJson, reviews: Type.Array(ReviewJson) });

export const RevisionsJson = Type.Object({
  revisions: Type.Array(Type.Object({ number: Type.Integer(), rating: Type.Integer(), title: Type.String(), body: Type.String(), spoilers: Type.Boolean(), createdAt: Type.String({ format: 'date-time' }) })),
});
