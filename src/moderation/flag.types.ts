/** What can be flagged, and why. */
export const FLAG_TARGETS = Object.freeze(['release', 'review', 'film'] as const);
export type FlagTarget = (typeof FLAG_TARGETS)[number];

export const FLAG_REASONS = Object.freeze(['broken_file', 'wrong_file', 'wrong_metadata', 'rights', 'spam', 'abuse', 'other'] as const);
export type FlagReason = (typeof FLAG_REASONS)[number];

/** How pages name each reason. */
export const REASON_LABELS: Readonly<Record<FlagReason, string>> = Object.freeze({
  broken_file: 'broken file', wrong_file: 'wrong file', wrong_metadata: 'wrong metadata', rights: 'rights problem', spam: 'spam', abuse: 'abuse', other: 'other',
});

export interface Flag {
  readonly id: number;
  readonly targetType: FlagTarget;
  readonly targetId: string;
  readonly reason: FlagReason;
  readonly note: string;
  readonly by: string | null;
  readonly createdAt: string;
  readonly status: 'open' | 'resolved' | 'dismissed';
  readonly closedBy: string | null;
  readonly closedAt: string | null;
  readonly resolution: string | null;
}

export interface FlagInput {
  readonly targetType: FlagTarget;
  readonly targetId: string;
  readonly reason: FlagReason;
  readonly note: string;
}

/** `release:12`, `review:3`, `film:the-river`: one key per flagged thing. */
export const targetKey = (type: FlagTarget, id: string | number): string => `${type}:${id}`;
