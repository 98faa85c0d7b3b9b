/** Roles, from least to most trusted; each can do everything the ones before it can. */
export const ROLES = Object.freeze(['reader', 'contributor', 'moderator', 'admin'] as const);
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** An account as the rest of Kinora sees it (never its password hash). */
export interface Account {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly role: Role;
  readonly createdAt: string;
}

/**
 * Who is acting: a signed-in account, a visitor, or the archive itself (the CLI, the archive's
 * KINORA_API_TOKEN), which may do anything and is named in revisions and the audit log.
 */
export type Actor =
  | { readonly kind: 'user'; readonly account: Account }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'system'; readonly name: string };

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });
export const systemActor = (name: string): Actor => Object.freeze({ kind: 'system', name });
export const userActor = (account: Account): Actor => Object.freeze({ kind: 'user', account });

/** The name revisions and the audit log record for an actor. */
export const actorName = (a: Actor): string => (a.kind === 'user' ? a.account.username : a.kind === 'system' ? a.name : 'anonymous');

/** Whether the actor holds at least `role` (the archive itself holds every role). */
export function hasRole(a: Actor, role: Role): boolean {
  if (a.kind === 'system') return true;
  if (a.kind === 'anonymous') return false;
  return ROLES.indexOf(a.account.role) >= ROLES.indexOf(role);
}

/** A personal API token as listed to its owner (the token itself is shown once, at creation). */
export interface TokenSummary {
  readonly id: number;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** One line of the audit log. */
export interface AuditEntry {
  readonly id: number;
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly reason: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}
