/**
 * A list in runs of at most `size`, for statements whose parameters grow with it (`IN (…)` lists,
 * multi-row inserts): both dialects cap the parameters of one statement.
 */
export function* chunksOf<T>(xs: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += size) yield xs.slice(i, i + size);
}
