import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TIMEOUT_MS, type DownloadOptions, type DownloadResult, clientStateDir, ensureDir, sleep, tailFile } from './download.ts';
import { type Forwarder, type Namespace, exitedEarly, stopProcess } from './namespace.ts';
import { unixHttp } from './unix-http.ts';

export const TRANSMISSION_PROGRAMS: readonly string[] = Object.freeze(['transmission-daemon']);

/** The fields of RPC `torrent-get` this harness reads (Transmission RPC spec, section 3.3). */
interface RpcTorrent {
  readonly id: number;
  readonly name: string;
  readonly hashString: string;
  readonly status: number;
  readonly percentDone: number;
  readonly leftUntilDone: number;
  readonly haveValid: number;
  readonly sizeWhenDone: number;
  readonly error: number;
  readonly errorString: string;
  readonly downloadDir: string;
  readonly files: readonly { readonly name: string; readonly length: number; readonly bytesCompleted: number }[];
}

/** RPC status values: 0 stopped, 1/2 check, 3/4 download, 5 queued to seed, 6 seeding. */
const SEEDING = new Set([0, 5, 6]);
/** RPC error 3: a local error (disk, missing data); 1 and 2 are tracker warnings and errors. */
const LOCAL_ERROR = 3;

/**
 * Downloads a torrent with a transmission-daemon (3.00) of its own inside the namespace, driven
 * over RPC through a Unix socket: DHT, LPD, PeX, uTP and port mapping are off in settings.json.
 * Transmission hashes each piece as it completes, so `haveValid == sizeWhenDone` is "verified".
 *
 * Transmission 3.00 cannot read any torrent with a BEP 52 `file tree` (every hybrid or v2
 * torrent): the add fails with "invalid or corrupt torrent file". It replaces `\ : " < > | ? *`
 * in file names with `_` and drops trailing dots and spaces, and asks the web seed for the
 * replaced name. It asks for padding files (`.pad/<n>`) of a v1 torrent like other files.
 */
export async function downloadWithTransmission(ns: Namespace, d: DownloadOptions): Promise<DownloadResult> {
  ensureDir(d.outDir);
  const state = clientStateDir('transmission');
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const rpcPort = ns.allocatePort();
  const log = join(state.path, 'transmission.log');
  writeFileSync(join(state.path, 'settings.json'), JSON.stringify({
    'dht-enabled': false, 'lpd-enabled': false, 'pex-enabled': false, 'utp-enabled': false, 'port-forwarding-enabled': false,
    'peer-port': ns.allocatePort(), 'peer-port-random-on-start': false, 'bind-address-ipv4': '127.0.0.1', 'bind-address-ipv6': '::1',
    'rpc-enabled': true, 'rpc-bind-address': '127.0.0.1', 'rpc-port': rpcPort, 'rpc-authentication-required': false,
    'rpc-whitelist-enabled': true, 'rpc-whitelist': '127.0.0.1', 'rpc-host-whitelist-enabled': false,
    'download-dir': d.outDir, 'incomplete-dir-enabled': false, 'watch-dir-enabled': false, 'start-added-torrents': true,
    'rename-partial-files': false, 'blocklist-enabled': false, 'ratio-limit-enabled': false, 'idle-seeding-limit-enabled': false,
    'script-torrent-done-enabled': false, 'message-level': 2,
  }, null, 2));
  const started = Date.now();
  const daemon = ns.spawn('transmission-daemon', ['--foreground', '--config-dir', state.path, '--logfile', log], { stdio: 'ignore' });
  const socket = join(state.path, 'rpc.sock');
  const rpc = createRpc(socket);
  let forwarder: Forwarder | undefined;
  let last: RpcTorrent | undefined;
  const attempt = async (): Promise<DownloadResult> => {
    await Promise.race([ns.waitForListener(rpcPort, Math.min(timeoutMs, 20_000)), exitedEarly(daemon, 'transmission-daemon')]);
    forwarder = await ns.forwardUnixToTcp(socket, rpcPort);
    const added = await rpc('torrent-add', { metainfo: readFileSync(d.torrentFile).toString('base64'), 'download-dir': d.outDir, paused: false });
    if (added.result !== 'success') throw new Error(`refused the torrent: ${added.result}`);
    const deadline = started + timeoutMs;
    while (Date.now() < deadline) {
      const got = await rpc('torrent-get', { fields: ['id', 'name', 'hashString', 'status', 'percentDone', 'leftUntilDone', 'haveValid', 'sizeWhenDone', 'error', 'errorString', 'downloadDir', 'files'] });
      const list = (got.arguments as { torrents?: RpcTorrent[] } | undefined)?.torrents ?? [];
      if (list.length !== 1) throw new Error(`holds ${list.length} torrents, expected 1`);
      last = list[0]!;
      if (last.error === LOCAL_ERROR) throw new Error(`reports an error: ${last.errorString}`);
      if (last.leftUntilDone === 0 && last.percentDone === 1 && last.haveValid === last.sizeWhenDone && SEEDING.has(last.status)) {
        return { contentPath: join(last.downloadDir, last.name), elapsedMs: Date.now() - started, clientInfohashes: { v1: last.hashString, v2: null } };
      }
      await sleep(100);
    }
    const missing = last?.files.filter((f) => f.bytesCompleted < f.length).map((f) => `${f.name} ${f.bytesCompleted}/${f.length}`) ?? [];
    throw new Error(`did not finish within ${timeoutMs} ms; incomplete: ${missing.join(', ') || '?'}`);
  };
  try {
    return await attempt();
  } catch (e) {
    // The log is complete only once the daemon has stopped.
    await stopProcess(daemon);
    throw new Error(`transmission-daemon ${(e as Error).message}\n${tailFile(log)}`);
  } finally {
    await forwarder?.close();
    await stopProcess(daemon);
    state.discard();
  }
}

/**
 * A Transmission RPC caller. From the spec: the server answers 409 with an
 * X-Transmission-Session-Id header, which every later request must carry.
 */
function createRpc(socket: string) {
  let session = '';
  return async (method: string, args: object): Promise<{ result: string; arguments?: unknown }> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await unixHttp(socket, {
        path: '/transmission/rpc',
        headers: { 'content-type': 'application/json', 'x-transmission-session-id': session },
        body: JSON.stringify({ method, arguments: args }),
      });
      if (res.status === 409) {
        session = String(res.headers['x-transmission-session-id'] ?? '');
        continue;
      }
      if (res.status !== 200) throw new Error(`Transmission RPC ${method} answered ${res.status}: ${res.text()}`);
      return JSON.parse(res.text()) as { result: string; arguments?: unknown };
    }
    throw new Error(`Transmission RPC ${method}: no session id after 409`);
  };
}
