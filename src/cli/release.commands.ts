import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ReleaseCreated } from '../catalog/index.ts';
import type { Config } from '../config/config.ts';
import { invalid } from '../errors.ts';
import { isValidPieceLength } from '../torrent/index.ts';
import { type Io, archiveModules } from './main.ts';
import { createProgressBar } from './progress.ts';
import { parseSize } from './size.parse.ts';

export const pieceLengthOption = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = parseSize(text);
  if (n === undefined || !isValidPieceLength(n)) throw invalid('invalid_piece_length', `--piece-length: "${text}" must be a power of two from 16K to 256M (e.g. 256K, 1M).`);
  return n;
};

const summary = (r: ReleaseCreated) => `release ${r.id} v1 ${r.torrent.infohash_v1 ?? '-'} v2 ${r.torrent.infohash_v2 ?? '-'}`;
const json = (r: ReleaseCreated) => JSON.stringify({ id: r.id, name: r.name, torrentName: r.torrent.name, version: r.torrent.version, private: r.torrent.private === 1, infohashV1: r.torrent.infohash_v1, infohashV2: r.torrent.infohash_v2 });

/** `kinora release add|import`: new releases from files on disk or from a torrent and its data. */
export function releaseCommands(program: Command, io: Io, config: (overrides?: Record<string, string>) => Config): void {
  const release = program.command('release').description('Add releases (files of a film, shared by BitTorrent and web seeds).');

  release
    .command('add')
    .description('Store a file (or a folder of files) as a release of a film, make its torrent (hybrid v1 + v2 unless --v1-only) and register both. Prints the release id and infohashes as the last line.')
    .argument('<film>', 'slug of the film')
    .argument('<path>', 'a file, or a folder for a multi-file release (e.g. video + subtitles)')
    .option('--name <name>', 'name of the release (default: the file or folder name)')
    .option('--piece-length <size>', 'bytes per piece, a power of two from 16K to 256M (default: chosen from the size)')
    .option('--v1-only', 'make a v1 torrent instead of a hybrid one')
    .option('--private', 'a private torrent (BEP 27): only signed-in readers download it, each announcing with their own passkey')
    .option('--move', 'move the files into the archive instead of copying them (removed once registered)')
    .option('--json', 'print the result as JSON')
    .action(async (film: string, path: string, opts: { name?: string; pieceLength?: string; v1Only?: boolean; private?: boolean; move?: boolean; json?: boolean }) => {
      const pieceLength = pieceLengthOption(opts.pieceLength);
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      const bar = createProgressBar(io.err, io.isTTY ?? false);
      try {
        const r = await archive.catalog.addRelease({
          film, source: resolve(io.cwd, path), actor: 'cli',
          ...(opts.name ? { name: opts.name } : {}), ...(pieceLength ? { pieceLength } : {}), ...(opts.v1Only ? { v1Only: true } : {}), ...(opts.private ? { private: true } : {}), ...(opts.move ? { move: true } : {}),
          onProgress: (p) => bar.update(p.phase, p.done, p.total),
        });
        bar.finish();
        io.out(`${opts.json ? json(r) : summary(r)}\n`);
      } finally {
        bar.finish();
        await archive.close();
      }
    });

  release
    .command('import')
    .description('Add a release from a .torrent made elsewhere and its downloaded data; every piece is verified first, and the torrent keeps its infohashes.')
    .argument('<film>', 'slug of the film')
    .argument('<torrent>', 'the .torrent file')
    .argument('<data>', 'folder holding the downloaded data (<data>/<name>...), or the single file itself')
    .option('--name <name>', 'name of the release (default: the torrent\'s name)')
    .option('--json', 'print the result as JSON')
    .action(async (film: string, torrent: string, data: string, opts: { name?: string; json?: boolean }) => {
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      const bar = createProgressBar(io.err, io.isTTY ?? false);
      try {
        const r = await archive.catalog.importTorrentRelease({
          film, torrent: resolve(io.cwd, torrent), dataDir: resolve(io.cwd, data), actor: 'cli',
          ...(opts.name ? { name: opts.name } : {}),
          onProgress: (p) => bar.update(p.phase, p.done, p.total),
        });
        bar.finish();
        io.out(`${opts.json ? json(r) : summary(r)}\n`);
      } finally {
        bar.finish();
        await archive.close();
      }
    });
}
