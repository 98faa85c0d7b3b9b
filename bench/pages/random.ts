import { mulberry32 } from '../../src/prng.ts';

/** A seeded source of randomness, so the same seed always generates the same catalog. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** An index into a list of `n` items, biased towards the start: `skew` 1 is uniform, higher favours the first items. */
  skewed(n: number, skew: number): number;
  /** One value of a list of `[value, weight]` pairs, in proportion to its weight. */
  weighted<T>(list: readonly (readonly [T, number])[]): T;
  /** `count` distinct items drawn by `draw`; gives up on duplicates after a bounded number of tries. */
  distinct<T>(count: number, draw: () => T): T[];
}

/** A Random over mulberry32 (src/prng.ts). */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const weightTotals = new WeakMap<object, number>();
  return Object.freeze({
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    skewed: (n: number, skew: number) => Math.floor(n * next() ** skew),
    weighted<T>(list: readonly (readonly [T, number])[]): T {
      let total = weightTotals.get(list);
      if (total === undefined) {
        total = list.reduce((sum, [, w]) => sum + w, 0);
        weightTotals.set(list, total);
      }
      let r = next() * total;
      for (const [value, weight] of list) {
        r -= weight;
        if (r < 0) return value;
      }
      return list[list.length - 1]![0];
    },
    distinct<T>(count: number, draw: () => T): T[] {
      const seen = new Set<T>();
      for (let tries = 0; seen.size < count && tries < count * 20; tries++) seen.add(draw());
      return [...seen];
    },
  });
}
