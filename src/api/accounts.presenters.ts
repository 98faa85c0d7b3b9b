import { Type } from '@sinclair/typebox';
import { type Account, type AuditEntry, ROLES } from '../accounts/index.ts';
import { StringEnum } from '../catalog/index.ts';

/** JSON shapes of accounts, sessions, tokens and the audit log (presenters are the only place a shape is defined). */

export const AccountJson = Type.Object({
  username: Type.String(),
  role: StringEnum(ROLES),
  createdAt: Type.String({ format: 'date-time' }),
});

export const presentAccount = (a: Account) => ({ username: a.username, role: a.role, createdAt: a.createdAt });

export const SessionJson = Type.Object({
  account: AccountJson,
  csrfToken: Type.String({ description: 'Send as the X-CSRF-Token header with every write made with this session\'s cookie.' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const NewTokenJson = Type.Object({
  id: Type.Integer(),
  token: Type.String({ description: 'Shown this once; Kinora keeps only its SHA-256.' }),
  account: AccountJson,
});

export const AuditJson = Type.Object({
  entries: Type.Array(Type.Object({
    id: Type.Integer(),
    actor: Type.String(),
    action: Type.String(),
    targetType: Type.String(),
    targetId: Type.String(),
    reason: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String({ format: 'date-time' }),
  })),
});

export const presentAudit = (entries: readonly AuditEntry[]) => ({ entries: entries.map((e) => ({ ...e, data: { ...e.data } })) });
