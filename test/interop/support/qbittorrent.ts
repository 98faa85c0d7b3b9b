import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_TIMEOUT_MS, type DownloadOptions, type DownloadResult, type SwarmOptions, type SwarmPeer, clientStateDir, ensureDir, sleep, tailFile } from './download.ts';
import { type Forwarder, type Namespace, exitedEarly, stopProcess } from './namespace.ts';
import { multipart, unixHttp } from './unix-http.ts';

export const QBITTORRENT_PROGRAMS: readonly string[] = Object.freeze(['qbittorrent-nox']);

/** The fields of Web API v2 `/torrents/info` this harness reads. */
interface QbtTorrent {
  readonly hash: string;
  readonly infohash_v1: string;
  readonly infohash_v2: string;
  readonly name: string;
  readonly state: string;
  readonly progress: number;
  readonly amount_left: number;
  readonly content_path: string;
  readonly uploaded: number;
}

/** States of a torrent that has all its pieces, hashed (checkingUP is still hashing). */
const COMPLETE = new Set(['uploading', 'stalledUP', 'pausedUP', 'queuedUP', 'forcedUP']);
const FAILED = new Set(['error', 'missingFiles']);

/**
 * The qBittorrent 4.5 configuration: legal notice accepted, DHT, LSD, PeX, UPnP/NAT-PMP off, no
 * queueing, the Web API on the namespace's loopback without login for local clients. Every key
 * was checked against `/api/v2/app/preferences` of 4.5.2, which keeps the 4.x `Session\` names.
 */
const config = (o: { savePath: string; peerPort: number; webPort: number }) => [
  '[LegalNotice]', 'Accepted=true', '',
  '[BitTorrent]',
  'Session\\DHTEnabled=false', 'Session\\LSDEnabled=false', 'Session\\PeXEnabled=false', 'Session\\AnonymousModeEnabled=false',
  `Session\\Port=${o.peerPort}`, `Session\\DefaultSavePath=${o.savePath}`, 'Session\\TempPathEnabled=false',
  'Session\\QueueingSystemEnabled=false', 'Session\\TorrentContentLayout=Original', 'Session\\AddTorrentPaused=false', '',
  '[Network]', 'PortForwardingEnabled=false', '',
  '[Preferences]',
  'General\\Locale=en', 'WebUI\\Address=127.0.0.1', `WebUI\\Port=${o.webPort}`, 'WebUI\\UseUPnP=false', 'WebUI\\LocalHostAuth=false',
  'WebUI\\CSRFProtection=false', 'WebUI\\HostHeaderValidation=false', 'WebUI\\ClickjackingProtection=false', '',
].join('\n');

/** A qbittorrent-nox of its own in the namespace, its Web API forwarded to a Unix socket. */
interface QbtDaemon {
  readonly peerPort: number;
  /** Adds the torrent, to be saved in (or seeded from) `savePath`, downloading at most `dlLimit` bytes a second. */
  add(torrentFile: string, savePath: string, dlLimit?: number): Promise<void>;
  /** The one torrent it holds, if any; throws when it holds more or reports a failure. */
  torrent(): Promise<QbtTorrent | undefined>;
  /** The tail of its log so far (complete only once it has stopped). */
  logTail(): string;
  /** Stops the daemon and deletes its profile; resolves to the tail of its log. */
  close(): Promise<string>;
}

async function startQbittorrent(ns: Namespace, savePath: string, timeoutMs: number): Promise<QbtDaemon> {
  const state = clientStateDir('qbt');
  const webPort = ns.allocatePort();
  const peerPort = ns.allocatePort();
  mkdirSync(join(state.path, 'qBittorrent', 'config'), { recursive: true });
  writeFileSync(join(state.path, 'qBittorrent', 'config', 'qBittorrent.conf'), config({ savePath, peerPort, webPort }));
  const log = join(state.path, 'qBittorrent', 'data', 'logs', 'qbittorrent.log');
  const daemon = ns.spawn('qbittorrent-nox', [`--profile=${state.path}`], { stdio: 'ignore' });
  const socket = join(state.path, 'api.sock');
  let forwarder: Forwarder | undefined;
  const close = async () => {
    await forwarder?.close();
    await stopProcess(daemon);
    const tail = tailFile(log);
    state.discard();
    return tail;
  };
  try {
    await Promise.race([ns.waitForListener(webPort, Math.min(timeoutMs, 20_000)), exitedEarly(daemon, 'qbittorrent-nox')]);
    forwarder = await ns.forwardUnixToTcp(socket, webPort);
  } catch (e) {
    throw new Error(`qBittorrent ${(e as Error).message}\n${await close()}`);
  }
  return {
    peerPort,
    logTail: () => tailFile(log),
    async add(torrentFile, to, dlLimit) {
      const form = multipart({
        torrents: { filename: basename(torrentFile), content: readFileSync(torrentFile), type: 'application/x-bittorrent' },
        savepath: to, autoTMM: 'false', paused: 'false', contentLayout: 'Original', ...(dlLimit ? { dlLimit: String(dlLimit) } : {}),
      });
      const added = await unixHttp(socket, { path: '/api/v2/torrents/add', headers: { 'content-type': form.contentType }, body: form.body });
      // 4.5.2 answers 415 for a file that is not a torrent, 200 "Fails." when adding fails, "Ok." otherwise.
      if (added.status !== 200 || added.text().trim() !== 'Ok.') throw new Error(`refused the torrent: ${added.status} ${added.text()}`);
    },
    async torrent() {
      const list = JSON.parse((await unixHttp(socket, { path: '/api/v2/torrents/info' })).text()) as QbtTorrent[];
      if (list.length > 1) throw new Error(`holds ${list.length} torrents, expected 1`);
      const t = list[0];
      if (t && FAILED.has(t.state)) throw new Error(`reports ${t.state} for ${t.name}`);
      return t;
    },
    close,
  };
}

