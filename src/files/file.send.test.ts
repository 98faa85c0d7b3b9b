import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePreconditions, parseHttpDate } from './conditional.eval.ts';
import { type ByteReader, type ByteSource, type SendOptions, fileSource, sendBytes, zeroSource } from './file.send.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-send-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `size` random bytes; several read chunks long, so buffers are reused within a response. */
function aFile(size: number): { path: string; bytes: Buffer } {
  const bytes = randomBytes(size);
  const path = join(dir, `file-${size}-${bytes.subarray(0, 4).toString('hex')}.bin`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

const LAST_MODIFIED = new Date('2024-03-01T12:34:56.789Z');
const HTTP_DATE = 'Fri, 01 Mar 2024 12:34:56 GMT';
const ETAG = '"v1"';

/** A bare Fastify app serving `source` at /f, as the distribution routes do. */
async function appServing(source: ByteSource, over: Partial<SendOptions> = {}, logs?: string[]): Promise<FastifyInstance> {
  const app = Fastify(logs ? { logger: { level: 'warn', stream: { write: (line: string) => void logs.push(line) } } } : { logger: false });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/f',
    handler: (req, reply) => sendBytes(req, reply.header('x-route', 'kept'), { source, contentType: 'video/mp4', etag: ETAG, lastModified: LAST_MODIFIED, cacheControl: 'public, max-age=60', ...over }),
  });
  await app.ready();
  return app;
}

/** Keeps count of the readers a source opened, closed, and the bytes read. */
function tracked(source: ByteSource) {
  const stats = { opened: 0, closed: 0, bytesRead: 0 };
  const wrapped: ByteSource = {
    size: source.size,
    async open(): Promise<ByteReader> {
      const reader = await source.open();
      stats.opened++;
      return {
        read: async (buffer, length, position) => {
          const n = await reader.read(buffer, length, position);
          stats.bytesRead += n;
          return n;
        },
        close: async () => {
          await reader.close();
          stats.closed++;
        },
      };
    },
  };
  return { source: wrapped, stats };
}

/** The parts of a multipart/byteranges body, read as a client would (RFC 2046 §5.1.1). */
function parseMultipart(body: Buffer, boundary: string): { headers: Record<string, string>; data: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  expect(body.subarray(0, delimiter.length).equals(delimiter)).toBe(true);
  const parts: { headers: Record<string, string>; data: Buffer }[] = [];
  let at = delimiter.length;
  for (;;) {
    if (body.subarray(at, at + 2).toString() === '--') {
      expect(body.subarray(at + 2).toString()).toBe('\r\n');
      return parts;
    }
    expect(body.subarray(at, at + 2).toString()).toBe('\r\n');
    const headEnd = body.indexOf('\r\n\r\n', at + 2);
    const headers = Object.fromEntries(body.subarray(at + 2, headEnd).toString('latin1').split('\r\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    expect(next).toBeGreaterThan(0);
    parts.push({ headers, data: body.subarray(headEnd + 4, next) });
    at = next + 2 + delimiter.length;
  }
}

/** One request over a real socket; `complete` is false when the server cut it short, even before the head. */
function fetchRaw(port: number, headers: OutgoingHttpHeaders = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/f', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('close', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve({ status: 0, headers: {}, body: Buffer.alloc(0), complete: false }) : reject(err)));
    req.end();
  });
}

const listen = async (app: FastifyInstance) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as AddressInfo).port;
};

