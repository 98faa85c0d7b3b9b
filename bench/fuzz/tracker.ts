/**
 * The long fuzz run of the tracker's transports: a million seeded HTTP queries and a million UDP
 * packets by default (src/tracker/fuzz.ts), each through the handlers the servers run into a real
 * tracker core with a memory store, each checked for the answer or error it should get. Exits 1
 * on the first finding, printing the input. Memory: the heap after a full GC is taken after a
 * warm-up and at the end; the run fails if it grew by more than 8 MiB (the swarms it fills are
 * bounded: a few clients × a few ports × 8 torrents).
 *
 *   node --expose-gc --import tsx bench/fuzz/tracker.ts [count=1000000] [seed=1] [seconds=600]
 */
import { checkParsers, createFuzzTracker, httpInput, prng, udpInput } from '../../src/tracker/fuzz.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const limitSeconds = Number(process.argv[4] ?? 600);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc (npm run bench:fuzz:tracker does)');
  process.exit(2);
}
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const random = prng(seed);
const t = await createFuzzTracker(seed);
const tally = new Map<string, number>();
const count1 = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
const limits = { defaultNumwant: 50, maxNumwant: 200 };
const warmup = Math.min(50_000, Math.floor(count / 10));
let baseline = 0;
let peakHeap = 0;
let slowest = { ms: 0, what: '' };
const started = performance.now();
let done = 0;
try {
  for (; done < count; done++) {
    if (done === warmup) baseline = heapAfterGc();
    const client = t.world.clients[done % t.world.clients.length]!;
    const h = httpInput(random, t.world);
    const u = udpInput(random, t.world, client);
    const at = performance.now();
    checkParsers(h, u, limits);
    count1(`http ${await t.http(h, client)}`);
    count1(`udp ${await t.udp(u, client)}`);
    const ms = performance.now() - at;
    if (ms > slowest.ms) slowest = { ms, what: `${h.query.slice(0, 60)} | ${u.packet.toString('hex').slice(0, 60)}` };
    t.tick(7);
    if (done % 10_000 === 0) {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      if ((performance.now() - started) / 1000 > limitSeconds) break;
    }
  }
} catch (e) {
  console.error(`FINDING after ${done} inputs (seed ${seed}): ${(e as Error).message}`);
  process.exit(1);
}
const seconds = (performance.now() - started) / 1000;
const end = heapAfterGc();
await t.close();
const growthMiB = (end - baseline) / 1024 / 1024;
console.log(`inputs: ${done} HTTP queries and ${done} UDP packets in ${seconds.toFixed(1)} s (${Math.round((2 * done) / seconds)} inputs/s), seed ${seed}, no findings`);
for (const [k, v] of [...tally].sort()) console.log(`  ${k}: ${v}`);
console.log(`heap after GC: ${(baseline / 1024 / 1024).toFixed(1)} MiB after ${warmup} inputs, ${(end / 1024 / 1024).toFixed(1)} MiB at the end (${growthMiB >= 0 ? '+' : ''}${growthMiB.toFixed(2)} MiB); peak ${(peakHeap / 1024 / 1024).toFixed(1)} MiB`);
console.log(`slowest input pair: ${slowest.ms.toFixed(2)} ms (${slowest.what}…)`);
if (growthMiB > 8) {
  console.error(`FINDING: the heap grew by ${growthMiB.toFixed(1)} MiB`);
  process.exit(1);
}
