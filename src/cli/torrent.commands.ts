import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { invalid } from '../errors.ts';
import { type Encodable, type Metainfo, RawBencode, contentFiles, createTorrent, encode, parseMagnet, parseTorrent, scanSource } from '../torrent/index.ts';
import { formatBytes } from '../web/format.ts';
import type { Io } from './main.ts';
import { createProgressBar } from './progress.ts';
import { pieceLengthOption } from './release.commands.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `kinora torrent create|show`: the torrent tools on their own, without an archive. */
export function torrentCommands(program: Command, io: Io): void {
  const torrent = program.command('torrent').description('Make and inspect .torrent files (no archive needed).');

  torrent
    .command('create')
    .description('Make a torrent of a file or folder: hybrid v1 + v2 by default, hashed on all cores.')
    .argument('<path>', 'file or folder')
    .requiredOption('-o, --output <file>', 'where to write the .torrent')
    .option('--name <name>', 'name inside the torrent (default: the file or folder name)')
    .option('--piece-length <size>', 'bytes per piece, a power of two from 16K to 256M (default: chosen from the size)')
    .option('--v1-only', 'make a v1 torrent instead of a hybrid one')
    .option('-a, --announce <url>', 'tracker announce URL (repeat for more tiers)', collect, [] as string[])
    .option('-w, --web-seed <url>', 'web seed URL, BEP 19 (repeatable)', collect, [] as string[])
    .option('-c, --comment <text>', 'comment')
    .option('-p, --private', 'private torrent (BEP 27)')
    .action(async (path: string, opts: { output: string; name?: string; pieceLength?: string; v1Only?: boolean; announce: string[]; webSeed: string[]; comment?: string; private?: boolean }) => {
      const pieceLength = pieceLengthOption(opts.pieceLength);
      const bar = createProgressBar(io.err, io.isTTY ?? false);
      const source = await scanSource(resolve(io.cwd, path));
      const total = source.entries.reduce((n, e) => n + e.length, 0);
      const { built, metainfo } = await createTorrent(source, {
        ...(opts.name ? { name: opts.name } : {}), ...(pieceLength ? { pieceLength } : {}), ...(opts.v1Only ? { v1Only: true } : {}),
        ...(opts.comment ? { comment: opts.comment } : {}), ...(opts.private ? { private: true } : {}),
        onProgress: (done) => bar.update('hashing', done, total),
      });
      bar.finish();
      const doc: Record<string, Encodable> = {
        'created by': metainfo.createdBy ?? '', 'creation date': metainfo.creationDate ?? 0, info: new RawBencode(built.infoBytes),
        ...(opts.comment ? { comment: opts.comment } : {}),
        ...(built.pieceLayers ? { 'piece layers': new RawBencode(built.pieceLayers) } : {}),
        ...(opts.announce.length ? { announce: opts.announce[0]! } : {}),
        ...(opts.announce.length > 1 ? { 'announce-list': opts.announce.map((u) => [u]) } : {}),
        ...(opts.webSeed.length ? { 'url-list': opts.webSeed } : {}),
      };
      await writeFile(resolve(io.cwd, opts.output), encode(doc));
      io.out(`${metainfo.name}: ${metainfo.version}, ${contentFiles(metainfo).length} file(s), ${formatBytes(metainfo.totalLength)}, ${metainfo.pieceCount} pieces of ${formatBytes(metainfo.pieceLength)}\n`);
      io.out(`v1 ${metainfo.infohashV1 ?? '-'} v2 ${metainfo.infohashV2 ?? '-'}\n`);
    });

  torrent
    .command('show')
    .description('Print what a .torrent file or magnet link holds, after checking it strictly.')
    .argument('<torrent>', '.torrent file or magnet link')
    .option('--json', 'print as JSON')
    .action(async (target: string, opts: { json?: boolean }) => {
      if (/^magnet:/i.test(target)) {
        const m = parseMagnet(target);
        if (opts.json) return void io.out(`${JSON.stringify(m)}\n`);
        io.out([
          `Name: ${m.name ?? '(none)'}`, `Infohash v1: ${m.infohashV1 ?? '-'}`, `Infohash v2: ${m.infohashV2 ?? '-'}`,
          `Total size: ${m.totalBytes === null ? 'unknown' : `${formatBytes(m.totalBytes)} (${m.totalBytes} bytes)`}`,
          '', 'TRACKERS', ...(m.trackers.length ? m.trackers.map((t) => `  ${t}`) : ['  (none)']),
          '', 'WEBSEEDS', ...(m.webSeeds.length ? m.webSeeds.map((w) => `  ${w}`) : ['  (none)']), '',
        ].join('\n'));
        return;
      }
      const bytes = await readFile(resolve(io.cwd, target)).catch((e: NodeJS.ErrnoException) => {
        throw invalid('torrent_unreadable', `Cannot read ${target}: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`);
      });
      const m = parseTorrent(bytes);
      io.out(opts.json ? `${JSON.stringify(showJson(m))}\n` : describe(m, target));
    });
}

function showJson(m: Metainfo) {
  return {
    name: m.name, version: m.version, infohashV1: m.infohashV1, infohashV2: m.infohashV2, pieceLength: m.pieceLength, pieceCount: m.pieceCount,
    totalBytes: m.totalLength, private: m.private, comment: m.comment, createdBy: m.createdBy, creationDate: m.creationDate,
    trackers: m.announce, webSeeds: m.webSeeds,
    files: contentFiles(m).map((f) => ({ path: [m.name, ...f.path].join('/'), bytes: f.length })),
  };
}

function describe(m: Metainfo, file: string): string {
  const files = contentFiles(m);
  const lines = [
    `Name: ${m.name}`, `File: ${file}`,
    `Version: ${m.version === 'hybrid' ? 'hybrid (v1 + v2)' : m.version}`,
    `Infohash v1: ${m.infohashV1 ?? '-'}`, `Infohash v2: ${m.infohashV2 ?? '-'}`,
    `Created by: ${m.createdBy ?? 'unknown'}`,
    `Created on: ${m.creationDate ? new Date(m.creationDate * 1000).toISOString() : 'unknown'}`,
    ...(m.comment ? [`Comment: ${m.comment}`] : []),
    `Private: ${m.private ? 'yes' : 'no'}`,
    `Piece count: ${m.pieceCount}`, `Piece size: ${formatBytes(m.pieceLength)}`,
    `Total size: ${formatBytes(m.totalLength)} (${m.totalLength} bytes)`,
    '', 'TRACKERS', ...(m.announce.length ? m.announce.map((tier, i) => `  Tier #${i + 1}: ${tier.join(', ')}`) : ['  (none)']),
    '', 'WEBSEEDS', ...(m.webSeeds.length ? m.webSeeds.map((w) => `  ${w}`) : ['  (none)']),
    '', 'FILES', ...files.map((f) => `  ${[m.name, ...f.path].join('/')} (${formatBytes(f.length)})`), '',
  ];
  return lines.join('\n');
}
