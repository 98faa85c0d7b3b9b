import { mulberry32 as prng } from '../prng.ts';
import { describe, expect, it } from 'vitest';
import { type ByteRange, MAX_RANGES, type RangeRequest, parseRange } from './range.parse.ts';

const ranges = (...pairs: [number, number][]): RangeRequest => ({ kind: 'ranges', ranges: pairs.map(([start, end]) => ({ start, end })) });
const FULL = { kind: 'full' };
const UNSATISFIABLE = { kind: 'unsatisfiable' };

describe('parseRange', () => {
  const size = 10_000;

  it('reads the examples of RFC 9110 §14.1.2', () => {
    expect(parseRange('bytes=0-499', size)).toEqual(ranges([0, 499]));
    expect(parseRange('bytes=500-999', size)).toEqual(ranges([500, 999]));
    expect(parseRange('bytes=-500', size)).toEqual(ranges([9500, 9999]));
    expect(parseRange('bytes=9500-', size)).toEqual(ranges([9500, 9999]));
    expect(parseRange('bytes=0-0,-1', size)).toEqual(ranges([0, 0], [9999, 9999]));
    // "Other valid (but not canonical) specifications of the second 500 bytes": coalesced into one.
    expect(parseRange('bytes=500-600,601-999', size)).toEqual(ranges([500, 999]));
    expect(parseRange('bytes=500-700,601-999', size)).toEqual(ranges([500, 999]));
  });

  it('sends the whole file without a header', () => {
    expect(parseRange(undefined, size)).toEqual(FULL);
  });

  it('cuts a last-pos past the end, and serves a suffix longer than the file whole', () => {
    expect(parseRange('bytes=9000-20000', size)).toEqual(ranges([9000, 9999]));
    expect(parseRange('bytes=-20000', size)).toEqual(ranges([0, 9999]));
    expect(parseRange('bytes=-10000', size)).toEqual(ranges([0, 9999]));
  });

  it('selects the last byte', () => {
    expect(parseRange('bytes=9999-9999', size)).toEqual(ranges([9999, 9999]));
    expect(parseRange('bytes=9999-', size)).toEqual(ranges([9999, 9999]));
    expect(parseRange('bytes=-1', size)).toEqual(ranges([9999, 9999]));
    expect(parseRange('bytes=0-0', 1)).toEqual(ranges([0, 0]));
  });

  it('is unsatisfiable when no range-spec selects a byte', () => {
    expect(parseRange('bytes=10000-', size)).toEqual(UNSATISFIABLE);
    expect(parseRange('bytes=10000-10001', size)).toEqual(UNSATISFIABLE);
    expect(parseRange('bytes=-0', size)).toEqual(UNSATISFIABLE);
    expect(parseRange('bytes=20000-30000,-0', size)).toEqual(UNSATISFIABLE);
    expect(parseRange('bytes=1-1', 1)).toEqual(UNSATISFIABLE);
  });

  it('drops the unsatisfiable specs of a satisfiable set', () => {
    expect(parseRange('bytes=-0,0-1', size)).toEqual(ranges([0, 1]));
    expect(parseRange('bytes=20000-,5-6', size)).toEqual(ranges([5, 6]));
  });

  it('ignores a header with a unit it does not understand', () => {
    expect(parseRange('items=0-1', size)).toEqual(FULL);
    expect(parseRange('bytes2=0-1', size)).toEqual(FULL);
    expect(parseRange('0-1', size)).toEqual(FULL);
    expect(parseRange('', size)).toEqual(FULL);
  });

  it('reads the unit case-insensitively', () => {
    expect(parseRange('BYTES=0-1', size)).toEqual(ranges([0, 1]));
    expect(parseRange('Bytes=0-1', size)).toEqual(ranges([0, 1]));
  });

  it('ignores an invalid ranges-specifier as a whole, even beside valid specs', () => {
    for (const header of ['bytes=5-3', 'bytes=0-1,5-3', 'bytes=abc', 'bytes=1-2-3', 'bytes=-', 'bytes=', 'bytes=,', 'bytes=, ,',
      'bytes=0x10-20', 'bytes=+1-2', 'bytes=1.5-2', 'bytes=-1-', 'bytes=１-２', 'bytes=0-1;', 'bytes=0 -1', 'bytes=0- 1']) {
      expect(parseRange(header, size), header).toEqual(FULL);
    }
  });

  it('allows no whitespace around "=", optional whitespace around list elements', () => {
    expect(parseRange('bytes = 0-1', size)).toEqual(FULL);
    expect(parseRange('bytes =0-1', size)).toEqual(FULL);
    expect(parseRange('bytes= 0-1', size)).toEqual(ranges([0, 1]));
    expect(parseRange(' \tbytes=0-1 , 3-4\t', size)).toEqual(ranges([0, 1], [3, 4]));
    expect(parseRange('bytes=0-1,\t3-4', size)).toEqual(ranges([0, 1], [3, 4]));
    // Only SP and HTAB are OWS (§5.6.3).
    expect(parseRange('bytes=0-1,\n3-4', size)).toEqual(FULL);
    expect(parseRange('bytes=0-1,\u00a03-4', size)).toEqual(FULL);
  });

  it('skips empty list elements', () => {
    expect(parseRange('bytes=,0-1,,3-4,', size)).toEqual(ranges([0, 1], [3, 4]));
  });

  it('reads leading zeros as nothing', () => {
    expect(parseRange('bytes=007-010', size)).toEqual(ranges([7, 10]));
    expect(parseRange('bytes=-0005', size)).toEqual(ranges([9995, 9999]));
    expect(parseRange('bytes=0000000000000000000000000001-2', size)).toEqual(ranges([1, 2]));
    expect(parseRange('bytes=-000', size)).toEqual(UNSATISFIABLE);
  });

  it('handles numerals far beyond Number.MAX_SAFE_INTEGER', () => {
    const huge = '9'.repeat(400);
    expect(parseRange(`bytes=0-${huge}`, size)).toEqual(ranges([0, 9999]));
    expect(parseRange(`bytes=${huge}-`, size)).toEqual(UNSATISFIABLE);
    expect(parseRange(`bytes=-${huge}`, size)).toEqual(ranges([0, 9999]));
    expect(parseRange(`bytes=${huge}-${huge}`, size)).toEqual(UNSATISFIABLE);
    // 2^53 + 1 and 2^53 are the same double; as numerals the range is still invalid.
    expect(parseRange('bytes=9007199254740993-9007199254740992', size)).toEqual(FULL);
    expect(parseRange('bytes=9007199254740992-9007199254740993', size)).toEqual(UNSATISFIABLE);
    expect(parseRange(`bytes=1${'0'.repeat(30)}-2${'0'.repeat(29)}`, size)).toEqual(FULL);
    const max = Number.MAX_SAFE_INTEGER;
    expect(parseRange(`bytes=${max - 1}-`, max)).toEqual(ranges([max - 1, max - 1]));
    expect(parseRange('bytes=-2', max)).toEqual(ranges([max - 2, max - 1]));
  });

  it('sends an empty file whole, whatever the range (§14.2 MAY ignore)', () => {
    for (const header of ['bytes=0-0', 'bytes=0-', 'bytes=-1', 'bytes=-0', 'bytes=5-3']) expect(parseRange(header, 0), header).toEqual(FULL);
    expect(parseRange('items=0-0', 0)).toEqual(FULL);
  });

  it(`serves up to ${MAX_RANGES} ranges and ignores a header with more`, () => {
    const specs = (n: number) => Array.from({ length: n }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',');
    const served = parseRange(`bytes=${specs(MAX_RANGES)}`, size);
    expect(served.kind === 'ranges' && served.ranges.length).toBe(MAX_RANGES);
    expect(parseRange(`bytes=${specs(MAX_RANGES + 1)}`, size)).toEqual(FULL);
    // Empty elements do not count.
    expect(parseRange(`bytes=${specs(MAX_RANGES)}${','.repeat(100)}`, size).kind).toBe('ranges');
  });

  it('coalesces overlapping and touching ranges, keeping the order of request', () => {
    expect(parseRange('bytes=0-10,5-20', size)).toEqual(ranges([0, 20]));
    expect(parseRange('bytes=0-9,10-19', size)).toEqual(ranges([0, 19]));
    expect(parseRange('bytes=0-9,11-19', size)).toEqual(ranges([0, 9], [11, 19]));
    expect(parseRange('bytes=500-599,0-99', size)).toEqual(ranges([500, 599], [0, 99]));
    expect(parseRange('bytes=100-199,0-9,150-250', size)).toEqual(ranges([100, 250], [0, 9]));
    expect(parseRange('bytes=50-60,0-10,5-55', size)).toEqual(ranges([0, 60]));
    // The classic amplification attack: the same bytes asked for many times are sent once.
    expect(parseRange(`bytes=${Array(MAX_RANGES).fill('0-').join(',')}`, size)).toEqual(ranges([0, 9999]));
    expect(parseRange('bytes=-1,9999-,0-', size)).toEqual(ranges([0, 9999]));
  });

  it('refuses a size that is not a byte count', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => parseRange('bytes=0-1', bad)).toThrow(RangeError);
  });
});

