import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { VersionedCache } from '../cache/versioned-cache.ts';
import { renderPage } from './render.tsx';
import { viewerOf } from './viewer.ts';

/**
 * Sends a page: built for each signed-in reader (it carries their name and CSRF token), and for
 * visitors taken from `pages`, kept per URL and per `version()` of the data it shows, so a write
 * anywhere makes the next request rebuild it.
 */
export async function sendPage(pages: VersionedCache<string>, req: FastifyRequest, reply: FastifyReply, version: () => Promise<string>, build: () => Promise<VNode>): Promise<FastifyReply> {
  const viewer = viewerOf(req);
  if (viewer.account) return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-cache').send(renderPage(await build(), viewer));
  const body = pages.enabled ? await pages.get(req.url, await version(), async () => renderPage(await build())) : renderPage(await build());
  return reply.type('text/html; charset=utf-8').send(body);
}
