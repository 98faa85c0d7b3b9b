import { describe, expect, it } from 'vitest';
import { checkParsers, createFuzzTracker, httpInput, prng, udpInput } from './fuzz.ts';

describe('fuzzing the tracker\'s transports (a short run; bench/fuzz --tracker runs a million)', () => {
  it('20,000 HTTP queries and 20,000 UDP packets each get the answer or error they should, through the servers\' handlers', async () => {
    const random = prng(20261201);
    const t = await createFuzzTracker(7);
    const tally = new Map<string, number>();
    const count = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
    try {
      for (let i = 0; i < 20_000; i++) {
        const client = t.world.clients[i % t.world.clients.length]!;
        const h = httpInput(random, t.world);
        const u = udpInput(random, t.world, client);
        checkParsers(h, u, { defaultNumwant: 50, maxNumwant: 200 });
        count(`http ${await t.http(h, client)}`);
        count(`udp ${await t.udp(u, client)}`);
        t.tick(7); // connection ids made by the generator age with the tracker's clock
      }
    } finally {
      await t.close();
    }
    // The generator reaches every kind of outcome on both transports.
    for (const k of ['http answer', 'http failure', 'http scrape', 'udp answer', 'udp error', 'udp scrape', 'udp connect', 'udp silence']) expect(tally.get(k), k).toBeGreaterThan(100);
  });

  it('a wrong, a forged and an expired connection id are refused; a fresh one is served', async () => {
    const t = await createFuzzTracker(1);
    try {
      const client = t.world.clients[0]!;
      const good = t.world.connectionId(client);
      const expired = t.world.expiredConnectionId(client);
      const packet = (id: Buffer) => {
        const p = Buffer.alloc(98);
        id.copy(p, 0);
        p.writeUInt32BE(1, 8);
        p.writeUInt32BE(42, 12);
        t.world.tracked[0]!.copy(p, 16);
        p.writeUInt16BE(6881, 96);
        return p;
      };
      expect(await t.udp({ packet: packet(good), expect: 'answer' }, client)).toBe('answer');
      expect(await t.udp({ packet: packet(expired), expect: 'error', reason: /connection id/ }, client)).toBe('error');
      expect(await t.udp({ packet: packet(Buffer.alloc(8)), expect: 'error', reason: /connection id/ }, client)).toBe('error');
      // Another client's id is no good here: the id is bound to the address it was issued to.
      expect(await t.udp({ packet: packet(t.world.connectionId(t.world.clients[1]!)), expect: 'error', reason: /connection id/ }, client)).toBe('error');
      t.tick(120_001);
      expect(await t.udp({ packet: packet(good), expect: 'error', reason: /connection id/ }, client)).toBe('error');
    } finally {
      await t.close();
    }
  });
});
