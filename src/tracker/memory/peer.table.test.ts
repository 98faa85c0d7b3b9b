import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../prng.ts';
import { PeerTable, Previous } from './peer.table.ts';

describe('PeerTable', () => {
  it.each([1, 4] as const)('agrees with a Map through 50,000 random upserts and removals (%i-word keys)', (words) => {
    const random = mulberry32(words);
    const table = new PeerTable(words);
    const model = new Map<string, boolean>();
    const ip = new Uint32Array(4);
    const keyOf = () => {
      // Few distinct addresses, so the same peers come back and probe runs collide often.
      for (let w = 0; w < words; w++) ip[w] = Math.floor(random() * 50) * 0x01010101;
      const port = 1 + Math.floor(random() * 40);
      return { port, key: `${[...ip.subarray(0, words)].join('.')}:${port}` };
    };
    for (let step = 0; step < 50_000; step++) {
      const { port, key } = keyOf();
      const expected = model.has(key) ? (model.get(key) ? Previous.Seeder : Previous.Leecher) : Previous.Absent;
      if (random() < 0.4) {
        expect(table.remove(ip, 0, port)).toBe(expected);
        model.delete(key);
      } else {
        const seeder = random() < 0.5;
        expect(table.upsert(ip, 0, port, seeder, 100)).toBe(expected);
        model.set(key, seeder);
      }
      expect(table.size).toBe(model.size);
    }
    // Every peer is still found where it should be, and sampling everything returns each once.
    const out = new Uint8Array(model.size * (words * 4 + 2) + 18);
    const n = table.sample(model.size + 10, out, 0, 12345, 100, 10, new Uint32Array(4), 0, -1);
    expect(n).toBe(model.size);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const at = i * (words * 4 + 2);
      const parts = [];
      for (let w = 0; w < words; w++) parts.push(((out[at + w * 4]! << 24) | (out[at + w * 4 + 1]! << 16) | (out[at + w * 4 + 2]! << 8) | out[at + w * 4 + 3]!) >>> 0);
      seen.add(`${parts.join('.')}:${(out[at + words * 4]! << 8) | out[at + words * 4 + 1]!}`);
    }
    expect(seen).toEqual(new Set(model.keys()));
  });

  it('keeps ports above 32767 apart from the seeder flag', () => {
    const table = new PeerTable(1);
    const ip = new Uint32Array([0x7f000001]);
    expect(table.upsert(ip, 0, 65535, false, 1)).toBe(Previous.Absent);
    expect(table.upsert(ip, 0, 32768, true, 1)).toBe(Previous.Absent);
    expect(table.upsert(ip, 0, 65535, true, 1)).toBe(Previous.Leecher);
    expect(table.remove(ip, 0, 32768)).toBe(Previous.Seeder);
    expect(table.size).toBe(1);
  });

  it('sweeps peers older than the time to live, across the 15-bit wrap of its clock', () => {
    const table = new PeerTable(1);
    const ip = new Uint32Array(1);
    for (let i = 0; i < 1000; i++) {
      ip[0] = i;
      table.upsert(ip, 0, 6881, i % 2 === 0, i < 500 ? 32764 : 5); // 5 is 9 units after 32764
    }
    expect(table.sweep(5, 9)).toEqual({ seeders: 0, leechers: 0 });
    expect(table.sweep(6, 9)).toEqual({ seeders: 250, leechers: 250 });
    expect(table.size).toBe(500);
    expect(table.bytes).toBeLessThanOrEqual(1024 * 8);
  });

  it('samples at most what is asked, never the asking peer', () => {
    const table = new PeerTable(1);
    const ip = new Uint32Array(1);
    for (let i = 1; i <= 100; i++) {
      ip[0] = i;
      table.upsert(ip, 0, 1000 + i, false, 0);
    }
    const out = new Uint8Array(600);
    ip[0] = 7;
    for (let start = 0; start < 300; start += 7) {
      const n = table.sample(99, out, 0, start, 0, 10, ip, 0, 1007);
      expect(n).toBe(99);
      for (let i = 0; i < n; i++) expect(out[i * 6 + 3] === 7 && out[i * 6 + 5] === (1007 & 0xff)).toBe(false);
    }
    expect(table.sample(10, out, 0, 0, 0, 10, ip, 0, 1)).toBe(10);
  });
});
