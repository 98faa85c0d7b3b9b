import { invalid } from '../errors.ts';

/** What a magnet URI says about a torrent. */
export interface Magnet {
  readonly infohashV1: string | null;
  readonly infohashV2: string | null;
  readonly name: string | null;
  readonly totalBytes: number | null;
  readonly trackers: readonly string[];
  readonly webSeeds: readonly string[];
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Decodes RFC 4648 base32 (the 32-character form of a BEP 9 btih) to hex. */
function base32ToHex(text: string): string | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.toLowerCase()) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return undefined;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out).toString('hex');
}

const magnetError = (message: string) => invalid('invalid_magnet', `Invalid magnet link: ${message}.`);

/** Parses a magnet URI with a v1 (`urn:btih`, hex or base32) and/or v2 (`urn:btmh`) exact topic. */
export function parseMagnet(uri: string): Magnet {
  if (!/^magnet:\?/i.test(uri)) throw magnetError('it must start with "magnet:?"');
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(uri.slice(uri.indexOf('?') + 1));
  } catch {
    throw magnetError('its parameters cannot be read');
  }
  let v1: string | null = null;
  let v2: string | null = null;
  for (const xt of params.getAll('xt')) {
    const btih = /^urn:btih:(.+)$/i.exec(xt)?.[1];
    const btmh = /^urn:btmh:(.+)$/i.exec(xt)?.[1];
    if (btih !== undefined) {
      if (/^[0-9a-f]{40}$/i.test(btih)) v1 = btih.toLowerCase();
      else if (/^[a-z2-7]{32}$/i.test(btih)) v1 = base32ToHex(btih)!;
      else throw magnetError(`"${btih.slice(0, 80)}" is not a v1 infohash (40 hex digits or 32 base32 characters)`);
    } else if (btmh !== undefined) {
      if (!/^1220[0-9a-f]{64}$/i.test(btmh)) throw magnetError(`"${btmh.slice(0, 80)}" is not a SHA-256 multihash (1220 and 64 hex digits)`);
      v2 = btmh.slice(4).toLowerCase();
    }
  }
  if (!v1 && !v2) throw magnetError('it has no urn:btih or urn:btmh exact topic (xt)');
  const xl = params.get('xl');
  return {
    infohashV1: v1,
    infohashV2: v2,
    name: params.get('dn'),
    totalBytes: xl !== null && /^\d{1,15}$/.test(xl) ? Number(xl) : null,
    trackers: params.getAll('tr'),
    webSeeds: params.getAll('ws'),
  };
}