const until = async (what: () => boolean, ms = 5000) => {
  for (const start = Date.now(); !what(); ) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Paths this process has open, from /proc (Linux). */
const openPaths = () => readdirSync('/proc/self/fd').flatMap((fd) => {
  try {
    return [readlinkSync(`/proc/self/fd/${fd}`)];
  } catch {
    return [];
  }
});

describe('sendBytes', () => {
  const SIZE = 3 * 1024 * 1024 + 12_345; // past 4 × 512 KiB, so pooled buffers are recycled mid-response
  let file: { path: string; bytes: Buffer };
  let app: FastifyInstance;
  beforeAll(async () => {
    file = aFile(SIZE);
    app = await appServing(fileSource(file.path, SIZE));
  });
  afterAll(() => app.close());
  const get = (headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') => app.inject({ method, url: '/f', headers });

  describe('whole representation', () => {
    it('answers GET with 200, validators, length and every byte', async () => {
      const res = await get();
      expect(res.statusCode).toBe(200);
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers.etag).toBe(ETAG);
      expect(res.headers['last-modified']).toBe(HTTP_DATE);
      expect(res.headers['content-type']).toBe('video/mp4');
      expect(res.headers['content-length']).toBe(String(SIZE));
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.headers['x-route']).toBe('kept'); // headers set before sendBytes survive the hijack
      expect(res.rawPayload.equals(file.bytes)).toBe(true);
    });

    it('answers HEAD with the same headers and no body', async () => {
      const [head, full] = [await get({}, 'HEAD'), await get()];
      expect(head.statusCode).toBe(200);
      expect(head.rawPayload.length).toBe(0);
      const { date: _a, ...headHeaders } = head.headers;
      const { date: _b, ...getHeaders } = full.headers;
      expect(headHeaders).toEqual(getHeaders);
    });

    it('never sends a Last-Modified later than now (§8.8.2.1)', async () => {
      const future = await appServing(fileSource(file.path, SIZE), { lastModified: new Date(Date.now() + 86_400_000) });
      const res = await future.inject({ method: 'HEAD', url: '/f' });
      expect(Date.parse(res.headers['last-modified'] as string)).toBeLessThanOrEqual(Date.now());
      await future.close();
    });

    it('serves a zero-byte file as an empty 200, Range or not', async () => {
      const empty = aFile(0);
      const zero = await appServing(fileSource(empty.path, 0));
      for (const headers of [{}, { range: 'bytes=0-0' }, { range: 'bytes=-1' }]) {
        const res = await zero.inject({ method: 'GET', url: '/f', headers });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-length']).toBe('0');
        expect(res.rawPayload.length).toBe(0);
      }
      expect((await zero.inject({ method: 'HEAD', url: '/f' })).headers['content-length']).toBe('0');
      await zero.close();
    });
  });

  describe('ranges', () => {
    it('sends one range as a 206 with Content-Range', async () => {
      const res = await get({ range: 'bytes=500000-1600000' }); // across several read chunks
      expect(res.statusCode).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 500000-1600000/${SIZE}`);
      expect(res.headers['content-length']).toBe('1100001');
      expect(res.headers['content-type']).toBe('video/mp4');
      expect(res.headers.etag).toBe(ETAG);
      expect(res.rawPayload.equals(file.bytes.subarray(500000, 1600001))).toBe(true);
    });

    it('sends the last byte, and an open range to the end', async () => {
      const last = await get({ range: `bytes=${SIZE - 1}-${SIZE - 1}` });
      expect(last.headers['content-range']).toBe(`bytes ${SIZE - 1}-${SIZE - 1}/${SIZE}`);
      expect(last.rawPayload).toEqual(file.bytes.subarray(SIZE - 1));
      const open = await get({ range: `bytes=${SIZE - 10}-` });
      expect(open.rawPayload).toEqual(file.bytes.subarray(SIZE - 10));
      expect((await get({ range: 'bytes=-1' })).rawPayload).toEqual(file.bytes.subarray(SIZE - 1));
    });

    it('sends the whole file for a suffix longer than it', async () => {
      const res = await get({ range: `bytes=-${SIZE * 2}` });
      expect(res.statusCode).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 0-${SIZE - 1}/${SIZE}`);
      expect(res.rawPayload.equals(file.bytes)).toBe(true);
    });

    it('sends several ranges as multipart/byteranges, in the order asked, with an exact length', async () => {
      const asked: [number, number][] = [[SIZE - 100, SIZE - 1], [0, 0], [1_000_000, 1_700_000], [10, 20]];
      const res = await get({ range: `bytes=${asked.map(([s, e]) => `${s}-${e}`).join(', ')}` });
      expect(res.statusCode).toBe(206);
      const type = res.headers['content-type'] as string;
      const boundary = /^multipart\/byteranges; boundary=([0-9a-f]{32})$/.exec(type)?.[1];
      expect(boundary).toBeDefined();
      expect(res.headers['content-range']).toBeUndefined();
      expect(res.headers['content-length']).toBe(String(res.rawPayload.length));
      const parts = parseMultipart(res.rawPayload, boundary!);
      expect(parts.map((p) => p.headers['content-range'])).toEqual(asked.map(([s, e]) => `bytes ${s}-${e}/${SIZE}`));
      parts.forEach((p, i) => {
        expect(p.headers['content-type']).toBe('video/mp4');
        expect(p.data.equals(file.bytes.subarray(asked[i]![0], asked[i]![1] + 1))).toBe(true);
      });
      // And byte for byte, the framing of RFC 9110 §14.6.
      const expected = Buffer.concat([
        ...asked.flatMap(([s, e], i) => [Buffer.from(`${i ? '\r\n' : ''}--${boundary}\r\nContent-Type: video/mp4\r\nContent-Range: bytes ${s}-${e}/${SIZE}\r\n\r\n`), file.bytes.subarray(s, e + 1)]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      expect(res.rawPayload.equals(expected)).toBe(true);
    });

    it('picks a new boundary for every response', async () => {
      const types = await Promise.all([1, 2, 3].map(async () => (await get({ range: 'bytes=0-1,5-6' })).headers['content-type']));
      expect(new Set(types).size).toBe(3);
    });

    it('answers a single part, not a multipart, when ranges coalesce into one', async () => {
      const res = await get({ range: 'bytes=0-99,50-199,200-299' });
      expect(res.headers['content-range']).toBe(`bytes 0-299/${SIZE}`);
      expect(res.rawPayload).toEqual(file.bytes.subarray(0, 300));
    });

    it('answers 416 with Content-Range: bytes */size when nothing is satisfiable', async () => {
      for (const range of [`bytes=${SIZE}-`, `bytes=${SIZE + 5}-${SIZE + 10}`, 'bytes=-0']) {
        const res = await get({ range });
        expect(res.statusCode, range).toBe(416);
        expect(res.headers['content-range']).toBe(`bytes */${SIZE}`);
        expect(res.headers['cache-control']).toBeUndefined();
        expect(res.rawPayload.length).toBe(0);
      }
    });

    it('ignores an invalid or foreign Range and sends the whole file', async () => {
      for (const range of ['bytes=5-3', 'bytes=abc', 'items=0-1', `bytes=${Array(33).fill('0-1').join(',')}`]) {
        const res = await get({ range });
        expect(res.statusCode, range).toBe(200);
        expect(res.rawPayload.length).toBe(SIZE);
      }
    });

    it('ignores Range on HEAD (§14.2: GET is the only method for which range handling is defined)', async () => {
      const res = await get({ range: 'bytes=0-1' }, 'HEAD');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-length']).toBe(String(SIZE));
      expect(res.headers['content-range']).toBeUndefined();
    });
  });

  describe('conditional requests', () => {
    const LATER = 'Sat, 02 Mar 2024 00:00:00 GMT';
    const EARLIER = 'Thu, 29 Feb 2024 00:00:00 GMT';

    it('answers If-None-Match with 304, validators and Cache-Control but no body (weak comparison)', async () => {
      for (const inm of [ETAG, 'W/"v1"', '*', '"a", "v1"', '"a",W/"v1"']) {
        const res = await get({ 'if-none-match': inm });
        expect(res.statusCode, inm).toBe(304);
        expect(res.headers.etag).toBe(ETAG);
        expect(res.headers['last-modified']).toBe(HTTP_DATE);
        expect(res.headers['cache-control']).toBe('public, max-age=60');
        expect(res.headers['content-length']).toBeUndefined();
        expect(res.rawPayload.length).toBe(0);
      }
      expect((await get({ 'if-none-match': ETAG }, 'HEAD')).statusCode).toBe(304);
      expect((await get({ 'if-none-match': '"v2"' })).statusCode).toBe(200);
      expect((await get({ 'if-none-match': '"v1' })).statusCode).toBe(200); // malformed: matches nothing
    });

    it('answers If-Modified-Since with 304 unless modified since, and only without If-None-Match', async () => {
      expect((await get({ 'if-modified-since': HTTP_DATE })).statusCode).toBe(304);
      expect((await get({ 'if-modified-since': LATER })).statusCode).toBe(304);
      expect((await get({ 'if-modified-since': EARLIER })).statusCode).toBe(200);
      expect((await get({ 'if-modified-since': 'yesterday' })).statusCode).toBe(200);
      expect((await get({ 'if-modified-since': `${LATER}, ${LATER}` })).statusCode).toBe(200); // a list is not a date
      expect((await get({ 'if-none-match': '"v2"', 'if-modified-since': LATER })).statusCode).toBe(200);
    });

    it('answers If-Match with 412 unless it matches strongly', async () => {
      expect((await get({ 'if-match': ETAG })).statusCode).toBe(200);
      expect((await get({ 'if-match': '*' })).statusCode).toBe(200);
      expect((await get({ 'if-match': '"x", "v1"' })).statusCode).toBe(200);
      const weak = await get({ 'if-match': 'W/"v1"' });
      expect(weak.statusCode).toBe(412);
      expect(weak.rawPayload.length).toBe(0);
      expect(weak.headers['content-length']).toBe('0');
      expect((await get({ 'if-match': '"v2"' })).statusCode).toBe(412);
    });

    it('answers If-Unmodified-Since with 412 when modified since, and only without If-Match', async () => {
      expect((await get({ 'if-unmodified-since': EARLIER })).statusCode).toBe(412);
      expect((await get({ 'if-unmodified-since': HTTP_DATE })).statusCode).toBe(200);
      expect((await get({ 'if-unmodified-since': 'not a date' })).statusCode).toBe(200);
      expect((await get({ 'if-match': ETAG, 'if-unmodified-since': EARLIER })).statusCode).toBe(200);
    });

    it('evaluates in the order of §13.2.2', async () => {
      // Step 1 before step 3: a failed If-Match wins over a matching If-None-Match.
      expect((await get({ 'if-match': '"v2"', 'if-none-match': ETAG })).statusCode).toBe(412);
      expect((await get({ 'if-unmodified-since': EARLIER, 'if-none-match': ETAG })).statusCode).toBe(412);
      // Step 3 before step 5: a 304 wins over Range.
      expect((await get({ 'if-none-match': ETAG, range: 'bytes=0-1' })).statusCode).toBe(304);
      expect((await get({ 'if-modified-since': LATER, range: 'bytes=0-1' })).statusCode).toBe(304);
      // And a 304 wins over an unsatisfiable Range.
      expect((await get({ 'if-none-match': ETAG, range: `bytes=${SIZE}-` })).statusCode).toBe(304);
    });

    it('honours Range under If-Range only for the same strong ETag or the exact date', async () => {
      const partial = (ifRange: string) => get({ range: 'bytes=0-9', 'if-range': ifRange });
      expect((await partial(ETAG)).statusCode).toBe(206);
      expect((await partial(HTTP_DATE)).statusCode).toBe(206);
      expect((await partial('Friday, 01-Mar-24 12:34:56 GMT')).statusCode).toBe(206);
      for (const stale of ['"v2"', 'W/"v1"', 'Fri, 01 Mar 2024 12:34:57 GMT', LATER, 'garbage']) {
        const res = await partial(stale);
        expect(res.statusCode, stale).toBe(200);
        expect(res.rawPayload.length).toBe(SIZE);
      }
      // If-Range failing turns even an unsatisfiable Range into a full 200.
      expect((await get({ range: `bytes=${SIZE}-`, 'if-range': '"v2"' })).statusCode).toBe(200);
      expect((await get({ 'if-range': '"v2"' })).statusCode).toBe(200);
    });
  });

  describe('evaluatePreconditions', () => {
    const current = { etag: ETAG, lastModified: LAST_MODIFIED.getTime() - 789 };
    const now = Date.parse('2024-06-01T00:00:00Z');

    it('answers 412, not 304, for a matching If-None-Match on other methods', () => {
      expect(evaluatePreconditions('DELETE', { 'if-none-match': ETAG }, current, now)).toEqual({ status: 412 });
      expect(evaluatePreconditions('DELETE', { 'if-modified-since': HTTP_DATE }, current, now)).toEqual({ status: 200, honourRange: false });
    });

    it('honours Range only on GET and only when present', () => {
      expect(evaluatePreconditions('GET', { range: 'bytes=0-1' }, current, now)).toEqual({ status: 200, honourRange: true });
      expect(evaluatePreconditions('HEAD', { range: 'bytes=0-1' }, current, now)).toEqual({ status: 200, honourRange: false });
      expect(evaluatePreconditions('GET', { 'if-range': ETAG }, current, now)).toEqual({ status: 200, honourRange: false });
    });

    it('reads entity tags holding commas', () => {
      const comma = { ...current, etag: '"a,b"' };
      expect(evaluatePreconditions('GET', { 'if-none-match': '"x", "a,b"' }, comma, now)).toEqual({ status: 304 });
      expect(evaluatePreconditions('GET', { 'if-none-match': '"a", "b"' }, comma, now)).toEqual({ status: 200, honourRange: false });
    });
  });

  describe('parseHttpDate', () => {
    const now = Date.parse('2024-06-01T00:00:00Z');
    const t = Date.parse('1994-11-06T08:49:37Z');

    it('reads the three formats of §5.6.7', () => {
      expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(t);
      expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(t);
      expect(parseHttpDate('Sun Nov  6 08:49:37 1994', now)).toBe(t);
      expect(parseHttpDate('Sun Nov 16 08:49:37 1994', now)).toBe(t + 10 * 86_400_000);
    });

    it('reads a two-digit year more than 50 years ahead as the past century', () => {
      expect(parseHttpDate('Thursday, 01-Jan-70 00:00:00 GMT', now)).toBe(Date.parse('2070-01-01T00:00:00Z'));
      expect(parseHttpDate('Friday, 01-Jan-75 00:00:00 GMT', now)).toBe(Date.parse('1975-01-01T00:00:00Z'));
    });

    it('refuses anything else, where Date.parse would guess', () => {
      for (const text of ['0', '2024', '2024-03-01T12:34:56Z', 'sun, 06 nov 1994 08:49:37 gmt', 'Sun, 06 Nov 1994 08:49:37 UTC', 'Sun, 6 Nov 1994 08:49:37 GMT',
        'Sun, 31 Apr 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 24:00:00 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT', ' Sun, 06 Nov 1994 08:49:37 GMT', '']) {
        expect(parseHttpDate(text, now), text).toBeUndefined();
      }
      expect(parseHttpDate('Mon, 29 Feb 2016 00:00:00 GMT', now)).toBe(Date.parse('2016-02-29T00:00:00Z'));
      expect(parseHttpDate('Tue, 01 Jan 0050 00:00:00 GMT', now)).toBe(new Date(0).setUTCFullYear(50, 0, 1)); // not 1950
    });
  });

  describe('zeroSource', () => {
    it('serves padding zeros, whole and in ranges, at any size', async () => {
      const size = 5 * 1024 * 1024 + 7;
      const zeros = await appServing(zeroSource(size), { contentType: 'application/octet-stream', etag: '"zeros"' });
      const whole = await zeros.inject({ method: 'GET', url: '/f' });
      expect(whole.headers['content-length']).toBe(String(size));
      expect(whole.rawPayload.length).toBe(size);
      expect(whole.rawPayload.every((b) => b === 0)).toBe(true);
      const part = await zeros.inject({ method: 'GET', url: '/f', headers: { range: 'bytes=100-199,-5' } });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-length']).toBe(String(part.rawPayload.length));
      await zeros.close();
    });

    it('reads no further than its size, into the caller’s buffer', async () => {
      const reader = await zeroSource(10).open();
      const buffer = Buffer.alloc(8, 0xff);
      expect(await reader.read(buffer, 8, 4)).toBe(6);
      expect([...buffer]).toEqual([0, 0, 0, 0, 0, 0, 0xff, 0xff]);
      expect(await reader.read(buffer, 8, 10)).toBe(0);
      await reader.close();
    });
  });

  describe('failures', () => {
    it('answers a file gone before the response through the error handler, without its headers', async () => {
      const gone = await appServing(fileSource(join(dir, 'missing.bin'), 100));
      const res = await gone.inject({ method: 'GET', url: '/f' });
      expect(res.statusCode).toBe(500);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['cache-control']).toBeUndefined();
      expect((await gone.inject({ method: 'HEAD', url: '/f' })).statusCode).toBe(200); // HEAD reads nothing
      await gone.close();
    });

    it('refuses an etag that is not strong and quoted, and a content type with a line break', async () => {
      expect((await (await appServing(zeroSource(1), { etag: 'W/"x"' })).inject({ url: '/f' })).statusCode).toBe(500);
      expect((await (await appServing(zeroSource(1), { etag: 'abc' })).inject({ url: '/f' })).statusCode).toBe(500);
      expect((await (await appServing(zeroSource(1), { contentType: 'text/plain\r\nX-Evil: 1' })).inject({ url: '/f' })).statusCode).toBe(500);
    });

    it('cuts the connection when the file turns out shorter than registered, and stays up', async () => {
      const logs: string[] = [];
      const short = tracked(fileSource(file.path, SIZE + 1000));
      const server = await appServing(short.source, {}, logs);
      const port = await listen(server);
      const res = await fetchRaw(port);
      expect(res.status).toBe(200);
      expect(res.complete).toBe(false);
      expect(res.body.length).toBeLessThan(SIZE + 1000);
      await until(() => short.stats.closed === 1);
      expect(logs.join('')).toMatch(/the source ended at byte \d+, short of the \d+ it promised/);
      const again = await fetchRaw(port, { range: 'bytes=0-9' });
      expect(again.status).toBe(206);
      expect(again.body).toEqual(file.bytes.subarray(0, 10));
      await server.close();
    });

    it('cuts the connection when a read fails mid-body, and closes the reader', async () => {
      let reads = 0;
      const failing = tracked({
        size: SIZE,
        open: async () => ({
          read: async (buffer, length) => {
            if (++reads === 5) throw new Error('disk on fire');
            buffer.fill(7, 0, length);
            return length;
          },
          close: async () => {},
        }),
      });
      const logs: string[] = [];
      const server = await appServing(failing.source, {}, logs);
      const port = await listen(server);
      const res = await fetchRaw(port);
      expect(res.status).toBe(200);
      expect(res.complete).toBe(false);
      expect(res.body.length).toBeLessThan(SIZE);
      await until(() => failing.stats.closed === 1);
      expect(logs.join('')).toContain('disk on fire');
      expect((await fetchRaw(port, { range: 'bytes=0-0' })).status).toBe(206);
      await server.close();
    });
  });

  describe('over a real socket', () => {
    it('stops reading and closes the file when the client aborts mid-download', async () => {
      const big = aFile(48 * 1024 * 1024);
      const watched = tracked(fileSource(big.path, big.bytes.length));
      const server = await appServing(watched.source);
      const port = await listen(server);
      const received = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/f', agent: false }, (res) => {
          let got = 0;
          res.on('data', (chunk: Buffer) => {
            got += chunk.length;
            if (got > 1024 * 1024) {
              req.destroy();
              resolve(got);
            }
          });
        });
        req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
        req.end();
      });
      expect(received).toBeGreaterThan(1024 * 1024);
      await until(() => watched.stats.closed === 1);
      expect(watched.stats.opened).toBe(1);
      // It stopped early: the socket's buffers and the read pool hold far less than the file.
      expect(watched.stats.bytesRead).toBeLessThan(big.bytes.length / 2);
      if (process.platform === 'linux') expect(openPaths()).not.toContain(big.path);
      const after = await fetchRaw(port, { range: 'bytes=-16' });
      expect(after.status).toBe(206);
      expect(after.body).toEqual(big.bytes.subarray(-16));
      await server.close();
    });

    it('keeps concurrent responses apart while they share read buffers', async () => {
      const port = await listen(await appServing(fileSource(file.path, SIZE)).then((a) => (app2 = a)));
      const asked = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? undefined : [i * 200_000, i * 200_000 + 1_500_000] as const));
      const results = await Promise.all(asked.map((r) => fetchRaw(port, r ? { range: `bytes=${r[0]}-${r[1]}` } : {})));
      results.forEach((res, i) => {
        const r = asked[i];
        expect(res.complete).toBe(true);
        expect(res.body.equals(r ? file.bytes.subarray(r[0], r[1] + 1) : file.bytes)).toBe(true);
      });
      // A multipart download over a socket, too.
      const multi = await fetchRaw(port, { range: 'bytes=0-9,2000000-2600000' });
      const boundary = /boundary=(\w+)/.exec(multi.headers['content-type'] as string)![1]!;
      expect(parseMultipart(multi.body, boundary).map((p) => p.data.length)).toEqual([10, 600_001]);
      await app2.close();
    });
    let app2: FastifyInstance;
  });
});
