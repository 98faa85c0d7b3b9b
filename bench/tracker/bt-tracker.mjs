// bittorrent-tracker (webtorrent) as the benchmark runs it: HTTP and UDP on one port of 127.0.0.1,
// no WebSocket, no stats page, and a filter that tracks only the benchmark's infohashes (as
// Kinora's allowlist and opentracker's whitelist do). It is installed apart from the project, in
// bench/out/tracker/peers, and run.sh copies this file there so the import below finds it. Only
// `bittorrent-tracker/server` is loaded: the main entry pulls in WebRTC (node-datachannel), whose
// native binary is downloaded by an install script, which is not run here.
//
//   node bench/out/tracker/peers/bt-tracker.mjs <port> <infohashes file>
import { readFileSync } from 'node:fs';
import Server from 'bittorrent-tracker/server';

const [portText, hashesFile] = process.argv.slice(2);
if (!portText || !hashesFile) {
  process.stderr.write('usage: node bt-tracker.mjs <port> <infohashes file>\n');
  process.exit(2);
}
const allowed = new Set(readFileSync(hashesFile, 'utf8').split('\n').filter((l) => l.length === 40));

const server = new Server({
  http: true,
  udp: true,
  ws: false,
  stats: false,
  filter: (infoHash, _params, cb) => cb(allowed.has(infoHash) ? null : new Error('unregistered torrent')),
});
server.on('error', (err) => process.stderr.write(`bittorrent-tracker: ${err.message}\n`));
// A client's bad request is reported as a warning; the benchmark's requests are all valid.
server.on('warning', (err) => process.stderr.write(`bittorrent-tracker warning: ${err.message}\n`));
server.listen(Number(portText), { http: '127.0.0.1', udp: '127.0.0.1', udp6: '::1' }, () => process.stdout.write(`listening on ${portText}\n`));

const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
