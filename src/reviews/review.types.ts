/** A review as pages and the API show it. */
export interface Review {
  readonly id: number;
  readonly filmSlug: string;
  readonly author: string;
  /** 1–10; shown as five stars with halves. */
  readonly rating: number;
  readonly title: string;
  /** The Markdown as written. */
  readonly body: string;
  /** `body` rendered to safe HTML. */
  readonly html: string;
  readonly spoilers: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly edits: number;
  readonly helpful: number;
  readonly notHelpful: number;
  /** The viewer's own vote on it, if any. */
  readonly myVote: 'helpful' | 'not_helpful' | null;
  /** Hidden by a moderator: shown only to moderators and the author. */
  readonly hidden: boolean;
  readonly hiddenReason: string | null;
}

export interface RatingSummary {
  readonly count: number;
  /** Mean of the visible reviews' ratings (1–10), or null with none. */
  readonly average: number | null;
}

export const REVIEW_SORTS = Object.freeze(['helpful', 'newest', 'rating'] as const);
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export interface ReviewInput {
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  readonly spoilers: boolean;
}
