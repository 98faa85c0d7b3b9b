import { type Actor, hasRole } from '../accounts/index.ts';

/** Who may change the catalog: contributors and up add and edit films, people, collections and releases. */
export type CatalogAction = 'catalog.write';

export const canCatalog = (actor: Actor, _action: CatalogAction): boolean => hasRole(actor, 'contributor');
