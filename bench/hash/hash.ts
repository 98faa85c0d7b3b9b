/**
 * The hashing benchmark's driver: creates a torrent of one file with each tool, in rounds (so
 * drift hits every tool alike), and prints medians, GB/s and ratios to mktorrent and libtorrent.
 * Run through bench/hash/run.sh, which prepares the file and the peer tools.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTorrent, scanSource } from '../../src/torrent/index.ts';

const [file, runsText, peersDir, pieceText] = process.argv.slice(2);
if (!file || !peersDir) throw new Error('usage: hash.ts <file> <runs> <peers-dir> [piece-length]');
const runs = Number(runsText ?? 5);
const pieceLength = Number(pieceText ?? 1024 * 1024);
const bytes = statSync(file).size;
const here = new URL('.', import.meta.url).pathname;
const root = join(here, '../..');

// create-torrent is ESM only; it is loaded from the benchmark's own folder, never from the project.
type CreateTorrentFn = (input: string, opts: object, cb: (err: Error | null, torrent: Buffer) => void) => void;
const createTorrentLib = ((await import(pathToFileURL(join(peersDir, 'node_modules', 'create-torrent', 'index.js')).href)) as { default: CreateTorrentFn }).default;

type Tool = { name: string; run: () => Promise<number> | number };
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
};
const wall = (cmd: string, args: string[]) => {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
};
const out = (name: string) => join(peersDir, `${name}.torrent`);

const tools: Tool[] = [
  { name: 'kinora v1 (in-process)', run: () => time(() => createTorrent({ name: 'bench.bin', entries: [{ absPath: file, path: [], length: bytes }] }, { v1Only: true, pieceLength })) },
  { name: 'kinora v1 (fresh process, cold pool)', run: () => JSON.parse(execFileSync(process.execPath, [join(root, 'node_modules/.bin/tsx'), join(here, 'cold.ts'), file, String(pieceLength), 'v1']).toString()).seconds },
  { name: 'kinora v1 (CLI, wall)', run: () => wall(process.execPath, [join(root, 'bin/kinora.js'), 'torrent', 'create', file, '-o', out('kinora-v1'), '--v1-only', '--piece-length', String(pieceLength)]) },
  { name: 'mktorrent -t 2 (wall)', run: () => {
    rmSync(out('mktorrent'), { force: true }); // mktorrent 1.1 will not overwrite
    return wall('mktorrent', ['-t', '2', '-l', String(Math.log2(pieceLength)), '-o', out('mktorrent'), file]);
  } },
  { name: 'create-torrent (npm, in-process)', run: () => time(() => new Promise((resolve, reject) => createTorrentLib(file, { pieceLength, announceList: [], urlList: [] }, (err, t) => (err ? reject(err) : resolve(t))))) },
  { name: 'kinora hybrid (in-process)', run: () => time(() => createTorrent({ name: 'bench.bin', entries: [{ absPath: file, path: [], length: bytes }] }, { pieceLength })) },
  { name: 'kinora hybrid (CLI, wall)', run: () => wall(process.execPath, [join(root, 'bin/kinora.js'), 'torrent', 'create', file, '-o', out('kinora-hybrid'), '--piece-length', String(pieceLength)]) },
  { name: 'libtorrent hybrid (python, hashing)', run: () => JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'lt_create.py'), file, String(pieceLength), 'hybrid']).toString()).seconds },
  { name: 'libtorrent v1 (python, hashing)', run: () => JSON.parse(execFileSync('/usr/bin/python3', [join(here, 'lt_create.py'), file, String(pieceLength), 'v1']).toString()).seconds },
];

const samples = new Map<string, number[]>(tools.map((t) => [t.name, []]));
for (let round = 1; round <= runs; round++) {
  for (const tool of tools) samples.get(tool.name)!.push(await tool.run());
  process.stderr.write(`round ${round}/${runs} done\n`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const med = new Map([...samples].map(([k, v]) => [k, median(v)]));
const gbps = (s: number) => bytes / s / 1e9;
const ref = (name: string) => med.get(name)!;

console.log(`\nFile: ${file} (${bytes} bytes), pieces of ${pieceLength} bytes, page cache warm, medians of ${runs} runs\n`);
console.log('tool                                         median s    GB/s   vs mktorrent -t2   vs libtorrent (same kind)');
for (const [name, s] of med) {
  const hybrid = name.includes('hybrid');
  const vsMk = ref('mktorrent -t 2 (wall)') / s;
  const vsLt = (hybrid ? ref('libtorrent hybrid (python, hashing)') : ref('libtorrent v1 (python, hashing)')) / s;
  console.log(`${name.padEnd(44)} ${s.toFixed(3).padStart(8)} ${gbps(s).toFixed(2).padStart(7)} ${(hybrid ? '' : `${vsMk.toFixed(2)}x`).padStart(18)} ${`${vsLt.toFixed(2)}x`.padStart(27)}`);
}
console.log('\nRatios > 1 mean Kinora (or the tool on that row) is faster than the reference.');
