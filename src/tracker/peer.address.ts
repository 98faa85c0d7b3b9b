import { isIPv4, isIPv6 } from 'node:net';

/** An address in the form peer tables and compact peer lists use: network-order bytes. */
export interface IpBytes {
  readonly family: 4 | 6;
  readonly ip: Uint8Array;
  /** The IP's bytes as a latin1 string, the key of per-address state (rate limits, connection ids), when already known. */
  readonly key?: string;
}

/** The latin1 key of an address. */
export const keyOf = (c: IpBytes): string => c.key ?? Buffer.from(c.ip.buffer, c.ip.byteOffset, c.ip.byteLength).toString('latin1');

/**
 * `ipBytes` with a memory: a UDP tracker hears the same few hundred thousand addresses again and
 * again, and parsing each address string cost more than answering the announce. Bounded: when
 * full it starts again empty.
 */
export function createAddressCache(max = 65_536): (text: string) => IpBytes | undefined {
  const known = new Map<string, IpBytes>();
  return (text) => {
    const hit = known.get(text);
    if (hit) return hit;
    const parsed = ipBytes(text);
    if (!parsed) return undefined;
    const withKey: IpBytes = Object.freeze({ ...parsed, key: Buffer.from(parsed.ip).toString('latin1') });
    if (known.size >= max) known.clear();
    known.set(text, withKey);
    return withKey;
  };
}

/**
 * The bytes of an IP address as Node reports it on a socket. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.1`, what a dual-stack socket reports for IPv4 clients) is IPv4: such a peer is
 * reachable at the IPv4 address and belongs in `peers`, not `peers6`. Undefined for anything else.
 */
export function ipBytes(text: string | undefined): IpBytes | undefined {
  if (text === undefined) return undefined;
  if (isIPv4(text)) return { family: 4, ip: Uint8Array.from(text.split('.'), Number) };
  if (!isIPv6(text)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped && isIPv4(mapped[1]!)) return { family: 4, ip: Uint8Array.from(mapped[1]!.split('.'), Number) };
  const zone = text.indexOf('%');
  const bare = zone < 0 ? text : text.slice(0, zone);
  const [head = '', tail = ''] = bare.includes('::') ? bare.split('::') : [bare, ''];
  const groups = (s: string): number[] => {
    if (s === '') return [];
    const parts = s.split(':');
    const last = parts.at(-1)!;
    if (last.includes('.')) {
      // An embedded IPv4 tail, as in 64:ff9b::192.0.2.1.
      const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
      parts.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    }
    return parts.map((p) => parseInt(p, 16));
  };
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const ip = new Uint8Array(16);
  all.forEach((g, i) => {
    ip[i * 2] = g >> 8;
    ip[i * 2 + 1] = g & 0xff;
  });
  return { family: 6, ip };
}
