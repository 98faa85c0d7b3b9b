import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_TIMEOUT_MS, type DownloadOptions, type DownloadResult, clientStateDir, ensureDir, sleep, tailFile } from './download.ts';
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

/**
 * Downloads a torrent with a qbittorrent-nox (4.5.2, libtorrent 2.0.8) of its own inside the
 * namespace, driven over Web API v2 through a Unix socket. libtorrent hashes each piece as it
 * arrives (v1 and v2 trees of a hybrid), so a complete state means verified. libtorrent never asks
 * a web seed for padding files and does not write them.
 */
export async function downloadWithQbittorrent(ns: Namespace, d: DownloadOptions): Promise<DownloadResult> {
  ensureDir(d.outDir);
  const state = clientStateDir('qbt');
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const webPort = ns.allocatePort();
  mkdirSync(join(state.path, 'qBittorrent', 'config'), { recursive: true });
  writeFileSync(join(state.path, 'qBittorrent', 'config', 'qBittorrent.conf'), config({ savePath: d.outDir, peerPort: ns.allocatePort(), webPort }));
  const log = join(state.path, 'qBittorrent', 'data', 'logs', 'qbittorrent.log');
  const started = Date.now();
  const daemon = ns.spawn('qbittorrent-nox', [`--profile=${state.path}`], { stdio: 'ignore' });
  const socket = join(state.path, 'api.sock');
  let forwarder: Forwarder | undefined;
  const attempt = async (): Promise<DownloadResult> => {
    await Promise.race([ns.waitForListener(webPort, Math.min(timeoutMs, 20_000)), exitedEarly(daemon, 'qbittorrent-nox')]);
    forwarder = await ns.forwardUnixToTcp(socket, webPort);
    const form = multipart({
      torrents: { filename: basename(d.torrentFile), content: readFileSync(d.torrentFile), type: 'application/x-bittorrent' },
      savepath: d.outDir, autoTMM: 'false', paused: 'false', contentLayout: 'Original',
    });
    const added = await unixHttp(socket, { path: '/api/v2/torrents/add', headers: { 'content-type': form.contentType }, body: form.body });
    // 4.5.2 answers 415 for a file that is not a torrent, 200 "Fails." when adding fails, "Ok." otherwise.
    if (added.status !== 200 || added.text().trim() !== 'Ok.') throw new Error(`refused the torrent: ${added.status} ${added.text()}`);
    const deadline = started + timeoutMs;
    let last: QbtTorrent | undefined;
    while (Date.now() < deadline) {
      const list = JSON.parse((await unixHttp(socket, { path: '/api/v2/torrents/info' })).text()) as QbtTorrent[];
      if (list.length > 1) throw new Error(`holds ${list.length} torrents, expected 1`);
      last = list[0];
      if (last && FAILED.has(last.state)) throw new Error(`reports ${last.state} for ${last.name}`);
      if (last && last.progress === 1 && last.amount_left === 0 && COMPLETE.has(last.state)) {
        // For a v2 or hybrid torrent `hash` is the v2 hash cut to 40 digits; use the infohash_ fields.
        return {
          contentPath: last.content_path, elapsedMs: Date.now() - started,
          clientInfohashes: { v1: last.infohash_v1 || null, v2: last.infohash_v2 || null },
        };
      }
      await sleep(100);
    }
    throw new Error(`did not finish within ${timeoutMs} ms: ${last ? `${last.state}, progress ${last.progress}` : 'no torrent listed'}`);
  };
  try {
    return await attempt();
  } catch (e) {
    await stopProcess(daemon);
    throw new Error(`qBittorrent ${(e as Error).message}\n${tailFile(log)}`);
  } finally {
    await forwarder?.close();
    await stopProcess(daemon);
    state.discard();
  }
}
