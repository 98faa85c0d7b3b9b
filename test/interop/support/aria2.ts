import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTorrent } from '../../../src/torrent/index.ts';
import { DEFAULT_TIMEOUT_MS, type DownloadOptions, type DownloadResult, type SwarmOptions, type SwarmPeer, clientStateDir, ensureDir, sleep, tail } from './download.ts';
import { type Namespace, stopProcess } from './namespace.ts';

export const ARIA2_PROGRAMS: readonly string[] = Object.freeze(['aria2c']);

/**
 * Downloads a torrent with aria2c (1.36) inside the namespace: no DHT (v4 or v6), no local peer
 * discovery, no peer exchange, no config file from $HOME. aria2c hashes every piece as it
 * arrives and exits 0 only when all are good; it then stops seeding at once (`--seed-time=0`).
 *
 * aria2c knows nothing of BEP 47 padding files: it asks the web seed for `<name>/.pad/<n>` like any
 * other file and writes them to disk; if the server answers 404 it never completes.
 */
export async function downloadWithAria2(ns: Namespace, d: DownloadOptions): Promise<DownloadResult> {
  ensureDir(d.outDir);
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const port = ns.allocatePort();
  const started = Date.now();
  const r = await ns.exec('aria2c', [
    '--no-conf=true', `--dir=${d.outDir}`,
    '--enable-dht=false', '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false',
    `--listen-port=${port}`, `--dht-listen-port=${port}`, '--bt-tracker-connect-timeout=2', '--bt-tracker-timeout=2',
    '--seed-time=0', '--check-integrity=true', '--follow-torrent=mem', '--file-allocation=none', '--auto-save-interval=0',
    // Gives up on its own (exit 7) when nothing arrives for this long: a web seed answering 404 or
    // a missing padding file would otherwise leave it waiting until our timeout kills it.
    `--bt-stop-timeout=${Math.max(5, Math.floor(timeoutMs / 1000) - 2)}`,
    `--stop-with-process=${process.pid}`, '--enable-color=false', '--console-log-level=notice', '--summary-interval=0',
    d.torrentFile,
  ], { timeoutMs });
  const elapsedMs = Date.now() - started;
  const out = r.stdout + r.stderr;
  // "Download complete: <path>" names the file, or the folder of a multi-file torrent.
  const complete = /Download complete: (.+)$/m.exec(out)?.[1];
  if (r.code !== 0 || !complete) {
    const why = r.timedOut ? `did not finish within ${timeoutMs} ms` : `exited with ${r.code ?? r.signal}`;
    throw new Error(`aria2c ${why}:\n${tail(out)}`);
  }
  return { contentPath: complete.trim(), elapsedMs };
}

/**
 * Joins a swarm with aria2c: it downloads from the peers the torrent's tracker names (no DHT
 * peers, no local peer discovery, no peer exchange; a web seed only if the torrent has one) and
 * then seeds until `close`. `--seed-ratio=0.0` leaves the seed time alone to end seeding, and it
 * is far beyond any test. aria2c reports a BitTorrent download complete on its console only
 * when seeding ends, so completion is told by its `--on-bt-download-complete` hook, which runs
 * once every piece is verified and written (no disk cache) and before seeding starts.
 *
 * aria2c speaks to UDP trackers (BEP 15) only through its DHT socket: when the torrent names a
 * `udp://` tracker, DHT is on (harmless in the namespace: there is no other node to find).
 */
export function joinWithAria2(ns: Namespace, d: SwarmOptions): SwarmPeer {
  ensureDir(d.outDir);
  const timeoutMs = d.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const udp = parseTorrent(readFileSync(d.torrentFile)).announce.flat().some((u) => u.startsWith('udp:'));
  const state = clientStateDir('aria2');
  const marker = join(state.path, 'complete');
  const hook = join(state.path, 'on-complete.sh');
  // The hook's arguments are the GID, the number of files and the first file's path.
  writeFileSync(hook, `#!/bin/sh\nprintf '%s' "$3" > '${marker}.tmp' && mv '${marker}.tmp' '${marker}'\n`, { mode: 0o755 });
  const peerPort = ns.allocatePort();
  const started = Date.now();
  const child = ns.spawn('aria2c', [
    '--no-conf=true', `--dir=${d.outDir}`,
    `--enable-dht=${udp}`, '--enable-dht6=false', `--dht-listen-port=${ns.allocatePort()}`, `--dht-file-path=${join(state.path, 'dht.dat')}`,
    '--bt-enable-lpd=false', '--enable-peer-exchange=false', `--listen-port=${peerPort}`,
    '--seed-time=30', '--seed-ratio=0.0', '--check-integrity=true', '--follow-torrent=mem', '--file-allocation=none',
    '--disk-cache=0', '--auto-save-interval=0', `--on-bt-download-complete=${hook}`,
    ...(d.maxBytesPerSecond ? [`--max-download-limit=${d.maxBytesPerSecond}`] : []),
    `--stop-with-process=${process.pid}`, '--enable-color=false', '--console-log-level=notice', '--summary-interval=0',
    d.torrentFile,
  ]);
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  let exited = false;
  child.once('exit', () => (exited = true));
  const done = (async (): Promise<DownloadResult> => {
    while (!existsSync(marker)) {
      if (exited) throw new Error(`aria2c exited with ${child.exitCode ?? child.signalCode} before its download was complete:\n${tail(out)}`);
      if (Date.now() - started > timeoutMs) throw new Error(`aria2c did not finish within ${timeoutMs} ms:\n${tail(out)}`);
      await sleep(50);
    }
    return { contentPath: readFileSync(marker, 'utf8'), elapsedMs: Date.now() - started };
  })();
  done.catch(() => {}); // a caller that only closes must not leave an unhandled rejection
  return {
    peerPort,
    done,
    logTail: () => tail(out),
    async close() {
      // SIGINT is aria2c's graceful shutdown, which announces `stopped`; SIGTERM (what
      // stopProcess sends first) is its emergency shutdown, which tells the tracker nothing.
      if (!exited) {
        child.kill('SIGINT');
        await Promise.race([once(child, 'exit'), sleep(5000)]);
      }
      await stopProcess(child);
      state.discard();
    },
  };
}
