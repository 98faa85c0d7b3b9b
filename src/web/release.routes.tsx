import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorName } from '../accounts/index.ts';
import { type CatalogService, canCatalog } from '../catalog/index.ts';
import { AppError, httpStatusOf, isAppError } from '../errors.ts';
import { authorize, formLimitError, partsAfterCsrf } from '../http/auth.ts';
import { errorText } from './form.values.ts';
import { NewReleasePage } from './pages/release.page.tsx';
import { renderPage } from './render.tsx';
import { viewerOf } from './viewer.ts';

export interface ReleaseWebDeps {
  readonly catalog: CatalogService;
  /** Where uploads are written while they arrive (below the data folder, so they move into the store without a copy). */
  readonly uploadDir: string;
  readonly maxFileBytes: number;
}

const MAX_FILES = 100;

/**
 * Contributors add a release from the browser: one file, or several (video and subtitles) for a
 * multi-file release. Files are streamed to disk as they arrive (never held in memory), then
 * stored, hashed and registered exactly as `kinora release add --move` does. An upload that is
 * too large or cut off leaves nothing behind.
 */
export async function releaseWebRoutes(app: FastifyInstance, { catalog, uploadDir, maxFileBytes }: ReleaseWebDeps): Promise<void> {
  const page = (req: FastifyRequest, reply: FastifyReply, slug: string, title: string, state?: { message: string }, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-cache')
      .send(renderPage(<NewReleasePage slug={slug} title={title} csrf={viewerOf(req).csrf ?? ''} maxFileBytes={maxFileBytes} {...(state ? { state } : {})} />, viewerOf(req)));

  /** Streams the form's files into `dir`, then stores them as a release; resolves to its id. */
  const receive = async (req: FastifyRequest, film: { slug: string; title: string; year: number }, dir: string): Promise<number> => {
    const folder = join(dir, 'release');
    const fields: Record<string, string> = {};
    const files: string[] = [];
    await mkdir(folder, { recursive: true });
    for await (const part of partsAfterCsrf(req, { fileSize: maxFileBytes, files: MAX_FILES, fields: 10, fieldSize: 1000, parts: MAX_FILES + 10 })) {
      if (part.type === 'field') {
        fields[part.fieldname] = String((part as MultipartValue).value);
        continue;
      }
      const file = part as MultipartFile;
      const name = basename(file.filename ?? '');
      if (!name) {
        file.file.resume();
        continue;
      }
      if (files.includes(name)) throw new AppError('invalid', 'duplicate_file', `Two files are named "${name}".`);
      await pipeline(file.file, createWriteStream(join(folder, name), { flags: 'wx' }));
      if (file.file.truncated) throw new AppError('invalid', 'file_too_large', `"${name}" is larger than ${Math.round(maxFileBytes / 1048576)} MiB, the most this archive accepts (KINORA_UPLOAD_MB).`);
      files.push(name);
    }
    if (files.length === 0) throw new AppError('invalid', 'no_files', 'Choose at least one file.');
    const name = (fields.name ?? '').trim() || undefined;
    const r = await catalog.addRelease({
      film: film.slug, source: files.length === 1 ? join(folder, files[0]!) : folder, actor: actorName(req.actor), move: true,
      ...(name ? { name } : files.length > 1 ? { name: `${film.title} (${film.year})` } : {}),
      ...(fields.v1Only ? { v1Only: true } : {}), ...(fields.private ? { private: true } : {}),
    });
    return r.id;
  };

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/releases/:id/rename', async (req, reply) => {
    authorize(req.actor, canCatalog(req.actor, 'catalog.write'), 'rename releases');
    const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : -1;
    await catalog.renameRelease(id, typeof req.body?.name === 'string' ? req.body.name : '', actorName(req.actor));
    const r = await catalog.release(id);
    return reply.redirect(`/films/${r.filmSlug}/releases#release-${id}`, 303);
  });

  app.get<{ Params: { slug: string } }>('/films/:slug/releases/new', async (req, reply) => {
    if (req.actor.kind === 'anonymous') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    authorize(req.actor, canCatalog(req.actor, 'catalog.write'), 'add releases');
    const film = await catalog.film(req.params.slug);
    return page(req, reply, film.slug, film.title);
  });

  app.post<{ Params: { slug: string } }>('/films/:slug/releases/new', { config: { csrf: 'first-part' } }, async (req, reply) => {
    authorize(req.actor, canCatalog(req.actor, 'catalog.write'), 'add releases');
    const film = await catalog.film(req.params.slug);
    if (!req.isMultipart()) throw new AppError('invalid', 'not_multipart', 'Send the release as a form with files (multipart/form-data).');
    const dir = join(uploadDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    let outcome: { id: number } | { error: unknown };
    try {
      outcome = { id: await receive(req, film, dir) };
    } catch (error) {
      outcome = { error };
    } finally {
      // Whatever happened, nothing of the upload stays (stored files were moved into the store).
      await rm(dir, { recursive: true, force: true });
    }
    if ('id' in outcome) return reply.redirect(`/films/${film.slug}/releases#release-${outcome.id}`, 303);
    // A limit of the form itself (too many files or fields) is the client's fault, like ours.
    const err = formLimitError(outcome.error);
    if (!isAppError(err) || err.kind === 'forbidden' || err.kind === 'unauthenticated') throw err;
    const status = err.code === 'file_too_large' ? 413 : httpStatusOf(err.kind);
    return page(req, reply, film.slug, film.title, { message: errorText(err) }, status);
  });
}
