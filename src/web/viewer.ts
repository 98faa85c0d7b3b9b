import type { FastifyRequest } from 'fastify';
import { createContext } from 'preact';
import type { Account } from '../accounts/index.ts';

/**
 * Who is looking at a page: the signed-in account and the CSRF token its forms carry, or a
 * visitor. Pages read it from context, so no page passes it along by hand.
 */
export interface Viewer {
  readonly account: Account | null;
  readonly csrf: string | null;
}

export const VISITOR: Viewer = Object.freeze({ account: null, csrf: null });
export const ViewerContext = createContext<Viewer>(VISITOR);

export const viewerOf = (req: FastifyRequest): Viewer =>
  req.actor?.kind === 'user' && req.auth.via === 'session' ? Object.freeze({ account: req.actor.account, csrf: req.auth.csrf }) : VISITOR;
