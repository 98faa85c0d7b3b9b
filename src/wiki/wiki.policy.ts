import { type Actor, hasRole } from '../accounts/index.ts';

/**
 * Who may do what in the wiki: contributors write pages and sources (as they write the catalog);
 * moderators also delete and restore pages, mark sources unreliable and import other wikis.
 */
export type WikiAction = 'wiki.edit' | 'wiki.moderate' | 'wiki.import';

export function canWiki(actor: Actor, action: WikiAction): boolean {
  if (action === 'wiki.edit') return hasRole(actor, 'contributor');
  return hasRole(actor, 'moderator');
}
