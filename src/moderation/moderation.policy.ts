import { type Actor, hasRole } from '../accounts/index.ts';

/** Who may flag, and who handles flags and takes releases down: pure checks. */
export type ModerationAction = 'flag.create' | 'flag.handle' | 'release.takedown';

export const canModerate = (actor: Actor, action: ModerationAction): boolean =>
  action === 'flag.create' ? actor.kind === 'user' || actor.kind === 'system' : hasRole(actor, 'moderator');

/** A film as the actor may see it: releases taken down are unlisted, shown to moderators only (marked so). */
export const visibleTo = <F extends { readonly releases: readonly { readonly takenDown: boolean }[] }>(actor: Actor, film: F): F =>
  canModerate(actor, 'release.takedown') ? film : { ...film, releases: film.releases.filter((r) => !r.takenDown) };
