import { describe, expect, it } from 'vitest';
import { fuzzInput, fuzzOnce, prng, seedTorrents } from './fuzz.ts';

describe('fuzzing the torrent parser (a short run; bench/fuzz runs a million)', () => {
  it('every seed torrent parses', () => {
    for (const seed of seedTorrents()) expect(fuzzOnce(seed).ok).toBe(true);
  });

  it('20,000 random and mutated inputs end in a Metainfo or a typed error, quickly', () => {
    const random = prng(20261122);
    const seeds = seedTorrents();
    const codes = new Map<string, number>();
    let slowest = 0;
    for (let i = 0; i < 20_000; i++) {
      const input = fuzzInput(random, seeds);
      const t = performance.now();
      const outcome = fuzzOnce(input); // throws on a finding
      slowest = Math.max(slowest, performance.now() - t);
      const key = outcome.ok ? 'accepted' : outcome.code;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    // The generator reaches every outcome: some mutations still parse, most are rejected.
    expect(codes.get('accepted')).toBeGreaterThan(100);
    expect(codes.get('invalid_bencode')).toBeGreaterThan(1000);
    expect(codes.get('invalid_torrent')).toBeGreaterThan(100);
    expect(slowest).toBeLessThan(1000);
  });

  it('nesting far past the limit is an error, not a stack overflow', () => {
    expect(fuzzOnce(Buffer.from('l'.repeat(100_000)))).toEqual({ ok: false, code: 'invalid_bencode' });
    expect(fuzzOnce(Buffer.from(`d4:info${'d1:a'.repeat(50_000)}`))).toEqual({ ok: false, code: 'invalid_bencode' });
  });
});
