import { randomBytes } from 'node:crypto';
import { close, createReadStream, open, read } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ByteRange, type RangeRequest, parseRange } from './range.parse.ts';

/** Bytes to serve: how many there are, and a stream of any inclusive range of them. */
export interface ByteSource {
  readonly size: number;
  /** Bytes [start, end] inclusive (0 ≤ start ≤ end < size): exactly that many, or an error. */
  stream(start: number, end: number): Readable;
}

/**
 * Bytes read from disk per chunk. Measured on loopback against nginx (see the report in
 * file.send.test.ts): 64 KiB costs about a third of the throughput in syscalls and stream
 * bookkeeping; from 256 KiB on nginx's speed is reached and more buys nothing but memory per client.
 */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** fs for createReadStream that turns an early end of file into an error, not a short body. */
const EXACT_FS = {
  open,
  close,
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number | null, callback: (err: Error | null, bytesRead: number, buffer: Buffer) => void): void {
    read(fd, buffer, offset, length, position, (err, bytesRead, buf) =>
      callback(err ?? (bytesRead === 0 && length > 0 ? new Error(`a file being served ended at byte ${position}, before its registered size`) : null), bytesRead, buf));
  },
};

/**
 * A file on disk of `size` bytes. Each range opens its own descriptor, closed when the stream ends
 * or is destroyed; a file shorter than `size` fails the stream rather than ending it early, so a
 * client never takes a truncated body for a whole one.
 */
export function fileSource(path: string, size: number, chunkBytes: number = FILE_CHUNK_BYTES): ByteSource {
  return { size, stream: (start, end) => createReadStream(path, { start, end, highWaterMark: chunkBytes, fs: EXACT_FS }) };
}

/** Shared and never written to, so one block serves every padding file. */
const ZEROS = Buffer.alloc(256 * 1024);

/** `size` zero bytes (BEP 47 padding files), streamed from one shared block instead of allocated. */
export function zeroSource(size: number): ByteSource {
  return {
    size,
    stream(start, end) {
      let left = end - start + 1;
      return new Readable({
        highWaterMark: ZEROS.length,
        read() {
          if (left <= 0) return void this.push(null);
          const n = Math.min(left, ZEROS.length);
          left -= n;
          this.push(n === ZEROS.length ? ZEROS : ZEROS.subarray(0, n));
        },
      });
    },
  };
}

export interface SendOptions {
  readonly source: ByteSource;
  /** The representation's media type, sent on 200 and 206 and in each part of a multipart 206. */
  readonly contentType: string;
  /** A strong entity tag, quoted (`"abc"`), that changes whenever the bytes do (§8.8.3). */
  readonly etag: string;
  /**
   * When the bytes last changed. It must not change twice within one second, since If-Range
   * trusts it as a strong validator (§8.8.2.2); content-addressed files never change at all.
   */
  readonly lastModified: Date;
  /** Sent on 200, 206 and 304; not on 412 or 416, which no cache ought to keep for a year. */
  readonly cacheControl?: string;
}

/**
 * Answers a GET or HEAD for `source` as RFC 9110 says: validators, conditional requests in the
 * order of §13.2.2, and byte ranges (§14): one part as a 206, several as `multipart/byteranges`,
 * none satisfiable as a 416. The body is streamed through `reply.send`, never held whole in memory;
 * Fastify destroys the stream, and so closes the file, when the client goes away.
 */
