/**
 * A token bucket per client address: `rate` requests a second on average, bursts of `burst`. A
 * flood from one address is refused without touching anyone else's bucket. Buckets that have
 * filled up again are forgotten by a periodic sweep, so memory follows the active addresses.
 */
export interface RateLimiter {
  /** Whether a request from `address` (any stable key, e.g. the IP's bytes as latin1) may go on. */
  allow(address: string, nowMs: number): boolean;
  close(): void;
}

export function createRateLimiter(options: { rate: number; burst: number }): RateLimiter {
  if (options.rate <= 0) return { allow: () => true, close: () => undefined };
  // Two numbers per address in one array: [tokens, last refill ms].
  const buckets = new Map<string, Float64Array>();
  const perMs = options.rate / 1000;
  const timer = setInterval(() => {
    const now = Date.now();
    for (const [key, b] of buckets) if (b[0]! + (now - b[1]!) * perMs >= options.burst) buckets.delete(key);
  }, 10_000);
  timer.unref();
  return {
    allow(address, nowMs) {
      let b = buckets.get(address);
      if (!b) {
        b = Float64Array.of(options.burst, nowMs);
        buckets.set(address, b);
      }
      const tokens = Math.min(options.burst, b[0]! + Math.max(0, nowMs - b[1]!) * perMs);
      b[1] = nowMs;
      if (tokens < 1) {
        b[0] = tokens;
        return false;
      }
      b[0] = tokens - 1;
      return true;
    },
    close: () => clearInterval(timer),
  };
}
