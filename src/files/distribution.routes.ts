import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogService, ReleaseRecord } from '../catalog/index.ts';
import type { Actor } from '../accounts/index.ts';
import { AppError, notFound } from '../errors.ts';
import { type DistributionUrls, type ServableTorrent, parseTorrent, personalUrls, servedTorrent } from '../torrent/index.ts';
import type { BlobStore } from './blob.store.ts';
import { fileSource, sendBytes, zeroSource } from './file.send.ts';

export interface DistributionDeps {
  readonly catalog: CatalogService;
  readonly blobs: BlobStore;
  readonly urls: DistributionUrls;
  /** The passkey of a signed-in reader, for the `.torrent` of a private release; null for visitors. */
  readonly passkeyOf: (actor: Actor) => Promise<string | null>;
  /** Whether a passkey belongs to an account (the `/private/<passkey>/…` URLs). */
  readonly passkeys: (passkey: string) => Promise<boolean>;
}

/** What a path below `/files/<release>/` serves: a stored file, or a BEP 47 padding file of zeros. */
type Entry = { readonly kind: 'blob'; readonly sha256: string; readonly bytes: number } | { readonly kind: 'zeros'; readonly bytes: number };

interface Resolver {
  readonly torrent: ServableTorrent;
  /** Paths as they follow `/files/<release>/`: `<name>` for a single file, `<name>/<path>` otherwise. */
  readonly entries: ReadonlyMap<string, Entry>;
  readonly lastModified: Date;
  /** BEP 27: served only to signed-in readers, or under a valid passkey. */
  readonly private: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4', '.m4v': 'video/mp4', '.webm': 'video/webm', '.mkv': 'video/x-matroska', '.ogv': 'video/ogg', '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg', '.m4a': 'audio/mp4', '.ogg': 'audio/ogg', '.flac': 'audio/flac', '.opus': 'audio/ogg',
  '.srt': 'application/x-subrip', '.vtt': 'text/vtt; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.json': 'application/json',
};
export const contentTypeOf = (path: string): string => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

const servable = (r: ReleaseRecord): ServableTorrent | undefined =>
  r.torrent
    ? { releaseId: r.id, name: r.torrent.name, singleFile: r.torrent.single_file === 1, info: r.torrent.info, pieceLayers: r.torrent.piece_layers, createdBy: r.torrent.created_by, creationDate: r.torrent.creation_date }
    : undefined;

/**
 * The `.torrent` files and the web seeds (BEP 19) every release is downloaded from: each file of a
 * release at `/files/<release>/<name>[/<path>]`, with HTTP range requests, also used by the video
 * player. Padding files of hybrid torrents are served as zeros, for clients that fetch them.
 */
