/**
 * Times one createTorrent call in a fresh process, so the hashing pool starts cold (its worker is
 * booted inside the timed call), and prints one JSON line. Node's own start-up is not timed, as
 * lt_create.py does not time Python's. Used by bench/hash/hash.ts.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { createTorrent } from '../../src/torrent/index.ts';

const [file, pieceText, mode] = process.argv.slice(2);
if (!file || !pieceText) throw new Error('usage: cold.ts <file> <piece-length> v1|hybrid');
const start = performance.now();
const { metainfo } = await createTorrent({ name: basename(file), entries: [{ absPath: file, path: [], length: statSync(file).size }] }, { v1Only: mode === 'v1', pieceLength: Number(pieceText) });
console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, v1: metainfo.infohashV1 }));
