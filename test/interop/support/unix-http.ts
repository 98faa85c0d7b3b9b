import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** An HTTP exchange with a server behind a Unix socket (a client's Web API or RPC, forwarded out of the namespace). */
export interface UnixHttpRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  readonly timeoutMs?: number;
}

export interface UnixHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  text(): string;
}

/** Sends one request over `socketPath`; rejects on a connection error or after `timeoutMs` (10 s). */
export function unixHttp(socketPath: string, req: UnixHttpRequest): Promise<UnixHttpResponse> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const r = request({
      socketPath,
      method: req.method ?? (body ? 'POST' : 'GET'),
      path: req.path,
      // The clients check Host against their own address; they listen on 127.0.0.1 in the namespace.
      headers: { host: '127.0.0.1', ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
      timeout: req.timeoutMs ?? 10_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: () => all.toString('utf8') });
      });
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer from ${socketPath}${req.path} within ${req.timeoutMs ?? 10_000} ms`)));
    r.on('error', reject);
    r.end(body);
  });
}

/** A multipart/form-data field: text, or a file's bytes under a file name. */
export type FormField = string | { readonly filename: string; readonly content: Buffer; readonly type?: string };

/** Encodes a multipart/form-data body (RFC 7578) and its Content-Type header. */
export function multipart(fields: Readonly<Record<string, FormField>>): { body: Buffer; contentType: string } {
  const boundary = `----kinora${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'application/octet-stream'}\r\n\r\n`));
      parts.push(value.content, Buffer.from('\r\n'));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