// ---- Fuzz: random and mutated headers never make the parser throw or step outside the file. ----


function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const size = (): number => pick([0, 1, 2, 3, 10, 1000, 65_536, int(1_000_000), int(2 ** 40), Number.MAX_SAFE_INTEGER]);
  const numeral = (size: number): string =>
    pick([
      () => String(int(Math.min(size + 3, 2 ** 31))),
      () => String(Math.max(0, size - int(3))),
      () => String(size + int(3)),
      () => '0'.repeat(1 + int(4)) + String(int(100)),
      () => '9'.repeat(1 + int(40)),
      () => String(Number.MAX_SAFE_INTEGER + int(3)),
      () => String(int(10)),
    ])();
  const ows = () => pick(['', '', '', ' ', '\t', '  ']);
  const spec = (size: number): string =>
    int(25) === 0
      ? pick(['', '-', 'abc', '1-2-3', '0x1-2', '--1'])
      : pick([() => `${numeral(size)}-${numeral(size)}`, () => `${numeral(size)}-`, () => `-${numeral(size)}`])();
  const header = (size: number): string => {
    const unit = int(8) === 0 ? pick(['BYTES', 'Bytes', 'items', 'byte', '']) : 'bytes';
    const specs = Array.from({ length: 1 + int(int(4) === 0 ? MAX_RANGES + 4 : 3) }, () => ows() + spec(size) + ows());
    return ows() + unit + (int(10) === 0 ? pick([' =', '= ', '']) : '=') + specs.join(',') + ows();
  };
  const CHARS = ['-', ',', '=', ' ', '\t', '0', '1', '9', 'a', 'b', '"', ';', '\u0000', '\n', '\r', '\u00a0', 'é', '𝟘', '\ud800', '+', '.', '*'];
  const mutate = (text: string): string => {
    let out = text;
    for (let n = int(4); n > 0; n--) {
      const at = int(out.length + 1);
      out = pick([
        () => out.slice(0, at) + pick(CHARS) + out.slice(at), // insert
        () => out.slice(0, at) + out.slice(at + 1 + int(3)), // delete
        () => out.slice(0, at) + out.slice(int(out.length)) , // splice
        () => out + out.slice(at), // duplicate a tail
      ])();
    }
    return out;
  };
  const noise = (): string => Array.from({ length: int(60) }, () => (int(2) ? pick(CHARS) : String.fromCharCode(int(0x3000)))).join('');
  return { size, header, mutate, noise, int };
}

