import { describe, expect, it } from 'vitest';
import { formatBytes, formatPartialDate, formatRuntime, queryString } from './format.ts';

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(69694)).toBe('68.1 KiB');
    expect(formatBytes(1.2 * 1024 ** 3)).toBe('1.2 GiB');
    expect(formatBytes(734 * 1024 ** 2)).toBe('734 MiB');
  });
});

describe('formatRuntime', () => {
  it('writes hours and minutes', () => {
    expect(formatRuntime(45)).toBe('45 min');
    expect(formatRuntime(60)).toBe('1 h');
    expect(formatRuntime(78)).toBe('1 h 18 min');
  });
});

describe('formatPartialDate', () => {
  it('handles year, month and day precision', () => {
    expect(formatPartialDate('1926')).toBe('1926');
    expect(formatPartialDate('1926-02')).toBe('February 1926');
    expect(formatPartialDate('1926-02-08')).toBe('8 February 1926');
  });
});

describe('queryString', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(queryString({ a: undefined, b: '', c: 'x y', d: 2 })).toBe('?c=x+y&d=2');
    expect(queryString({})).toBe('');
  });
});
