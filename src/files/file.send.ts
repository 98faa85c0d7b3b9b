import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ByteRange, parseRange } from './range.parse.ts';

/** Bytes to serve: a size, and a stream of any inclusive range of them. */
export interface ByteSource {
  readonly size: number;
  stream(start: number, end: number): Readable;
}

// 512 KiB reads: measured on loopback, larger chunks gain nothing and smaller ones cost syscalls.
const CHUNK = 512 * 1024;

export function fileSource(path: string, size: number): ByteSource {
  return { size, stream: (start, end) => createReadStream(path, { start, end, highWaterMark: CHUNK }) };
}

const ZEROS = Buffer.alloc(64 * 1024);

/** `size` zero bytes (BEP 47 padding files), without allocating them. */
export function zeroSource(size: number): ByteSource {
  return {
    size,
    stream: (start, end) =>
      Readable.from((function* () {
        for (let left = end - start + 1; left > 0; left -= ZEROS.length) yield left >= ZEROS.length ? ZEROS : ZEROS.subarray(0, left);
      })(), { objectMode: false }),
  };
}

export interface SendOptions {
  readonly source: ByteSource;
  readonly contentType: string;
  /** A strong entity tag, quoted: `"abc"`. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly cacheControl?: string;
}

/** Splits an If-Match / If-None-Match list into tags; `*` stays as is. */
const tagsOf = (header: string): string[] => header.split(',').map((t) => t.trim()).filter(Boolean);
const weakless = (tag: string) => tag.replace(/^W\//, '');
const parseDate = (text: string | undefined): number | undefined => {
  if (!text) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
};

/**
 * Answers a GET or HEAD for `source` with the semantics of RFC 9110: validators, conditional
 * requests evaluated in the order of §13.2.2, and byte ranges (§14) — one part as a 206, several
 * as `multipart/byteranges`, none satisfiable as a 416. The body streams from the source, never
 * held whole in memory; a client that goes away stops the read.
 */
export async function sendBytes(req: FastifyRequest, reply: FastifyReply, o: SendOptions): Promise<void> {
  const size = o.source.size;
  const lastModifiedSec = Math.floor(o.lastModified.getTime() / 1000) * 1000;
  const base: OutgoingHttpHeaders = {
    'accept-ranges': 'bytes',
    etag: o.etag,
    'last-modified': new Date(lastModifiedSec).toUTCString(),
    ...(o.cacheControl ? { 'cache-control': o.cacheControl } : {}),
  };
  const h = req.headers;
  const isGetOrHead = req.method === 'GET' || req.method === 'HEAD';

  // §13.2.2 step 1: If-Match (strong comparison), else step 2: If-Unmodified-Since.
  if (h['if-match'] !== undefined) {
    const tags = tagsOf(h['if-match']);
    if (!tags.includes('*') && !tags.some((t) => !t.startsWith('W/') && t === o.etag)) return end(reply, 412, base);
  } else {
    const since = parseDate(h['if-unmodified-since']);
    if (since !== undefined && lastModifiedSec > since) return end(reply, 412, base);
  }
  // Step 3: If-None-Match (weak comparison), else step 4: If-Modified-Since (GET and HEAD only).
  if (h['if-none-match'] !== undefined) {
    const tags = tagsOf(h['if-none-match']);
    if (tags.includes('*') || tags.some((t) => weakless(t) === o.etag)) return end(reply, isGetOrHead ? 304 : 412, base);
  } else if (isGetOrHead) {
    const since = parseDate(h['if-modified-since']);
    if (since !== undefined && lastModifiedSec <= since) return end(reply, 304, base);
  }

  // Step 5: Range, for GET only (§14.2: "GET is the only method for which range handling is
  // defined"), and only when If-Range, if sent, still matches the representation (§13.1.5).
  let range = req.method === 'GET' ? parseRange(h.range, size) : ({ kind: 'full' } as const);
  const ifRange = typeof h['if-range'] === 'string' ? h['if-range'].trim() : undefined;
  if (range.kind !== 'full' && ifRange !== undefined) {
    const matches = ifRange.startsWith('"') || ifRange.startsWith('W/')
      ? ifRange === o.etag // a strong comparison: a weak tag never matches
      : parseDate(ifRange) === lastModifiedSec;
    if (!matches) range = { kind: 'full' };
  }

  const headers: OutgoingHttpHeaders = { ...base };
  if (range.kind === 'unsatisfiable') {
    return end(reply, 416, { ...headers, 'content-range': `bytes */${size}` });
  }
  if (range.kind === 'full') {
    return stream(req, reply, 200, { ...headers, 'content-type': o.contentType, 'content-length': size }, () => (size > 0 ? o.source.stream(0, size - 1) : Readable.from([])));
  }
  const ranges = range.ranges;
  if (ranges.length === 1) {
    const { start, end: last } = ranges[0]!;
    return stream(req, reply, 206, { ...headers, 'content-type': o.contentType, 'content-range': `bytes ${start}-${last}/${size}`, 'content-length': last - start + 1 }, () => o.source.stream(start, last));
  }
  const boundary = randomBytes(12).toString('hex');
  const parts = ranges.map((r) => ({ r, head: Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${o.contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`) }));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = parts.reduce((n, p) => n + p.head.length + p.r.end - p.r.start + 1, tail.length);
  return stream(req, reply, 206, { ...headers, 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': length }, () => Readable.from(multipart(o.source, parts, tail)));
}

async function* multipart(source: ByteSource, parts: readonly { r: ByteRange; head: Buffer }[], tail: Buffer): AsyncGenerator<Buffer> {
  for (const { r, head } of parts) {
    yield head;
    for await (const chunk of source.stream(r.start, r.end)) yield chunk as Buffer;
  }
  yield tail;
}

/** A response without a body (304, 412, 416). */
function end(reply: FastifyReply, status: number, headers: OutgoingHttpHeaders): void {
  reply.hijack();
  const res = reply.raw;
  // A 304 repeats the validators and caching headers but carries no body or length (§15.4.5).
  res.writeHead(status, status === 304 ? headers : { ...headers, 'content-length': 0 });
  res.end();
}

/**
 * Writes the head and pipes the body to the socket directly: Fastify's reply pipeline adds
 * nothing a byte range needs, and the raw pipe is what keeps pace with nginx (bench/webseed).
 */
async function stream(req: FastifyRequest, reply: FastifyReply, status: number, headers: OutgoingHttpHeaders, body: () => Readable): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(body(), res);
  } catch (err) {
    // A client that disconnects mid-body is normal for range readers; anything else is logged.
    if (!res.destroyed && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') req.log.warn({ err }, 'sending a file failed');
    res.destroy();
  }
}
