/**
 * The long fuzz run of the torrent parser (bencode decoder included): a million seeded inputs by
 * default — random bytes, bencode token soup, and mutations of real torrents — each of which must
 * end in a Metainfo or a typed AppError. Reports inputs/s, outcomes by code, peak heap and the
 * slowest input; exits 1 on the first finding, printing the input in hex.
 *
 *   npx tsx bench/fuzz/run.ts [count=1000000] [seed=1] [seconds=600]
 */
import { fuzzInput, fuzzOnce, prng, seedTorrents } from '../../src/torrent/fuzz.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const limitSeconds = Number(process.argv[4] ?? 600);
const random = prng(seed);
const seeds = seedTorrents(seed);
const outcomes = new Map<string, number>();
let slowest = { ms: 0, hex: '' };
let peakHeap = 0;
const started = performance.now();
let done = 0;
for (; done < count; done++) {
  const input = fuzzInput(random, seeds);
  const t = performance.now();
  try {
    const o = fuzzOnce(input);
    const key = o.ok ? 'accepted' : o.code;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  } catch (e) {
    console.error(`FINDING after ${done} inputs (seed ${seed}): ${(e as Error).message}`);
    console.error(`input (hex): ${input.toString('hex')}`);
    process.exit(1);
  }
  const ms = performance.now() - t;
  if (ms > slowest.ms) slowest = { ms, hex: input.toString('hex').slice(0, 120) };
  if (done % 10_000 === 0) {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if ((performance.now() - started) / 1000 > limitSeconds) break;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`inputs: ${done} in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} inputs/s), seed ${seed}, no findings`);
for (const [k, v] of [...outcomes].sort()) console.log(`  ${k}: ${v}`);
console.log(`peak heap: ${(peakHeap / 1024 / 1024).toFixed(1)} MiB; slowest input: ${slowest.ms.toFixed(2)} ms (${slowest.hex}…)`);
