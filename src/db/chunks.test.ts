import { describe, expect, it } from 'vitest';
import { chunksOf } from './chunks.ts';

describe('chunksOf', () => {
  it('splits a list into runs of at most the size, in order, and an empty list into none', () => {
    expect([...chunksOf([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...chunksOf([1, 2], 2)]).toEqual([[1, 2]]);
    expect([...chunksOf([], 500)]).toEqual([]);
  });
});