/** An independent reading of §14.1.2 in BigInt: the set of bytes selected, or full/unsatisfiable. */
function oracle(header: string, size: number): 'full' | 'unsatisfiable' | { bytes: [bigint, bigint][]; specs: [bigint, bigint][] } {
  const m = /^[ \t]*bytes=(.*?)[ \t]*$/is.exec(header);
  if (!m || size === 0) return 'full';
  const elements = m[1]!.split(',').map((e) => e.replace(/^[ \t]+|[ \t]+$/g, '')).filter(Boolean);
  if (elements.length === 0 || elements.length > MAX_RANGES) return 'full';
  const n = BigInt(size);
  const specs: [bigint, bigint][] = [];
  for (const e of elements) {
    const r = /^(\d*)-(\d*)$/.exec(e);
    if (!r || (r[1] === '' && r[2] === '')) return 'full';
    if (r[1] === '') {
      const len = BigInt(r[2]!);
      if (len > 0n) specs.push([len >= n ? 0n : n - len, n - 1n]);
      continue;
    }
    const first = BigInt(r[1]!);
    const last = r[2] === '' ? undefined : BigInt(r[2]!);
    if (last !== undefined && last < first) return 'full';
    if (first < n) specs.push([first, last === undefined || last >= n ? n - 1n : last]);
  }
  if (specs.length === 0) return 'unsatisfiable';
  const sorted = [...specs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const bytes: [bigint, bigint][] = [];
  for (const [s, e] of sorted) {
    const last = bytes[bytes.length - 1];
    if (last && s <= last[1] + 1n) last[1] = e > last[1] ? e : last[1];
    else bytes.push([s, e]);
  }
  return { bytes, specs };
}

function checkInvariants(result: RangeRequest, size: number): void {
  if (result.kind !== 'ranges') return;
  expect(result.ranges.length).toBeGreaterThanOrEqual(1);
  expect(result.ranges.length).toBeLessThanOrEqual(MAX_RANGES);
  const sorted = [...result.ranges].sort((a, b) => a.start - b.start);
  sorted.forEach((r: ByteRange, i) => {
    expect(Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end)).toBe(true);
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.start).toBeLessThanOrEqual(r.end);
    expect(r.end).toBeLessThan(size);
    // Disjoint and not touching, so no byte is ever sent twice.
    if (i > 0) expect(r.start).toBeGreaterThan(sorted[i - 1]!.end + 1);
  });
}

