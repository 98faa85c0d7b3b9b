import { Type } from '@sinclair/typebox';
import { StringEnum } from '../catalog/index.ts';
import { Nullable } from './presenters.ts';
import { FLAG_REASONS, FLAG_TARGETS, type Flag, type FlaggedTarget } from '../moderation/index.ts';

/** JSON shapes of flags and the moderation queue (presenters are the only place a shape is defined). */

export const FlagJson = Type.Object({
  id: Type.Integer(),
  targetType: StringEnum(FLAG_TARGETS),
  targetId: Type.String({ description: 'A release or review id, or a film\'s slug.' }),
  reason: StringEnum(FLAG_REASONS),
  note: Type.String(),
  by: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  status: StringEnum(['open', 'resolved', 'dismissed'] as const),
  closedBy: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  resolution: Nullable(Type.String()),
});

export const presentFlag = (f: Flag) => ({ ...f });

export const QueueJson = Type.Object({
  targets: Type.Array(Type.Object({ targetType: StringEnum(FLAG_TARGETS), targetId: Type.String(), flags: Type.Array(FlagJson) })),
});

export const presentQueue = (q: readonly FlaggedTarget[]) => ({ targets: q.map((t) => ({ targetType: t.type, targetId: t.id, flags: t.flags.map(presentFlag) })) });
