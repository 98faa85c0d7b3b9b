import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FIELD_VALUE, STRONG_ETAG, evaluatePreconditions, field } from './conditional.eval.ts';
import { type ByteRange, type RangeRequest, parseRange } from './range.parse.ts';
import { alignedBuffers } from './aligned.js';

/** Bytes to serve: how many there are, and a way to read them at any position. */
export interface ByteSource {
  readonly size: number;
  /** Opens the bytes for reading; whoever opens a reader closes it. */
  open(): Promise<ByteReader>;
}

/** Positional reads from an opened source. */
export interface ByteReader {
  /** Reads `length` bytes at `position` into the start of `buffer`; resolves how many, fewer only at the end. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/** A file on disk, registered as `size` bytes; each response opens its own descriptor. */
export function fileSource(path: string, size: number): ByteSource {
  return {
    size,
    async open() {
      const handle = await open(path, 'r');
      return {
        async read(buffer, length, position) {
          // pread may return less than asked before the end of the file (signals, network file systems).
          let done = 0;
          for (let n = -1; done < length && n !== 0; done += n) n = (await handle.read(buffer, done, length - done, position + done)).bytesRead;
          return done;
        },
        close: () => handle.close(),
      };
    },
  };
}

/** `size` zero bytes (BEP 47 padding files): each read clears the caller's buffer, nothing is allocated. */
export function zeroSource(size: number): ByteSource {
  const reader: ByteReader = {
    read: async (buffer, length, position) => {
      const n = Math.max(0, Math.min(length, size - position));
      buffer.fill(0, 0, n);
      return n;
    },
    close: async () => {},
  };
  return { size, open: async () => reader };
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
  /** Sent on 200, 206 and 304; not on 412 or 416, which no cache ought to keep. */
  readonly cacheControl?: string;
}

/**
 * Answers a GET or HEAD for `source` as RFC 9110 says: validators, conditional requests in the
 * order of §13.2.2, and byte ranges (§14): one part as a 206, several as `multipart/byteranges`,
 * none satisfiable as a 416. Answers without a body go through `reply.send`; a body is written
 * straight to the socket after `reply.hijack()` (see `pump`). Resolves once the head is decided;
 * the body carries on, and a failure while sending it cuts the connection and is logged.
 */
export async function sendBytes(request: FastifyRequest, reply: FastifyReply, options: SendOptions): Promise<FastifyReply> {
  const { source, etag, contentType, cacheControl } = options;
  if (!STRONG_ETAG.test(etag)) throw new TypeError(`sendBytes: etag must be a strong, quoted entity tag, got ${etag}`);
  // It is also written into multipart part headers, where a line break would forge one.
  if (!FIELD_VALUE.test(contentType)) throw new TypeError(`sendBytes: contentType is not a valid field value: ${JSON.stringify(contentType)}`);
  const size = source.size;
  const now = Date.now();
  // HTTP-dates count whole seconds (§5.6.7), so the validator is kept and compared at that resolution.
  // §8.8.2.1: a Last-Modified later than the response's Date "MUST" be replaced by that date.
  const lastModified = Math.floor(Math.min(options.lastModified.getTime(), now) / 1000) * 1000;
  const validators = { etag, 'last-modified': new Date(lastModified).toUTCString() };
  const caching: Record<string, string> = cacheControl === undefined ? {} : { 'cache-control': cacheControl };

  const decision = evaluatePreconditions(request.method, request.headers, { etag, lastModified }, now);
  // §15.4.5: a 304 repeats what a 200 would have had of ETag and Cache-Control; no content.
  if (decision.status === 304) return reply.code(304).headers({ ...validators, ...caching }).send();
  if (decision.status === 412) return reply.code(412).headers(validators).send();

  const represented = { 'accept-ranges': 'bytes', ...validators, ...caching };
  const range: RangeRequest = decision.honourRange ? parseRange(field(request.headers, 'range'), size) : { kind: 'full' };
  if (range.kind === 'unsatisfiable') {
    // §15.5.17: "SHOULD generate a Content-Range header field specifying the current length".
    return reply.code(416).headers({ 'accept-ranges': 'bytes', ...validators, 'content-range': `bytes */${size}` }).send();
  }
  if (range.kind === 'full') {
    const headers = { ...represented, 'content-type': contentType, 'content-length': size };
    return send(request, reply, 200, headers, source, size > 0 ? [{ start: 0, end: size - 1 }] : []);
  }
  const [only, ...others] = range.ranges;
  if (only && others.length === 0) {
    // §15.3.7.1: a single part is the content, described by Content-Range.
    const headers = { ...represented, 'content-type': contentType, 'content-range': `bytes ${only.start}-${only.end}/${size}`, 'content-length': only.end - only.start + 1 };
    return send(request, reply, 206, headers, source, [only]);
  }
  const body = multipart(range.ranges, contentType, size);
  return send(request, reply, 206, { ...represented, 'content-type': body.type, 'content-length': body.length }, source, body.segments);
}

/** What a body is made of: literal bytes (multipart framing) and ranges of the source. */
type Segment = Buffer | ByteRange;

/**
 * Sends the head and, for GET, the body. The source is opened first, so a file gone since the
 * route found it is an ordinary error for Fastify's handler, not a response cut short.
 */
async function send(request: FastifyRequest, reply: FastifyReply, status: number, headers: Record<string, string | number>, source: ByteSource, segments: readonly Segment[]): Promise<FastifyReply> {
  if (request.method === 'HEAD' || segments.length === 0) return reply.code(status).headers(headers).send();
  const reader = await source.open();
  reply.hijack();
  const res = reply.raw;
  pump(res, reader, status, { ...reply.getHeaders(), ...headers }, segments)
    .catch((err: unknown) => {
      // The head is out: cutting the connection is the only way left to say the body is not whole.
      request.log.warn({ err }, 'sending a file failed');
      res.destroy();
    })
    .finally(() => reader.close())
    .catch((err: unknown) => request.log.warn({ err }, 'closing a file failed'));
  return reply;
}

/**
 * Bytes per read. Measured with curl over loopback, 1 GiB from the page cache, 2 cores, medians of
 * 15, with malloc'd buffers: 256 KiB 2.2 GB/s, 512 KiB 2.9 GB/s, 1 MiB 2.6 GB/s; fs.createReadStream
 * through reply.send 0.9–1.1 GB/s. With page-aligned buffers (BufferPool) 512 KiB reaches 4.1 GB/s
 * against nginx's 3.8 GB/s with sendfile (`npm run bench:webseed`, curl rows).
 */
const CHUNK_BYTES = 512 * 1024;
/** Buffers one response may hold: up to READ_AHEAD being filled, the rest on their way to the socket. */
const BUFFERS_PER_RESPONSE = 4;
/** Reads in flight, so the disk (a thread of libuv's pool) and the socket (this thread) work at once. */
const READ_AHEAD = 2;

/**
 * Read buffers shared by all responses, kept up to `maxIdle`. New large buffers are what makes
 * streaming slow (each is mapped, faulted in and zeroed by the kernel, then left to the GC), and a
 * web seed answers many short range requests, so reuse must outlive one response. A deliberate
 * piece of module state, like Node's own Buffer pool: it holds memory, never meaning.
 */
class BufferPool {
  readonly #idle: Buffer[] = [];
  readonly #bytes: number;
  readonly #maxIdle: number;
  constructor(bytes: number, maxIdle: number) {
    this.#bytes = bytes;
    this.#maxIdle = maxIdle;
  }
  take(): Buffer {
    // Page-aligned, in slabs of 16: reads into them cost the kernel a quarter of what reads into
    // malloc'd buffers do (see aligned.js).
    if (this.#idle.length === 0) this.#idle.push(...alignedBuffers(this.#bytes, 16));
    return this.#idle.pop()!;
  }
  /** Only once nothing else can read or write the buffer: after the socket's write callback. */
  give(buffer: Buffer): void {
    if (this.#idle.length < this.#maxIdle) this.#idle.push(buffer);
  }
}
const BUFFERS = new BufferPool(CHUNK_BYTES, 64);

interface PendingRead {
  readonly buffer: Buffer;
  readonly position: number;
  readonly length: number;
  readonly read: Promise<number>;
}

/**
 * Writes the response from pooled buffers, each given back once the socket has taken its bytes
 * (the write's callback). A stream of fresh buffers (fs.createReadStream through reply.send)
 * stays at 0.3–0.7× nginx (see CHUNK_BYTES); this keeps pace with it, and holds at most
 * BUFFERS_PER_RESPONSE × CHUNK_BYTES per client whatever the client's pace. It stops as soon as
 * the response closes (client gone), and fails if the source ends before the range does.
 */
async function pump(res: ServerResponse, reader: ByteReader, status: number, headers: Record<string, string | number | string[] | undefined>, segments: readonly Segment[]): Promise<void> {
  // The client may have gone while the source was being opened.
  if (res.destroyed) return;
  let held = 0;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const release = (buffer: Buffer) => {
    held--;
    BUFFERS.give(buffer);
    signal();
  };
  let closed = false;
  const onClose = () => {
    closed = true;
    signal();
  };
  const reads: PendingRead[] = [];
  res.once('close', onClose);
  try {
    res.writeHead(status, headers);
    for (const segment of segments) {
      if (Buffer.isBuffer(segment)) {
        res.write(segment);
        continue;
      }
      for (let next = segment.start; !closed && (next <= segment.end || reads.length > 0); ) {
        while (next <= segment.end && reads.length < READ_AHEAD && held < BUFFERS_PER_RESPONSE) {
          const buffer = BUFFERS.take();
          held++;
          const length = Math.min(buffer.length, segment.end - next + 1);
          const read = reader.read(buffer, length, next);
          read.catch(() => {}); // awaited in turn below; one failing after an earlier one is moot
          reads.push({ buffer, position: next, length, read });
          next += length;
        }
        const head = reads[0];
        if (!head) {
          await new Promise<void>((resolve) => (wake = resolve)); // every buffer is in the socket
          continue;
        }
        const n = await head.read;
        reads.shift();
        if (closed) {
          release(head.buffer);
          break;
        }
        if (n !== head.length) {
          release(head.buffer);
          throw new Error(`the source ended at byte ${head.position + n}, short of the ${segment.end + 1} it promised`);
        }
        res.write(n === head.buffer.length ? head.buffer : head.buffer.subarray(0, n), () => release(head.buffer));
      }
      if (closed) return;
    }
    res.end();
  } finally {
    res.off('close', onClose);
    // Reads still in flight land in buffers nobody will write: wait for them, so that the reader
    // is closed only after, and give their buffers back.
    const pending = reads.splice(0);
    await Promise.allSettled(pending.map((r) => r.read));
    for (const r of pending) release(r.buffer);
  }
}

/**
 * A `multipart/byteranges` body (§14.6) whose exact length is known before the first byte. Each
 * part carries Content-Type and Content-Range (§15.3.7.2); the boundary is random, so no file can
 * be made to contain it.
 */
function multipart(ranges: readonly ByteRange[], contentType: string, size: number): { type: string; length: number; segments: Segment[] } {
  const boundary = randomBytes(16).toString('hex');
  const segments: Segment[] = [];
  let length = 0;
  for (const [i, r] of ranges.entries()) {
    const head = Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`, 'latin1');
    segments.push(head, r);
    length += head.length + r.end - r.start + 1;
  }
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  segments.push(tail);
  return { type: `multipart/byteranges; boundary=${boundary}`, length: length + tail.length, segments };
}
