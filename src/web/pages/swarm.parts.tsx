import type { PeerSample, SwarmCounts } from '../../tracker/index.ts';

/** Live tracker counts by release id; null when the archive runs no tracker. */
export type SwarmsByRelease = ReadonlyMap<number, SwarmCounts> | null;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "2 seeders · 1 leecher · 5 completed", with the numbers in data attributes for scripts and tests. */
export function SwarmLine({ id, counts }: { id: number; counts: SwarmCounts | undefined }) {
  if (!counts) return null;
  return (
    <span class="swarm" data-release={id} data-seeders={counts.seeders} data-leechers={counts.leechers} data-completed={counts.completed}>
      {plural(counts.seeders, 'seeder', 'seeders')} · {plural(counts.leechers, 'leecher', 'leechers')} · {counts.completed.toLocaleString('en')} completed
    </span>
  );
}

const HOUR = 3_600_000;
const WIDTH = 336; // 7 days × 24 hours × 2 px
const HEIGHT = 48;

/**
 * Peers over the last 7 days as a small SVG chart (no script): the highest count of each hour,
 * seeders and leechers as two lines. Samples come every 10 minutes from the tracker.
 */
export function PeerChart({ samples, now }: { samples: readonly PeerSample[]; now: Date }) {
  if (samples.length === 0) return <span class="note">No peers.</span>;
  const end = Math.floor(now.getTime() / HOUR) + 1;
  const start = end - 7 * 24;
  const seeders = new Array<number>(end - start).fill(0);
  const leechers = new Array<number>(end - start).fill(0);
  for (const s of samples) {
    const h = Math.floor(Date.parse(s.at) / HOUR) - start;
    if (h < 0 || h >= seeders.length) continue;
    seeders[h] = Math.max(seeders[h]!, s.seeders);
    leechers[h] = Math.max(leechers[h]!, s.leechers);
  }
  const top = Math.max(1, ...seeders, ...leechers);
  const line = (values: number[]) => values.map((v, i) => `${i * 2},${(HEIGHT - 2 - (v / top) * (HEIGHT - 4)).toFixed(1)}`).join(' ');
  const peak = Math.max(...seeders.map((s, i) => s + leechers[i]!));
  const label = `Peers over the last 7 days: at most ${plural(Math.max(...seeders), 'seeder', 'seeders')} and ${plural(Math.max(...leechers), 'leecher', 'leechers')} in an hour.`;
  return (
    <figure class="peer-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={label}>
        <title>{label}</title>
        <polyline class="seeders" points={line(seeders)} fill="none" />
        <polyline class="leechers" points={line(leechers)} fill="none" />
      </svg>
      <figcaption>
        Peak {plural(peak, 'peer', 'peers')}: <span class="key seeders">seeders</span> <span class="key leechers">leechers</span>
      </figcaption>
    </figure>
  );
}