const isComplete = (t: QbtTorrent | undefined): t is QbtTorrent => t !== undefined && t.progress === 1 && t.amount_left === 0 && COMPLETE.has(t.state);

/** Polls until the torrent is complete and verified; throws after `deadline` (ms since the epoch) or once `stopped()`. */
async function untilComplete(qbt: QbtDaemon, deadline: number, timeoutMs: number, stopped = () => false): Promise<QbtTorrent> {
  let last: QbtTorrent | undefined;
  while (Date.now() < deadline) {
    if (stopped()) throw new Error('was stopped before its download was complete');
    last = await qbt.torrent();
    if (isComplete(last)) return last;
    await sleep(100);
  }
  throw new Error(`did not finish within ${timeoutMs} ms: ${last ? `${last.state}, progress ${last.progress}` : 'no torrent listed'}`);
}

/**
 * Downloads a torrent with a qbittorrent-nox (4.5.2, libtorrent 2.0.8) of its own inside the
 * namespace, driven over Web API v2 through a Unix socket. libtorrent hashes each piece as it
 * arrives (v1 and v2 trees of a hybrid), so a complete state means verified. libtorrent never asks
 * a web seed for padding files and does not write them.
 */
export async function downloadWithQbittorrent(ns: Namespace, d: DownloadOptions): Promise<DownloadResult> {
  ensureDir(d.outDir);
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const qbt = await startQbittorrent(ns, d.outDir, timeoutMs);
  try {
    await qbt.add(d.torrentFile, d.outDir);
    const done = await untilComplete(qbt, started + timeoutMs, timeoutMs);
    await qbt.close();
    // For a v2 or hybrid torrent `hash` is the v2 hash cut to 40 digits; use the infohash_ fields.
    return {
      contentPath: done.content_path, elapsedMs: Date.now() - started,
      clientInfohashes: { v1: done.infohash_v1 || null, v2: done.infohash_v2 || null },
    };
  } catch (e) {
    throw new Error(`qBittorrent ${(e as Error).message}\n${await qbt.close()}`);
  }
}

/** A qBittorrent in a swarm; it also says how much it has sent to peers. */
export interface QbtSwarmPeer extends SwarmPeer {
  /** Payload bytes it has sent to peers so far, as the client counts them. */
  uploaded(): Promise<number>;
}

/**
 * Joins a swarm with a qbittorrent-nox of its own: it downloads from the peers the tracker names
 * (or, when `outDir` already holds the content, verifies it: every piece is hashed before a
 * complete state), then seeds until `close`, which announces `stopped` (SIGTERM is its graceful
 * shutdown). libtorrent announces a hybrid torrent twice each time, under its v1 and under its
 * truncated v2 infohash (BEP 52).
 *
 * Peers that all live on 127.0.0.1 need no setting of their own; 4.5.2's defaults, read back
 * from `/api/v2/app/preferences`, serve: `enable_multi_connections_from_same_ip` is off, but
 * each peer has its own port and two peers need one connection; `ssrf_mitigation` is on, and
 * lets a tracker on loopback through because its path is `/announce`.
 */
export async function joinWithQbittorrent(ns: Namespace, d: SwarmOptions): Promise<QbtSwarmPeer> {
  ensureDir(d.outDir);
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const qbt = await startQbittorrent(ns, d.outDir, timeoutMs);
  try {
    await qbt.add(d.torrentFile, d.outDir, d.maxBytesPerSecond);
  } catch (e) {
    throw new Error(`qBittorrent ${(e as Error).message}\n${await qbt.close()}`);
  }
  let closed = false;
  const done = (async (): Promise<DownloadResult> => {
    const t = await untilComplete(qbt, started + timeoutMs, timeoutMs, () => closed);
    return { contentPath: t.content_path, elapsedMs: Date.now() - started, clientInfohashes: { v1: t.infohash_v1 || null, v2: t.infohash_v2 || null } };
  })().catch((e: unknown) => {
    throw new Error(`qBittorrent ${(e as Error).message}\n${qbt.logTail()}`);
  });
  done.catch(() => {}); // a caller that only closes must not leave an unhandled rejection
  return {
    peerPort: qbt.peerPort,
    done,
    uploaded: async () => (await qbt.torrent())?.uploaded ?? 0,
    logTail: () => qbt.logTail(),
    async close() {
      closed = true;
      await qbt.close();
    },
  };
}

/** Seeds a torrent from `outDir`, which already holds its content: joins the swarm and resolves once the content is verified. */
export async function seedWithQbittorrent(ns: Namespace, d: SwarmOptions): Promise<QbtSwarmPeer> {
  const peer = await joinWithQbittorrent(ns, d);
  try {
    await peer.done;
  } catch (e) {
    await peer.close();
    throw e;
  }
  return peer;
}
