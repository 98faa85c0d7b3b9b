import { AppError } from '../errors.ts';
import type { AnnounceEvent, AnnounceRequest, PeerAddress, ScrapeRequest } from './announce.types.ts';

/** An HTTP announce: the core's request plus how the client wants its peers written. */
export interface HttpAnnounce extends AnnounceRequest {
  /** BEP 23: compact peer strings (the default), or BEP 3's list of dictionaries when `compact=0`. */
  readonly compact: boolean;
}

export interface AnnounceLimits {
  readonly defaultNumwant: number;
  readonly maxNumwant: number;
}

/** Scrapes name at most this many torrents: BEP 48 sets no limit, a URL of 100 is 6 KB. */
export const MAX_SCRAPE_HASHES = 100;

const bad = (code: string, message: string) => new AppError('invalid', code, message);

/** A passkey as it appears in announce URLs (`/announce/<passkey>`): 32 hex digits. */
export const PASSKEY_PATTERN = /^[0-9a-f]{32}$/;

/**
 * Splits a raw query string into keys and byte values. Parsed by hand because `info_hash` and
 * `peer_id` are 20 raw bytes, percent-encoded: URLSearchParams decodes them as UTF-8 and
 * replaces invalid sequences, losing bytes. A `%` not followed by two hex digits is an error,
 * never guessed at.
 */
export function parseQueryBytes(query: string): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  if (query.length === 0) return out;
  for (const part of query.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = percentDecode(eq < 0 ? '' : part.slice(eq + 1), key);
    const name = percentDecode(key, key).toString('latin1');
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

function percentDecode(text: string, key: string): Buffer {
  if (text.indexOf('%') < 0 && text.indexOf('+') < 0) return Buffer.from(text, 'latin1');
  const bytes = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) throw bad('malformed_query', `"${key}" has a "%" not followed by two hex digits.`);
      bytes[n++] = (hi << 4) | lo;
      i += 2;
    } else if (c === 0x2b) bytes[n++] = 0x20; // application/x-www-form-urlencoded: "+" is a space
    else if (c > 0xff) throw bad('malformed_query', `"${key}" holds a character that is not URL-encoded.`);
    else bytes[n++] = c;
  }
  return bytes.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The one value of a key; repeated keys are refused rather than guessed between. */
function single(q: Map<string, Buffer[]>, key: string): Buffer | undefined {
  const values = q.get(key);
  if (!values) return undefined;
  if (values.length > 1) throw bad('repeated_key', `"${key}" is given ${values.length} times.`);
  return values[0];
}

/** A decimal integer of at most 20 digits (uploaded and downloaded are 64-bit); precision beyond 2^53 does not matter here. */
function integer(q: Map<string, Buffer[]>, key: string, required: boolean): number | undefined {
  const v = single(q, key);
  if (v === undefined) {
    if (required) throw bad('missing_key', `"${key}" is missing.`);
    return undefined;
  }
  const text = v.toString('latin1');
  if (!/^\d{1,20}$/.test(text)) throw bad('invalid_number', `"${key}" must be a whole number, not "${text.slice(0, 40)}".`);
  return Number(text);
}

function twentyBytes(v: Buffer | undefined, key: string): Buffer {
  if (v === undefined) throw bad('missing_key', `"${key}" is missing.`);
  if (v.length !== 20) throw bad(`invalid_${key}`, `"${key}" must be 20 bytes, not ${v.length}.`);
  return v;
}

const EVENTS: Record<string, AnnounceEvent> = { '': 'none', empty: 'none', started: 'started', completed: 'completed', stopped: 'stopped', paused: 'none' };

/**
 * BEP 3 announce parameters, read from the raw query string. The peer's address comes from the
 * connection (or a trusted proxy's header), never from the `ip` parameter, so nobody can announce
 * somebody else into a swarm.
 */
export function parseAnnounce(query: string, from: { family: 4 | 6; ip: Uint8Array }, limits: AnnounceLimits, passkey?: string): HttpAnnounce {
  const q = parseQueryBytes(query);
  const infoHash = twentyBytes(single(q, 'info_hash'), 'info_hash');
  twentyBytes(single(q, 'peer_id'), 'peer_id');
  const port = integer(q, 'port', true)!;
  if (port < 1 || port > 65535) throw bad('invalid_port', `"port" must be from 1 to 65535, not ${port}.`);
  integer(q, 'uploaded', false);
  integer(q, 'downloaded', false);
  const left = integer(q, 'left', true)!;
  const eventText = single(q, 'event')?.toString('latin1') ?? '';
  const event = EVENTS[eventText];
  if (event === undefined) throw bad('invalid_event', `"event" must be started, completed or stopped, not "${eventText.slice(0, 40)}".`);
  const numwant = Math.min(integer(q, 'numwant', false) ?? limits.defaultNumwant, limits.maxNumwant);
  const compactText = single(q, 'compact')?.toString('latin1');
  if (compactText !== undefined && compactText !== '0' && compactText !== '1') throw bad('invalid_compact', '"compact" must be 0 or 1.');
  const peer: PeerAddress = { family: from.family, ip: from.ip, port };
  return { infoHash, peer, event, left, numwant, bothFamilies: true, compact: compactText !== '0', ...(passkey === undefined ? {} : { passkey }) };
}

/** BEP 48 scrape: one or more `info_hash` keys. */
export function parseScrape(query: string, passkey?: string): ScrapeRequest {
  const q = parseQueryBytes(query);
  const hashes = q.get('info_hash') ?? [];
  if (hashes.length === 0) throw bad('missing_key', 'A scrape must name at least one "info_hash"; Kinora does not list every torrent.');
  if (hashes.length > MAX_SCRAPE_HASHES) throw bad('too_many_hashes', `A scrape may name at most ${MAX_SCRAPE_HASHES} torrents.`);
  return { infoHashes: hashes.map((h) => twentyBytes(h, 'info_hash')), ...(passkey === undefined ? {} : { passkey }) };
}
