export { type ReviewPage, type ReviewService, createReviewService } from './review.service.ts';
export * from './review.types.ts';
export { MAX_BODY, MAX_TITLE, parseReviewSort } from './review.parse.ts';
export { type ReviewAction, canReview } from './reviews.policy.ts';
export { renderMarkdown } from './markdown.ts';
