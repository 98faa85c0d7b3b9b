import { type Actor, hasRole } from '../accounts/index.ts';

/** Who may do what with reviews: pure checks the service asks before anything else. */
export type ReviewAction = 'review.write' | 'review.vote' | 'review.moderate';

export function canReview(actor: Actor, action: ReviewAction, review?: { readonly authorId: number }): boolean {
  if (action === 'review.moderate') return hasRole(actor, 'moderator');
  if (actor.kind !== 'user') return false;
  // No vote on one's own review: "helpful" would mean nothing.
  if (action === 'review.vote') return review === undefined || review.authorId !== actor.account.id;
  return true;
}

/** Whether the actor sees a hidden review: its author and moderators. */
export const seesHidden = (actor: Actor, review: { readonly authorId: number }): boolean =>
  hasRole(actor, 'moderator') || (actor.kind === 'user' && actor.account.id === review.authorId);
