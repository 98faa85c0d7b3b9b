/** The `Range` request header (RFC 9110 §14.1.2, §14.2) resolved against a representation's size. */

/** An inclusive byte range, within [0, size). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export type RangeRequest =
  /** Send the whole representation (no header, or one that must be ignored). */
  | { readonly kind: 'full' }
  /** Send these parts (sorted, overlapping and adjacent ones coalesced). */
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] }
  /** Answer 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

/**
 * Most ranges one request may ask for. From the spec (§14.2): "A server that supports range
 * requests MAY ignore or reject a Range header field that contains ... more than two overlapping
 * ranges, or a set of many small ranges that are not listed in ascending order, since both are
 * indications of either a broken client or a deliberate denial-of-service attack." Past the cap the
 * header is ignored and the whole file is sent, which every client handles.
 */
export const MAX_RANGES = 32;

const FULL: RangeRequest = Object.freeze({ kind: 'full' });
const UNSATISFIABLE: RangeRequest = Object.freeze({ kind: 'unsatisfiable' });

const DIGITS = /^\d{1,16}$/;

export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return FULL;
  // "An origin server MUST ignore a Range header field that contains a range unit it does not understand."
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return FULL;
  // "A server MAY ignore the Range header field" (§14.2); a zero-length representation has no
  // byte to select, so it is simply sent whole (an empty 200).
  if (size === 0) return FULL;
  const specs = m[1]!.split(',').map((s) => s.trim());
  // The grammar allows empty list elements ("1#" with OWS); a header of nothing but commas is invalid.
  const nonEmpty = specs.filter((s) => s.length > 0);
  if (nonEmpty.length === 0 || nonEmpty.length > MAX_RANGES) return FULL;

  const ranges: ByteRange[] = [];
  for (const spec of nonEmpty) {
    const dash = spec.indexOf('-');
    if (dash < 0) return FULL; // not a range-spec: the header is malformed, so it is ignored
    const first = spec.slice(0, dash).trim();
    const last = spec.slice(dash + 1).trim();
    if (first === '') {
      // suffix-range: the last N bytes. "-0" selects nothing, so it is unsatisfiable (§14.1.3).
      if (!DIGITS.test(last)) return FULL;
      const n = Number(last);
      if (n === 0) continue;
      ranges.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return FULL;
    const start = Number(first);
    const end = last === '' ? size - 1 : Number(last);
    // "A range-spec is invalid if the last-pos value is present and less than the first-pos."
    if (end < start) continue;
    // Unsatisfiable when first-pos is at or past the end; a last-pos past the end is cut (§14.1.2).
    if (start >= size) continue;
    ranges.push({ start, end: Math.min(end, size - 1) });
  }
  // "If all of the range-sets are invalid or unsatisfiable, the server SHOULD send a 416."
  if (ranges.length === 0) return UNSATISFIABLE;
  return { kind: 'ranges', ranges: coalesce(ranges) };
}

/** Sorts ranges and merges those that overlap or touch, so no byte is sent twice. */
function coalesce(ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [{ ...sorted[0]! }];
  for (const r of sorted.slice(1)) {
    const last = out[out.length - 1]!;
    if (r.start <= last.end + 1) out[out.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else out.push({ ...r });
  }
  return out;
}