export function sendBytes(request: FastifyRequest, reply: FastifyReply, options: SendOptions): FastifyReply {
  const { source, etag, contentType, cacheControl } = options;
  if (!STRONG_ETAG.test(etag)) throw new TypeError(`sendBytes: etag must be a strong, quoted entity tag, got ${etag}`);
  const size = source.size;
  // HTTP-dates count whole seconds (§5.6.7), so the validator is kept and compared at that resolution.
  const lastModified = Math.floor(options.lastModified.getTime() / 1000) * 1000;
  const validators = { etag, 'last-modified': new Date(lastModified).toUTCString() };
  const caching = cacheControl === undefined ? {} : { 'cache-control': cacheControl };

  const decision = evaluatePreconditions(request.method, request.headers, { etag, lastModified }, Date.now());
  // §15.4.5: a 304 repeats what a 200 would have had of ETag and Cache-Control; no content.
  if (decision.status === 304) return reply.code(304).headers({ ...validators, ...caching }).send();
  if (decision.status === 412) return reply.code(412).headers(validators).send();

  const represented = { 'accept-ranges': 'bytes', ...validators, ...caching };
  const range: RangeRequest = decision.honourRange ? parseRange(request.headers.range, size) : { kind: 'full' };
  const withBody = request.method !== 'HEAD';
  if (range.kind === 'unsatisfiable') {
    // §15.5.17: "SHOULD generate a Content-Range header field specifying the current length".
    return reply.code(416).headers({ 'accept-ranges': 'bytes', ...validators, 'content-range': `bytes */${size}` }).send();
  }
  if (range.kind === 'full') {
    reply.code(200);
    return sendBody(reply, { ...represented, 'content-type': contentType, 'content-length': size }, withBody && size > 0 ? () => source.stream(0, size - 1) : undefined);
  }
  reply.code(206);
  const [only, ...others] = range.ranges;
  if (only && others.length === 0) {
    // §15.3.7.1: a single part is sent as the content, described by Content-Range.
    const headers = { ...represented, 'content-type': contentType, 'content-range': `bytes ${only.start}-${only.end}/${size}`, 'content-length': only.end - only.start + 1 };
    return sendBody(reply, headers, withBody ? () => source.stream(only.start, only.end) : undefined);
  }
  const body = multipart(source, range.ranges, contentType);
  return sendBody(reply, { ...represented, 'content-type': body.type, 'content-length': body.length }, withBody ? body.stream : undefined);
}

/**
 * Sends the head, and the body if any. An error before the first byte (the file is gone since the
 * route found it) reaches Fastify's error handler, which must not answer it with this
 * representation's validators, length and year-long caching: those headers are withdrawn first.
 */
function sendBody(reply: FastifyReply, headers: Record<string, string | number>, body: (() => Readable) | undefined): FastifyReply {
  reply.headers(headers);
  if (!body) return reply.send();
  const stream = body();
  stream.on('error', () => {
    if (reply.raw.headersSent) return; // Fastify logs it and destroys the response
    for (const name of Object.keys(headers)) {
      reply.removeHeader(name);
      reply.raw.removeHeader(name);
    }
  });
  return reply.send(stream);
}

/**
 * A `multipart/byteranges` body (§14.6) with an exact length known before the first byte. Each
 * part carries Content-Type and Content-Range (§15.3.7.2); the boundary is random, so no file can
 * contain it by design.
 */
