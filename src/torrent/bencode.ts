import { AppError } from '../errors.ts';

/**
 * Bencode (BEP 3), written here rather than taken from the `bencode` npm package because a
 * metainfo parser needs what that package does not give: rejection of every non-canonical form
 * (leading zeros, `-0`, unsorted or duplicate keys) so that one torrent has exactly one encoding,
 * depth and size limits against hostile input, and the byte span of the `info` value so the
 * infohash is computed from the exact bytes received, never from a re-encoding.
 */

/**
 * A decoded value: byte strings stay bytes. Dictionary keys are "binary" strings (one char per
 * byte, latin1), because some keys are not text (BEP 52 `piece layers` is keyed by raw hashes);
 * `keyText` reads one as UTF-8.
 */
export type BValue = number | Buffer | BValue[] | BDict;
export type BDict = Map<string, BValue>;

/** Bytes that are already bencoded (such as a stored `info` dictionary), written out unchanged. */
export class RawBencode {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/** What the encoder accepts: decoded values plus JS strings (UTF-8), plain objects, raw bytes. */
export type Encodable = number | string | Uint8Array | RawBencode | readonly Encodable[] | ReadonlyMap<string, Encodable> | { readonly [key: string]: Encodable | undefined };

export interface DecodeLimits {
  /** Largest input accepted, in bytes. */
  readonly maxBytes?: number;
  /** Deepest nesting of lists and dictionaries accepted. */
  readonly maxDepth?: number;
}

/** A decoded document and, for a top-level dictionary, where each of its values lies in the input. */
export interface Decoded {
  readonly value: BValue;
  readonly spans: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
}

export const DEFAULT_LIMITS = Object.freeze({ maxBytes: 64 * 1024 * 1024, maxDepth: 64 });

const bencodeError = (offset: number, message: string): AppError =>
  new AppError('invalid', 'invalid_bencode', `Invalid bencode at byte ${offset}: ${message}.`, [{ path: `byte ${offset}`, message }]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A dictionary key (or any byte string) as UTF-8 text, or undefined when it is not valid UTF-8. */
export function keyText(key: string | Uint8Array): string | undefined {
  try {
    return utf8.decode(typeof key === 'string' ? Buffer.from(key, 'latin1') : key);
  } catch {
    return undefined;
  }
}

/** The binary-string key for a UTF-8 text, to build a `Map` that `encode` writes byte for byte. */
export const binaryKey = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const E = 0x65; // 'e'
const COLON = 0x3a;

/** Decodes one complete bencoded value; anything else (trailing bytes, any non-canonical form) is an error. */
export function decode(input: Uint8Array, limits: DecodeLimits = {}): BValue {
  return decodeDocument(input, limits).value;
}

/** Like `decode`, also returning the byte span of each value of a top-level dictionary. */
export function decodeDocument(input: Uint8Array, limits: DecodeLimits = {}): Decoded {
  const maxBytes = limits.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const maxDepth = limits.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (buf.length > maxBytes) throw bencodeError(0, `the input is ${buf.length} bytes, more than the ${maxBytes} allowed`);
  if (buf.length === 0) throw bencodeError(0, 'the input is empty');
  const spans = new Map<string, { start: number; end: number }>();
  let pos = 0;

  // Reads the digits of a length or integer up to `terminator`, canonical form only.
  const readNumber = (terminator: number, allowNegative: boolean): number => {
    const start = pos;
    let negative = false;
    if (allowNegative && buf[pos] === 0x2d) {
      negative = true;
      pos++;
    }
    const digitsStart = pos;
    let value = 0;
    while (pos < buf.length && buf[pos] !== terminator) {
      const c = buf[pos]!;
      if (c < 0x30 || c > 0x39) throw bencodeError(pos, `expected a digit, found ${describeByte(c)}`);
      value = value * 10 + (c - 0x30);
      if (value > Number.MAX_SAFE_INTEGER) throw bencodeError(start, 'the number is too large');
      pos++;
    }
    if (pos >= buf.length) throw bencodeError(start, 'the input ends inside a number');
    const digits = pos - digitsStart;
    if (digits === 0) throw bencodeError(start, 'a number has no digits');
    if (digits > 1 && buf[digitsStart] === 0x30) throw bencodeError(start, 'a number has a leading zero');
    if (negative && value === 0) throw bencodeError(start, '"-0" is not a canonical integer');
    pos++; // the terminator
    return negative ? -value : value;
  };

  const readString = (): Buffer => {
    const start = pos;
    const length = readNumber(COLON, false);
    if (length > buf.length - pos) throw bencodeError(start, `a string of ${length} bytes runs past the end of the input`);
    const bytes = buf.subarray(pos, pos + length);
    pos += length;
    return bytes;
  };

  const readValue = (depth: number): BValue => {
    if (pos >= buf.length) throw bencodeError(pos, 'the input ends where a value was expected');
    const c = buf[pos]!;
    if (c === 0x69 /* i */) {
      pos++;
      return readNumber(E, true);
    }
    if (c >= 0x30 && c <= 0x39) return readString();
    if (c === 0x6c /* l */ || c === 0x64 /* d */) {
      if (depth >= maxDepth) throw bencodeError(pos, `nesting deeper than ${maxDepth} levels`);
      pos++;
      if (c === 0x6c) {
        const list: BValue[] = [];
        while (pos < buf.length && buf[pos] !== E) list.push(readValue(depth + 1));
        if (pos >= buf.length) throw bencodeError(pos, 'the input ends inside a list');
        pos++;
        return list;
      }
      const dict: BDict = new Map();
      let previousKey: Buffer | undefined;
      while (pos < buf.length && buf[pos] !== E) {
        const keyAt = pos;
        const k = buf[pos]!;
        if (k < 0x30 || k > 0x39) throw bencodeError(pos, `a dictionary key must be a string, found ${describeByte(k)}`);
        const keyBytes = readString();
        if (previousKey) {
          const order = Buffer.compare(previousKey, keyBytes);
          if (order === 0) throw bencodeError(keyAt, `the key "${printable(keyBytes)}" appears twice`);
          if (order > 0) throw bencodeError(keyAt, `the key "${printable(keyBytes)}" is out of order (keys must be sorted)`);
        }
        previousKey = keyBytes;
        const key = keyBytes.toString('latin1');
        const valueAt = pos;
        dict.set(key, readValue(depth + 1));
        if (depth === 0) spans.set(key, { start: valueAt, end: pos });
      }
      if (pos >= buf.length) throw bencodeError(pos, 'the input ends inside a dictionary');
      pos++;
      return dict;
    }
    throw bencodeError(pos, `unexpected ${describeByte(c)}`);
  };

  const value = readValue(0);
  if (pos !== buf.length) throw bencodeError(pos, `${buf.length - pos} bytes follow the end of the value`);
  return { value, spans };
}

/**
 * Encodes a value canonically: keys sorted by their bytes, integers in shortest form. Keys of a
 * `Map` are binary strings (as `decode` returns them); keys of a plain object are UTF-8 text.
 */
export function encode(value: Encodable): Buffer {
  const parts: Uint8Array[] = [];
  write(value, parts, 0);
  return Buffer.concat(parts);
}

function write(value: Encodable, out: Uint8Array[], depth: number): void {
  if (depth > DEFAULT_LIMITS.maxDepth) throw new RangeError('bencode: value nested too deeply');
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`bencode: ${value} is not a safe integer`);
    out.push(Buffer.from(`i${value}e`, 'latin1'));
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(Buffer.from(`${bytes.length}:`, 'latin1'), bytes);
  } else if (value instanceof RawBencode) {
    out.push(value.bytes);
  } else if (value instanceof Uint8Array) {
    out.push(Buffer.from(`${value.length}:`, 'latin1'), value);
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('l', 'latin1'));
    for (const item of value as readonly Encodable[]) write(item, out, depth + 1);
    out.push(Buffer.from('e', 'latin1'));
  } else {
    const keyed = (value instanceof Map
      ? [...(value as ReadonlyMap<string, Encodable>)].map(([k, v]) => [Buffer.from(k, 'latin1'), v] as const)
      : Object.entries(value as Record<string, Encodable | undefined>)
          .filter((e): e is [string, Encodable] => e[1] !== undefined)
          .map(([k, v]) => [Buffer.from(k, 'utf8'), v] as const)
    ).sort((a, b) => Buffer.compare(a[0], b[0]));
    for (let i = 1; i < keyed.length; i++) if (Buffer.compare(keyed[i - 1]![0], keyed[i]![0]) === 0) throw new RangeError('bencode: duplicate dictionary key');
    out.push(Buffer.from('d', 'latin1'));
    for (const [k, v] of keyed) {
      out.push(Buffer.from(`${k.length}:`, 'latin1'), k);
      write(v, out, depth + 1);
    }
    out.push(Buffer.from('e', 'latin1'));
  }
}

const describeByte = (c: number): string => (c >= 0x20 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`);
const printable = (b: Buffer): string => b.toString('latin1').replace(/[^\x20-\x7e]/g, '?').slice(0, 60);

/** Narrowing helpers for parsers built on decoded values. */
export const isDict = (v: BValue | undefined): v is BDict => v instanceof Map;
export const isBytes = (v: BValue | undefined): v is Buffer => Buffer.isBuffer(v);
export const isList = (v: BValue | undefined): v is BValue[] => Array.isArray(v);
export const isInt = (v: BValue | undefined): v is number => typeof v === 'number';
