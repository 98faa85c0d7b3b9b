import { type Actor, hasRole } from '../accounts/index.ts';

/** Who may flag, and who handles flags and takes releases down: pure checks. */
export type ModerationAction = 'flag.create' | 'flag.handle' | 'release.takedown';

export const canModerate = (actor: Actor, action: ModerationAction): boolean =>
  action === 'flag.create' ? actor.kind === 'user' || actor.kind === 'system' : hasRole(actor, 'moderator');