function multipart(source: ByteSource, ranges: readonly ByteRange[], contentType: string): { type: string; length: number; stream: () => Readable } {
  const boundary = randomBytes(16).toString('hex');
  const heads = ranges.map((r, i) => Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${source.size}\r\n\r\n`, 'latin1'));
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  const length = ranges.reduce((n, r, i) => n + heads[i]!.length + (r.end - r.start + 1), tail.length);
  async function* parts(): AsyncGenerator<Buffer> {
    for (const [i, r] of ranges.entries()) {
      yield heads[i]!;
      // Delegating means that destroying the body returns this generator, which destroys the part.
      yield* source.stream(r.start, r.end) as AsyncIterable<Buffer>;
    }
    yield tail;
  }
  return { type: `multipart/byteranges; boundary=${boundary}`, length, stream: () => Readable.from(parts(), { objectMode: false }) };
}

// ---- Conditional requests (RFC 9110 §13): a pure decision over the request's header fields. ----

/** `entity-tag = [ weak ] opaque-tag`, `opaque-tag = DQUOTE *etagc DQUOTE`, etagc = %x21 / %x23-7E / obs-text (§8.8.3). */
const STRONG_ETAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;

/** The representation's validators; `lastModified` in milliseconds, whole seconds. */
export interface Validators {
  readonly etag: string;
  readonly lastModified: number;
}

export type Precondition =
  | { readonly status: 304 | 412 }
  /** Go on; `honourRange` says whether a Range header is to be evaluated (§13.2.2 step 5). */
  | { readonly status: 200; readonly honourRange: boolean };

/** Evaluates the preconditions of a request in the order of §13.2.2. `now` is for two-digit years. */
export function evaluatePreconditions(method: string, headers: IncomingHttpHeaders, current: Validators, now: number): Precondition {
  const isGetOrHead = method === 'GET' || method === 'HEAD';
  const ifMatch = field(headers, 'if-match');
  if (ifMatch !== undefined) {
    // Step 1. §13.1.1: "An origin server MUST use the strong comparison function".
    if (!listMatches(ifMatch, current.etag, true)) return { status: 412 };
  } else {
    // Step 2. §13.1.4: ignored unless a valid HTTP-date; true when not modified after it.
    const since = parseHttpDate(field(headers, 'if-unmodified-since'), now);
    if (since !== undefined && current.lastModified > since) return { status: 412 };
  }
  const ifNoneMatch = field(headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    // Step 3. §13.1.2: "A recipient MUST use the weak comparison function".
    if (listMatches(ifNoneMatch, current.etag, false)) return { status: isGetOrHead ? 304 : 412 };
  } else if (isGetOrHead) {
    // Step 4. §13.1.3: only without If-None-Match, for GET and HEAD, with a valid HTTP-date.
    const since = parseHttpDate(field(headers, 'if-modified-since'), now);
    if (since !== undefined && current.lastModified <= since) return { status: 304 };
  }
  // Step 5. §14.2: "GET is the only method for which range handling is defined"; §13.1.5: "A
  // server MUST ignore an If-Range header field received in a request that does not contain a
  // Range header field".
  if (method !== 'GET' || field(headers, 'range') === undefined) return { status: 200, honourRange: false };
  const ifRange = field(headers, 'if-range');
  return { status: 200, honourRange: ifRange === undefined || ifRangeHolds(ifRange.replace(/^[ \t]+|[ \t]+$/g, ''), current, now) };
}

/**
 * §13.1.5: true if the date "exactly matches the Last-Modified field value", or the entity tag
 * matches the ETag "using the strong comparison function" (so a weak one never does).
 */
function ifRangeHolds(value: string, current: Validators, now: number): boolean {
  if (value.startsWith('"') || value.startsWith('W/')) return value === current.etag;
  return parseHttpDate(value, now) === current.lastModified;
}

/** One field's value; a repeated field is one list (§5.3), which HTTP-date fields then refuse. */
function field(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Whether `"*" / #entity-tag` matches our (strong) tag. Tags may hold commas, so the list is
 * scanned rather than split; an element that is no entity-tag matches nothing.
 */
function listMatches(list: string, etag: string, strong: boolean): boolean {
  // "*" stands for any current representation, and there is one (§13.1.1, §13.1.2).
  if (/^[ \t]*\*[ \t]*$/.test(list)) return true;
  for (let i = 0; i < list.length; ) {
    while (list[i] === ' ' || list[i] === '\t') i++;
    const weak = list.startsWith('W/', i);
    const open = weak ? i + 2 : i;
    if (list[open] === '"') {
      const close = list.indexOf('"', open + 1);
      if (close < 0) return false;
      if (list.slice(open, close + 1) === etag && !(strong && weak)) return true;
      i = close + 1;
    }
    const comma = list.indexOf(',', i);
    if (comma < 0) return false;
    i = comma + 1;
  }
  return false;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)';
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d\\d) ${TIME} (\\d{4})$`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An HTTP-date (§5.6.7) in milliseconds, or undefined if the text is not one. "A recipient that
 * parses a timestamp value in an HTTP field MUST accept all three HTTP-date formats"; they are
 * case-sensitive. Date.parse is not used: it accepts "0", "2024" and other text no client sends.
 */
export function parseHttpDate(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  let m: RegExpExecArray | null;
  let day: string, month: string, year: number, time: string[];
  if ((m = IMF_FIXDATE.exec(text))) [day, month, year, time] = [m[1]!, m[2]!, Number(m[3]), m.slice(4)];
  else if ((m = ASCTIME_DATE.exec(text))) [month, day, time, year] = [m[1]!, m[2]!, m.slice(3, 6), Number(m[6])];
  else if ((m = RFC850_DATE.exec(text))) {
    [day, month, time] = [m[1]!, m[2]!, m.slice(4)];
    // "MUST interpret a timestamp that appears to be more than 50 years in the future as
    // representing the most recent year in the past that had the same last two digits."
    const thisYear = new Date(now).getUTCFullYear();
    year = thisYear - (thisYear % 100) + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
  } else return undefined;
  const [h, min, s] = time.map(Number) as [number, number, number];
  const monthIndex = MONTHS.indexOf(month);
  const date = Number(day);
  if (h > 23 || min > 59 || s > 60) return undefined; // 60: a leap second
  const t = Date.UTC(year, monthIndex, date, h, min, s);
  // Rejects days the month does not have (31 Apr), which Date.UTC would roll over.
  return new Date(Date.UTC(year, monthIndex, date)).getUTCDate() === date ? t : undefined;
}
