import { describe, expect, it } from 'vitest';
import { createProgressBar, progressLine } from './progress.ts';
import { parseSize } from './size.parse.ts';

describe('progress', () => {
  it('shows the fraction, bytes, rate and time left', () => {
    expect(progressLine('hashing', 512 * 1024 ** 2, 1024 ** 3, 0.5, 10)).toBe('hashing   [#####.....]  50%  512 MiB / 1 GiB  1 GiB/s  ETA 0:01');
    expect(progressLine('storing', 0, 100, 0, 4)).toBe('storing   [....]   0%  0 bytes / 100 bytes  0 bytes/s  ETA --:--');
  });

  it('redraws a terminal in place and writes whole lines elsewhere, at most every few seconds', () => {
    let now = 0;
    const tty: string[] = [];
    const bar = createProgressBar((t) => tty.push(t), true, () => now);
    bar.update('storing', 10, 100);
    now = 50;
    bar.update('storing', 20, 100); // too soon to redraw
    now = 200;
    bar.update('storing', 100, 100);
    bar.update('hashing', 1, 100);
    bar.finish();
    expect(tty.filter((t) => t.startsWith('\r'))).toHaveLength(3);
    expect(tty.filter((t) => t === '\n')).toHaveLength(2);

    const log: string[] = [];
    const plain = createProgressBar((t) => log.push(t), false, () => now);
    for (let i = 1; i <= 100; i++) plain.update('hashing', i, 100);
    expect(log).toHaveLength(2); // the first update, and the last
    expect(log.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
  });

  it('parses sizes given on the command line', () => {
    expect(parseSize('262144')).toBe(262144);
    expect(parseSize('256K')).toBe(262144);
    expect(parseSize('1M')).toBe(1048576);
    expect(parseSize('16MiB')).toBe(16 * 1048576);
    expect(parseSize('1g')).toBe(1024 ** 3);
    for (const bad of ['', 'M', '1.5M', '-1', '1T', '1 K B']) expect(parseSize(bad), bad).toBeUndefined();
  });
});
