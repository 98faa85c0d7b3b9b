/**
 * What the UDP announce path costs without sockets: packets through the handler the UDP server
 * runs (`udp.handler.ts`, with the server's address cache), into a tracker core with a memory
 * store of 1,000 torrents. A profiling aid for the tracker's own code (the sockets are measured by
 * run.sh); prints nanoseconds per announce.
 *
 *   npx tsx bench/tracker/handler.ts [announces=300000]
 *   node --cpu-prof --import tsx bench/tracker/handler.ts     # where the time goes
 */
import { createMemoryPeerStore } from '../../src/tracker/memory/peer.store.ts';
import { createAddressCache } from '../../src/tracker/peer.address.ts';
import { createRateLimiter } from '../../src/tracker/rate.limit.ts';
import { createTracker } from '../../src/tracker/tracker.service.ts';
import { createCookieJar } from '../../src/tracker/udp.cookie.ts';
import { createUdpHandler } from '../../src/tracker/udp.handler.ts';
import { mulberry32 } from '../../src/prng.ts';

const count = Number(process.argv[2] ?? 300_000);
const random = mulberry32(1);
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
const TORRENTS = 1000;
const hashes = Array.from({ length: TORRENTS }, () => bytes(20));
const tracker = await createTracker({
  store: createMemoryPeerStore({ peerTtlMs: 2_700_000 }),
  source: { version: async () => '1', list: async () => hashes.map((h, i) => ({ releaseId: i + 1, infohashV1: h.toString('hex'), infohashV2: null })) },
  settings: { intervalSeconds: 1800, minIntervalSeconds: 900, defaultNumwant: 50, maxNumwant: 200, refreshMs: 3_600_000 },
});
const cookies = createCookieJar({ windowMs: 60_000 });
const handle = createUdpHandler({ tracker, limiter: createRateLimiter({ rate: 0, burst: 0 }), cookies, logger: { error: console.error } as never, clock: Date.now });
const addressOf = createAddressCache();
// 50,000 peers from 256 addresses, as a swarm of clients would send them.
const addresses = Array.from({ length: 256 }, (_, i) => `127.0.${i >> 4}.${(i & 15) + 1}`);
const packets = Array.from({ length: 50_000 }, (_, i) => {
  const address = addresses[i % 256]!;
  const p = Buffer.alloc(98);
  cookies.issue(addressOf(address)!.ip, Date.now()).copy(p, 0);
  p.writeUInt32BE(1, 8);
  p.writeUInt32BE(i, 12);
  hashes[i % TORRENTS]!.copy(p, 16);
  bytes(20).copy(p, 36);
  p.writeUInt32BE(i % 3 === 0 ? 0 : 1000, 68);
  p.writeInt32BE(50, 92);
  p.writeUInt16BE(1024 + (i % 60_000), 96);
  return { p, address };
});
let answers = 0;
const send = () => void answers++;
async function round(n: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const { p, address } = packets[i % packets.length]!;
    handle(p, addressOf(address)!, send);
    if ((i & 1023) === 0) await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setImmediate(r));
  return performance.now() - t;
}
await round(Math.min(100_000, count)); // warm-up: swarms filled, code optimised
const ms = await round(count);
console.log(`${Math.round((ms * 1e6) / count)} ns per announce (${Math.round((count / ms) * 1000)} announces/s on one core), ${answers} answers`);
process.exit(0);
