/** The `Range` request header (RFC 9110 §14.1, §14.2), resolved against a representation's size. */

/** An inclusive byte range, always within [0, size). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export type RangeRequest =
  /** Send the whole representation: no header, or one that must or may be ignored. */
  | { readonly kind: 'full' }
  /** Send these parts, in the order the client asked, overlapping and touching ones merged. */
  | { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] }
  /** Answer 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

/**
 * Most range-specs one header may hold; past it the header is ignored and the whole file sent.
 * From the spec (§14.2): "A server that supports range requests MAY ignore or reject a Range header
 * field that contains an invalid ranges-specifier, a ranges-specifier with more than two
 * overlapping ranges, or a set of many small ranges that are not listed in ascending order, since
 * these are indications of either a broken client or a deliberate denial-of-service attack". Below
 * the cap overlapping ranges are coalesced (§17.15: "Servers ought to ignore, coalesce, or reject
 * egregious range requests"), so no byte is sent twice and a 206 is never bigger than the file
 * plus 32 part headers.
 */
export const MAX_RANGES = 32;

const FULL: RangeRequest = Object.freeze({ kind: 'full' });
const UNSATISFIABLE: RangeRequest = Object.freeze({ kind: 'unsatisfiable' });

/** `int-range = first-pos "-" [ last-pos ]`, `suffix-range = "-" suffix-length`, all `1*DIGIT` (§14.1.2). */
const RANGE_SPEC = /^(\d*)-(\d*)$/;
/** OWS is spaces and tabs only (§5.6.3); nothing else is trimmed. */
const OWS_EDGES = /^[ \t]+|[ \t]+$/g;

/**
 * Reads `Range` for a representation of `size` bytes (a safe integer ≥ 0). Never throws on any
 * header value; the ranges it returns are non-empty, disjoint, and within [0, size).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`parseRange: size must be a safe integer ≥ 0, got ${size}`);
  if (header === undefined) return FULL;
  // A field value carries no leading or trailing whitespace (§5.5); the grammar allows none around "=".
  const value = header.replace(OWS_EDGES, '');
  const eq = value.indexOf('=');
  // "An origin server MUST ignore a Range header field that contains a range unit it does not
  // understand." Range units are case-insensitive (§14.1). A value without "=" is no
  // ranges-specifier at all, and is ignored as invalid (below).
  if (eq < 0 || value.slice(0, eq).toLowerCase() !== 'bytes') return FULL;
  // "A server that supports range requests MAY ignore a Range header field when the selected
  // representation has no content" (§14.2): Content-Range cannot describe an empty part, so an
  // empty file is always sent whole, as an empty 200.
  if (size === 0) return FULL;

  // range-set = 1#range-spec; a recipient "MUST parse and ignore a reasonable number of empty list
  // elements" (§5.6.1.2). Node caps a request head at 16 KiB, which bounds the split.
  const specs = value.slice(eq + 1).split(',').map((s) => s.replace(OWS_EDGES, '')).filter((s) => s !== '');
  // An invalid ranges-specifier MAY be ignored or rejected (§14.2). RFC 9110 sends 416 only for a
  // *valid* one that is unsatisfiable ("the received Range field-value contains a valid
  // ranges-specifier, and ... the ranges-specifier is unsatisfiable"), so invalid ones are ignored,
  // as are sets longer than MAX_RANGES.
  if (specs.length === 0 || specs.length > MAX_RANGES) return FULL;

  const satisfiable: ByteRange[] = [];
  for (const spec of specs) {
    const m = RANGE_SPEC.exec(spec);
    // Anything else is `other-range`, which "Byte ranges do not use" (§14.1.2): invalid, and "A
    // ranges-specifier is invalid if it contains any range-spec that is invalid" (§14.1.1).
    if (!m) return FULL;
    const first = m[1]!;
    const last = m[2]!;
    if (first === '') {
      if (last === '') return FULL; // a lone "-"
      // "If the selected representation is shorter than the specified suffix-length, the entire
      // representation is used." A suffix-length of 0 is valid but selects nothing (§14.1.2).
      const length = position(last);
      if (length > 0) satisfiable.push({ start: length >= size ? 0 : size - length, end: size - 1 });
      continue;
    }
    // "An int-range is invalid if the last-pos value is present and less than the first-pos."
    // Compared as numerals, so two positions past 2^53 are still told apart.
    if (last !== '' && compareNumerals(last, first) < 0) return FULL;
    const start = position(first);
    // "An int-range is satisfiable if the first-pos is less than the current length of the
    // selected representation"; a last-pos at or past the end means "the remainder".
    if (start >= size) continue;
    satisfiable.push({ start, end: last === '' ? size - 1 : Math.min(position(last), size - 1) });
  }
  // The set is valid here: "the ranges-specifier is unsatisfiable" only when no spec selects a byte.
  if (satisfiable.length === 0) return UNSATISFIABLE;
  return { kind: 'ranges', ranges: coalesce(satisfiable) };
}

/**
 * A position's value, or Infinity past Number.MAX_SAFE_INTEGER (no representation is that big):
 * "recipients MUST anticipate potentially large decimal numerals and prevent parsing errors due to
 * integer conversion overflows" (§14.1.2). Leading zeros are allowed by `1*DIGIT` and mean nothing.
 */
function position(digits: string): number {
  const significant = digits.replace(/^0+/, '');
  if (significant.length > 16) return Infinity;
  const n = Number(significant || '0');
  return Number.isSafeInteger(n) ? n : Infinity;
}

/** Compares two decimal numerals of any length. */
function compareNumerals(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Merges ranges that overlap or touch, keeping the order of request: §15.3.7.2 lets a server
 * "coalesce any of the ranges that overlap", and says it "SHOULD send the parts in the same order
 * that the corresponding range-spec appeared ..., excluding those ranges that were deemed
 * unsatisfiable or that were coalesced into other ranges". A merged range takes the place of the
 * earliest range-spec it contains.
 */
function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  if (ranges.length === 1) return [ranges[0]!];
  const byStart = ranges.map((r, order) => ({ ...r, order })).sort((a, b) => a.start - b.start || a.order - b.order);
  const merged: { start: number; end: number; order: number }[] = [];
  for (const r of byStart) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1) {
      last.end = Math.max(last.end, r.end);
      last.order = Math.min(last.order, r.order);
    } else merged.push({ ...r });
  }
  return merged.sort((a, b) => a.order - b.order).map(({ start, end }) => ({ start, end }));
}
