import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, tail } from './download.ts';
import { type Forwarder, type Namespace, stopProcess } from './namespace.ts';
import { type UnixHttpResponse, unixHttp } from './unix-http.ts';

const KINORA = fileURLToPath(new URL('../../../bin/kinora.js', import.meta.url));

export interface KinoraServerOptions {
  /** An archive's data folder (its SQLite database and file store), prepared beforehand. */
  readonly dataDir: string;
  /** Extra KINORA_* settings. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the test process reaches the server's HTTP port (a Unix socket, forwarded into the namespace). */
  readonly socketPath: string;
  readonly timeoutMs?: number;
}

/** A `kinora serve` process running inside the namespace. */
export interface KinoraServer {
  readonly httpPort: number;
  readonly udpPort: number;
  /** The base URL peers in the namespace use (`http://127.0.0.1:<httpPort>`). */
  readonly url: string;
  /** A GET from the test process, through the socket. */
  get(path: string): Promise<UnixHttpResponse>;
  /** The tail of its log (JSON lines) and error output so far, for failure messages. */
  logTail(): string;
  close(): Promise<void>;
}

/**
 * Starts the real server (`node bin/kinora.js serve`) inside the namespace, so that its tracker
 * sees peers at their own addresses and takes UDP announces: neither would pass through a
 * TCP-to-Unix forward. It is ready once it logs "Kinora is serving" (at `info`), which it does
 * after HTTP listens and the UDP socket is bound.
 */
export async function startKinora(ns: Namespace, o: KinoraServerOptions): Promise<KinoraServer> {
  const httpPort = ns.allocatePort();
  const udpPort = ns.allocatePort();
  const url = `http://127.0.0.1:${httpPort}`;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const child = ns.spawn(process.execPath, [KINORA, 'serve'], {
    cwd: join(KINORA, '..', '..'),
    env: {
      ...process.env,
      KINORA_DATA_DIR: o.dataDir, KINORA_HOST: '127.0.0.1', KINORA_PORT: String(httpPort), KINORA_PUBLIC_URL: url,
      KINORA_TRACKER_UDP_PORT: String(udpPort), KINORA_DEMO: '0', KINORA_LOG_LEVEL: 'info', ...o.env,
    },
  });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  let forwarder: Forwarder | undefined;
  const close = async () => {
    await forwarder?.close();
    await stopProcess(child);
  };
  try {
    const deadline = Date.now() + timeoutMs;
    while (!out.includes('"msg":"Kinora is serving"')) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`kinora serve exited with ${child.exitCode ?? child.signalCode}`);
      if (Date.now() > deadline) throw new Error(`kinora serve did not start within ${timeoutMs} ms`);
      await sleep(50);
    }
    forwarder = await ns.forwardUnixToTcp(o.socketPath, httpPort);
  } catch (e) {
    await close();
    throw new Error(`${(e as Error).message}:\n${tail(out)}`);
  }
  return {
    httpPort, udpPort, url,
    get: (path) => unixHttp(o.socketPath, { path, headers: { host: `127.0.0.1:${httpPort}` } }),
    logTail: () => tail(out),
    close,
  };
}
