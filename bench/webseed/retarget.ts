/**
 * Writes a copy of a .torrent whose web seed points elsewhere, with the `info` bytes untouched
 * (same infohash): the webseed benchmark gives aria2c the same torrent twice, once per server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type Encodable, RawBencode, decodeDocument, encode } from '../../src/torrent/index.ts';

const [input, output, url] = process.argv.slice(2);
if (!input || !output || !url) throw new Error('usage: retarget.ts <in.torrent> <out.torrent> <web-seed-url>');
const bytes = readFileSync(input);
const { value, spans } = decodeDocument(bytes);
const doc = new Map(value as Map<string, Encodable>);
const info = spans.get('info')!;
doc.set('info', new RawBencode(bytes.subarray(info.start, info.end)));
doc.set('url-list', [url]);
doc.delete('announce');
doc.delete('announce-list');
writeFileSync(output, encode(doc));
