import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Namespace } from './netns.ts';

/** What a client download needs: the torrent, an empty folder to save into, a folder for its own state. */
export interface Download {
  readonly torrentFile: string;
  readonly saveDir: string;
  readonly workDir: string;
  readonly timeoutMs?: number;
}

const tail = (text: string) => text.split('\n').slice(-25).join('\n');

/**
 * aria2c, from the web seed alone: no DHT (v4 or v6), no local peer discovery, no peer exchange;
 * it stops seeding at once and exits when the download is complete and every piece verified.
 */
export async function downloadWithAria2(ns: Namespace, d: Download): Promise<void> {
  mkdirSync(d.saveDir, { recursive: true });
  const r = await ns.run('aria2c', [
    `--dir=${d.saveDir}`, '--enable-dht=false', '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false',
    '--seed-time=0', '--follow-torrent=mem', '--console-log-level=warn', '--summary-interval=0', '--bt-tracker-connect-timeout=2',
    '--file-allocation=none', '--auto-save-interval=0', d.torrentFile,
  ], { timeoutMs: d.timeoutMs ?? 60_000 });
  if (r.code !== 0) throw new Error(`aria2c exited with ${r.code}:\n${tail(r.stdout + r.stderr)}`);
}

/**
 * transmission-cli (3.00 in Debian 12): DHT, LPD, PeX, uTP and port mapping off in its
 * settings.json; a finish script stops it once the torrent is complete and verified.
 */
export async function downloadWithTransmission(ns: Namespace, d: Download): Promise<void> {
  const config = join(d.workDir, 'transmission');
  mkdirSync(config, { recursive: true });
  mkdirSync(d.saveDir, { recursive: true });
  writeFileSync(join(config, 'settings.json'), JSON.stringify({
    'dht-enabled': false, 'lpd-enabled': false, 'pex-enabled': false, 'utp-enabled': false, 'port-forwarding-enabled': false,
    'rpc-enabled': false, 'message-level': 2, 'peer-port': 51413, 'start-added-torrents': true,
  }));
  const marker = join(d.workDir, 'transmission.finished');
  const script = join(d.workDir, 'transmission-done.sh');
  writeFileSync(script, `#!/bin/sh\necho "$TR_TORRENT_NAME" > '${marker}'\nkill $PPID\n`);
  chmodSync(script, 0o755);
  const r = await ns.run('transmission-cli', ['-g', config, '-w', d.saveDir, '-f', script, d.torrentFile], { timeoutMs: d.timeoutMs ?? 60_000 });
  let finished = false;
  try {
    finished = readFileSync(marker, 'utf8').length > 0;
  } catch {
    finished = false;
  }
  if (!finished) throw new Error(`transmission-cli did not finish (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`);
}

/**
 * qbittorrent-nox (4.5, libtorrent 2.0) with its Web API on the namespace's loopback, driven
 * with curl from inside the namespace: add the torrent, poll until it is complete.
 */
export async function downloadWithQbittorrent(ns: Namespace, d: Download, webPort: number): Promise<void> {
  const profile = join(d.workDir, 'qbittorrent');
  mkdirSync(join(profile, 'qBittorrent', 'config'), { recursive: true });
  mkdirSync(d.saveDir, { recursive: true });
  writeFileSync(join(profile, 'qBittorrent', 'config', 'qBittorrent.conf'), [
    '[LegalNotice]', 'Accepted=true', '',
    '[BitTorrent]', 'Session\\DHTEnabled=false', 'Session\\LSDEnabled=false', 'Session\\PeXEnabled=false',
    `Session\\DefaultSavePath=${d.saveDir}`, 'Session\\Port=6881', 'Session\\QueueingSystemEnabled=false', '',
    '[Network]', 'PortForwardingEnabled=false', '',
    '[Preferences]', 'WebUI\\Address=127.0.0.1', `WebUI\\Port=${webPort}`, 'WebUI\\LocalHostAuth=false', 'WebUI\\CSRFProtection=false',
    'WebUI\\HostHeaderValidation=false', 'General\\UseRandomPort=false', 'Connection\\UPnP=false', '',
  ].join('\n'));
  const daemon = ns.spawn('qbittorrent-nox', [`--profile=${profile}`]);
  let log = '';
  daemon.stdout!.on('data', (x) => (log += x));
  daemon.stderr!.on('data', (x) => (log += x));
  const api = `http://127.0.0.1:${webPort}/api/v2`;
  try {
    await ns.waitForPort(webPort);
    const added = await ns.run('curl', ['-sS', '-F', `torrents=@${d.torrentFile}`, '-F', `savepath=${d.saveDir}`, `${api}/torrents/add`]);
    if (added.code !== 0 || added.stdout.trim() !== 'Ok.') throw new Error(`qBittorrent refused the torrent: ${added.stdout}${added.stderr}`);
    const deadline = Date.now() + (d.timeoutMs ?? 60_000);
    let last = '';
    while (Date.now() < deadline) {
      last = (await ns.run('curl', ['-sS', `${api}/torrents/info`])).stdout;
      const list = JSON.parse(last || '[]') as { progress: number; state: string }[];
      if (list.length === 1 && list[0]!.progress === 1 && /^(uploading|stalledUP|pausedUP|queuedUP|forcedUP)$/.test(list[0]!.state)) return;
      if (list.some((t) => t.state === 'error' || t.state === 'missingFiles')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`qBittorrent did not complete the download: ${last}\n${tail(log)}`);
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
  }
}