export async function distributionRoutes(app: FastifyInstance, deps: DistributionDeps): Promise<void> {
  // Records are cached by the catalog (per catalog version), so this map follows them.
  const resolvers = new WeakMap<ReleaseRecord, Resolver>();
  const resolverOf = async (id: number): Promise<Resolver> => {
    const record = await deps.catalog.release(id);
    // RFC 9110 §15.5.11: 410 says the release was here and is gone on purpose, so clients stop asking.
    if (record.takenDown) throw new AppError('gone', 'release_taken_down', `Release ${id} was taken down by the archive's moderators.`);
    let resolver = resolvers.get(record);
    if (!resolver) {
      const torrent = servable(record);
      if (!torrent) throw notFound('release', String(id));
      const metainfo = parseTorrent(servedTorrent(torrent, deps.urls));
      const entries = new Map<string, Entry>();
      const blobByPath = new Map(record.files.map((f) => [f.path, f]));
      for (const f of metainfo.files) {
        const key = [metainfo.name, ...f.path].join('/');
        if (f.pad) entries.set(key, { kind: 'zeros', bytes: f.length });
        else {
          const blob = blobByPath.get(f.path.length ? f.path.join('/') : metainfo.name);
          if (blob) entries.set(key, { kind: 'blob', sha256: blob.sha256, bytes: blob.bytes });
        }
      }
      resolver = { torrent, entries, lastModified: new Date(record.createdAt), private: record.torrent?.private === 1 };
      resolvers.set(record, resolver);
    }
    return resolver;
  };
  const releaseId = (text: string): number => {
    if (!/^[1-9]\d{0,15}$/.test(text)) throw notFound('release', text);
    return Number(text);
  };

  const loginFirst = () => new AppError('unauthenticated', 'login_required', 'This release is private: log in to download it.');
  const PASSKEY = /^[0-9a-f]{32}$/;
  /** A `/private/<passkey>/…` URL: the passkey must belong to an account (else 404, as for anything unknown). */
  const checkPasskey = async (passkey: string) => {
    if (!PASSKEY.test(passkey) || !(await deps.passkeys(passkey))) throw notFound('passkey', passkey.slice(0, 40));
  };

  const sendTorrent = async (reply: FastifyReply, file: string, passkey: string | null) => {
    const m = /^(\d+)\.torrent$/.exec(file);
    if (!m) throw notFound('release', file);
    const resolver = await resolverOf(releaseId(m[1]!));
    if (resolver.private && !passkey) throw loginFirst();
    const { torrent } = resolver;
    // A private release's torrent names its reader (passkey); a public one is the same for everybody.
    const bytes = servedTorrent(torrent, resolver.private && passkey ? personalUrls(deps.urls, passkey) : deps.urls);
    const ascii = torrent.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .type('application/x-bittorrent')
      .header('content-disposition', `attachment; filename="${ascii}.torrent"; filename*=UTF-8''${encodeURIComponent(torrent.name)}.torrent`)
      .header('cache-control', resolver.private ? 'private, no-store' : 'public, max-age=300')
      .send(bytes);
  };
  app.get<{ Params: { file: string } }>('/releases/:file', { logLevel: 'warn' }, async (req, reply) => {
    const m = /^(\d+)\.torrent$/.exec(req.params.file);
    const resolver = m ? await resolverOf(releaseId(m[1]!)) : undefined;
    return sendTorrent(reply, req.params.file, resolver?.private ? await deps.passkeyOf(req.actor) : null);
  });
  app.get<{ Params: { passkey: string; file: string } }>('/private/:passkey/releases/:file', { logLevel: 'warn' }, async (req, reply) => {
    await checkPasskey(req.params.passkey);
    return sendTorrent(reply, req.params.file, req.params.passkey);
  });

  const serveFile = async (req: FastifyRequest<{ Params: { release: string; '*': string; passkey?: string } }>, reply: FastifyReply) => {
    if (req.params.passkey !== undefined) await checkPasskey(req.params.passkey);
    const resolver = await resolverOf(releaseId(req.params.release));
    // The video player on the film page reaches a private release's files with the reader's session.
    if (resolver.private && req.params.passkey === undefined && req.actor.kind !== 'user') throw loginFirst();
    const cacheControl = resolver.private ? 'private, max-age=31536000, immutable' : 'public, max-age=31536000, immutable';
    const path = req.params['*'];
    const entry = resolver.entries.get(path);
    if (!entry) throw notFound('file', `${req.params.release}/${path}`);
    const { lastModified } = resolver;
    if (entry.kind === 'zeros') {
      return sendBytes(req, reply, { source: zeroSource(entry.bytes), contentType: 'application/octet-stream', etag: `"zeros-${entry.bytes}"`, lastModified, cacheControl });
    }
    const file = deps.blobs.pathOf(entry.sha256);
    // The size on disk must be the registered one; anything else means the store was tampered with.
    const onDisk = await stat(file).catch(() => undefined);
    if (!onDisk || onDisk.size !== entry.bytes) {
      req.log.error({ release: resolver.torrent.releaseId, path, sha256: entry.sha256 }, 'a stored release file is missing or has the wrong size');
      throw notFound('file', `${req.params.release}/${path}`);
    }
    return sendBytes(req, reply, {
      source: fileSource(file, entry.bytes),
      contentType: contentTypeOf(path),
      // Content-addressed: the SHA-256 is a strong validator by definition.
      etag: `"${entry.sha256}"`,
      lastModified,
      cacheControl,
    });
  };
  app.route({ method: ['GET', 'HEAD'], url: '/files/:release/*', logLevel: 'warn', handler: serveFile });
  // Web seeds of private releases: BitTorrent clients send no cookies, so the passkey is in the path.
  app.route({ method: ['GET', 'HEAD'], url: '/private/:passkey/files/:release/*', logLevel: 'warn', handler: serveFile });
}
