import { formatBytes } from '../web/format.ts';

/** Draws a progress line (bytes, rate, ETA) on a terminal, or prints one now and then elsewhere. */
export interface ProgressBar {
  update(label: string, done: number, total: number): void;
  finish(): void;
}

const clock = (seconds: number) => {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(s % 60).padStart(2, '0')}`;
};

/** One line of progress: what, how far, how fast, how long still. Pure, for tests. */
export function progressLine(label: string, done: number, total: number, seconds: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `${label.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}  ${formatBytes(rate)}/s  ETA ${clock(eta)}`;
}

export function createProgressBar(write: (text: string) => void, isTTY: boolean, now: () => number = () => performance.now()): ProgressBar {
  let phase = '';
  let started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(label, done, total) {
      const t = now();
      if (label !== phase) {
        if (drawn && isTTY) write('\n');
        phase = label;
        started = t;
        lastDraw = Number.NEGATIVE_INFINITY;
      }
      // A terminal is redrawn ten times a second; a log file gets a line every five seconds.
      if (t - lastDraw < (isTTY ? 100 : 5000) && done < total) return;
      lastDraw = t;
      drawn = true;
      const line = progressLine(label, done, total, (t - started) / 1000);
      write(isTTY ? `\r${line}\u001b[K` : `${line}\n`);
    },
    finish() {
      if (drawn && isTTY) write('\n');
      drawn = false;
    },
  };
}
