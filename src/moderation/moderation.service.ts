import type { Kysely } from 'kysely';
import { type Actor, actorName, refusal as refuse, writeAudit } from '../accounts/index.ts';
import type { Database } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { parseFlag } from './flag.parse.ts';
import * as store from './flag.store.ts';
import { type Flag, type FlagTarget, targetKey } from './flag.types.ts';
import { canModerate } from './moderation.policy.ts';

export interface ModerationDeps {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  /** Whether a flag's target exists (a release, a review the flagger can see, a film). */
  readonly targetExists: (actor: Actor, type: FlagTarget, id: string) => Promise<boolean>;
  /** Takes a release down or restores it in the catalog, with `also` in the same transaction. */
  readonly setTakenDown: (releaseId: number, takenDown: boolean, reason: string, also: (tx: Kysely<Database>) => Promise<void>) => Promise<void>;
}

/** Open flags of one target, for the moderation queue. */
export interface FlaggedTarget {
  readonly type: FlagTarget;
  readonly id: string;
  readonly flags: readonly Flag[];
}

export interface ModerationService {
  /** A reader reports a problem; one open flag per reader and target. */
  flag(actor: Actor, input: { targetType?: unknown; targetId?: unknown; reason?: unknown; note?: unknown }): Promise<Flag>;
  /** Open flags of these targets, by `type:id` key (for pages: "No flags" or the list). */
  openFlags(targets: readonly { type: FlagTarget; id: string | number }[]): Promise<ReadonlyMap<string, readonly Flag[]>>;
  /** The moderators' queue: open flags grouped by target, oldest first. */
  queue(actor: Actor): Promise<FlaggedTarget[]>;
  /** Resolves (the problem was dealt with) or dismisses (there was none) a flag, with a note. */
  close(actor: Actor, flagId: number, outcome: 'resolved' | 'dismissed', note: string): Promise<Flag>;
  takeDown(actor: Actor, releaseId: number, reason: string): Promise<void>;
  restoreRelease(actor: Actor, releaseId: number, reason: string): Promise<void>;
  /** Changes with every flag written or closed. */
  version(): Promise<string>;
}

const QUEUE_LIMIT = 500;

export function createModerationService(deps: ModerationDeps): ModerationService {
  const { db, clock } = deps;
  const iso = () => clock().toISOString();
  const idOf = (a: Actor) => (a.kind === 'user' ? a.account.id : null);

  const takedown = async (actor: Actor, releaseId: number, down: boolean, reason: string) => {
    if (!canModerate(actor, 'release.takedown')) throw refuse(actor, down ? 'take releases down' : 'restore releases');
    const why = reason.trim().slice(0, 1000);
    if (why.length === 0) throw new AppError('invalid', 'reason_required', 'Say why; the audit log keeps it.', [{ path: 'reason', message: 'Give a reason.' }]);
    const now = iso();
    await deps.setTakenDown(releaseId, down, why, async (tx) => {
      await writeAudit(tx, { actorId: idOf(actor), actorName: actorName(actor), action: down ? 'release.takedown' : 'release.restore', targetType: 'release', targetId: String(releaseId), reason: why, data: {}, now });
      await store.bumpFlagsVersion(tx, now);
    });
  };

  return {
    async flag(actor, input) {
      if (!canModerate(actor, 'flag.create')) throw refuse(actor, 'flag problems');
      const f = parseFlag(input);
      if (!(await deps.targetExists(actor, f.targetType, f.targetId))) throw notFound(f.targetType, f.targetId);
      const now = iso();
      const id = await db.transaction().execute(async (tx) => {
        const userId = idOf(actor);
        if (userId !== null && (await store.openFlagOf(tx, userId, f.targetType, f.targetId)) !== undefined) {
          throw new AppError('conflict', 'already_flagged', 'You have already flagged this; a moderator will look at it.');
        }
        const flagId = await store.insertFlag(tx, { ...f, userId, now });
        await store.bumpFlagsVersion(tx, now);
        return flagId;
      });
      return (await store.flagById(db, id))!;
    },

    async openFlags(targets) {
      const flags = await store.openFlagsOf(db, targets.map((t) => ({ type: t.type, id: String(t.id) })));
      const out = new Map<string, Flag[]>();
      for (const f of flags) {
        const k = targetKey(f.targetType, f.targetId);
        out.set(k, [...(out.get(k) ?? []), f]);
      }
      return out;
    },

    async queue(actor) {
      if (!canModerate(actor, 'flag.handle')) throw refuse(actor, 'see the moderation queue');
      const groups = new Map<string, { type: FlagTarget; id: string; flags: Flag[] }>();
      for (const f of await store.openFlags(db, QUEUE_LIMIT)) {
        const k = targetKey(f.targetType, f.targetId);
        const g = groups.get(k) ?? { type: f.targetType, id: f.targetId, flags: [] };
        g.flags.push(f);
        groups.set(k, g);
      }
      return [...groups.values()];
    },

    async close(actor, flagId, outcome, note) {
      if (!canModerate(actor, 'flag.handle')) throw refuse(actor, 'handle flags');
      const flag = await store.flagById(db, flagId);
      if (!flag) throw notFound('flag', String(flagId));
      const now = iso();
      const why = note.trim().slice(0, 1000);
      await db.transaction().execute(async (tx) => {
        if (!(await store.closeFlag(tx, flagId, outcome, idOf(actor), why, now))) throw new AppError('conflict', 'flag_closed', `Flag ${flagId} was already ${flag.status}.`);
        await writeAudit(tx, { actorId: idOf(actor), actorName: actorName(actor), action: `flag.${outcome === 'resolved' ? 'resolve' : 'dismiss'}`, targetType: flag.targetType, targetId: flag.targetId, reason: why, data: { flag: flagId, reason: flag.reason }, now });
        await store.bumpFlagsVersion(tx, now);
      });
      return (await store.flagById(db, flagId))!;
    },

    takeDown: (actor, releaseId, reason) => takedown(actor, releaseId, true, reason),
    restoreRelease: (actor, releaseId, reason) => takedown(actor, releaseId, false, reason),
    version: () => store.readFlagsVersion(db),
  };
}