describe('parseRange fuzz', () => {
  it('never throws, and agrees with an independent BigInt reading, over 20,000 headers', () => {
    const random = prng(0x6b696e6f); // "kino"
    const g = generator(random);
    const counts = { full: 0, ranges: 0, unsatisfiable: 0 };
    for (let i = 0; i < 20_000; i++) {
      const size = g.size();
      const kind = i % 4;
      const header = kind === 0 ? g.noise() : kind === 1 ? g.mutate(g.header(size)) : g.header(size);
      let result: RangeRequest;
      try {
        result = parseRange(header, size);
      } catch (err) {
        throw new Error(`iteration ${i}: parseRange(${JSON.stringify(header)}, ${size}) threw ${String(err)}`);
      }
      counts[result.kind]++;
      checkInvariants(result, size);
      const expected = oracle(header, size);
      const context = `iteration ${i}: parseRange(${JSON.stringify(header)}, ${size})`;
      if (typeof expected === 'string') {
        expect(result.kind, context).toBe(expected);
        continue;
      }
      expect(result.kind, context).toBe('ranges');
      if (result.kind !== 'ranges') continue;
      const got = [...result.ranges].sort((a, b) => a.start - b.start).map((r) => [BigInt(r.start), BigInt(r.end)]);
      expect(got, context).toEqual(expected.bytes);
      // Order of request (§15.3.7.2): each part appears where its earliest range-spec did.
      const firstSpec = result.ranges.map((r) => expected.specs.findIndex(([s, e]) => s >= BigInt(r.start) && e <= BigInt(r.end)));
      expect(firstSpec, context).toEqual([...firstSpec].sort((a, b) => a - b));
    }
    // The generator reaches every outcome often enough for the run to mean something.
    expect(Math.min(counts.full, counts.ranges, counts.unsatisfiable)).toBeGreaterThan(500);
  });
});
