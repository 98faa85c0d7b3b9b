import { describe, expect, it } from 'vitest';
import { VersionedCache } from './versioned-cache.ts';

describe('VersionedCache', () => {
  it('computes once per key and version', async () => {
    const cache = new VersionedCache<string>(1000, (v) => v.length);
    let calls = 0;
    const compute = async () => `value ${++calls}`;
    expect(await cache.get('k', 'v1', compute)).toBe('value 1');
    expect(await cache.get('k', 'v1', compute)).toBe('value 1');
    expect(await cache.get('k', 'v2', compute)).toBe('value 2');
    expect(calls).toBe(2);
  });

  it('evicts the least recently used entries beyond its size', async () => {
    const cache = new VersionedCache<string>(20, (v) => v.length);
    const value = (s: string) => async () => s;
    await cache.get('a', 'v', value('aaaaaaaaaa'));
    await cache.get('b', 'v', value('bbbbbbbbbb'));
    await cache.get('a', 'v', value('unused'));
    await cache.get('c', 'v', value('cccccccccc'));
    let recomputed = false;
    await cache.get('b', 'v', async () => {
      recomputed = true;
      return 'bbbbbbbbbb';
    });
    expect(recomputed).toBe(true);
    // Re-adding b pushed out a, now the least recently used.
    expect(await cache.get('a', 'v', value('changed'))).toBe('changed');
  });

  it('does nothing when its size is 0', async () => {
    const cache = new VersionedCache<string>(0, (v) => v.length);
    expect(cache.enabled).toBe(false);
    let calls = 0;
    await cache.get('k', 'v', async () => `${++calls}`);
    await cache.get('k', 'v', async () => `${++calls}`);
    expect(calls).toBe(2);
  });
});
