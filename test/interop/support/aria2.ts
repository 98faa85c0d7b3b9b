import { DEFAULT_TIMEOUT_MS, type DownloadOptions, type DownloadResult, ensureDir, tail } from './download.ts';
import type { Namespace } from './namespace.ts';

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
