// The floor of any tracker written on Node's own sockets, as Kinora's is: node:dgram and node:http
// on one port of 127.0.0.1, answering every request with fixed bytes of the right size (a BEP 15
// connect or announce answer; a compact BEP 3 answer) and doing nothing else: no parsing beyond the
// action, no swarm, no allocation but what Node itself does per packet and per request. What it
// reaches on one core is what a Node tracker cannot beat.
//
//   node bench/tracker/node-floor.mjs <port> <peers per answer>
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';

const [portText, peersText] = process.argv.slice(2);
const port = Number(portText);
const peers = Buffer.alloc(6 * Number(peersText ?? 49));

const udp = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
udp.on('message', (msg, rinfo) => {
  if (msg.length < 16) return;
  const action = msg.readUInt32BE(8);
  const tid = msg.readUInt32BE(12);
  let out;
  if (action === 0) {
    out = Buffer.allocUnsafe(16);
    out.writeUInt32BE(0, 0);
    out.writeUInt32BE(tid, 4);
    out.writeUInt32BE(0x12345678, 8);
    out.writeUInt32BE(0x9abcdef0, 12);
  } else {
    out = Buffer.allocUnsafe(20 + peers.length);
    out.writeUInt32BE(1, 0);
    out.writeUInt32BE(tid, 4);
    out.writeUInt32BE(1800, 8);
    out.writeUInt32BE(1, 12);
    out.writeUInt32BE(1, 16);
    peers.copy(out, 20);
  }
  udp.send(out, rinfo.port, rinfo.address);
});
udp.bind(port, '127.0.0.1');

const body = Buffer.concat([Buffer.from(`d8:completei1e10:downloadedi0e10:incompletei1e8:intervali1800e12:min intervali900e5:peers${peers.length}:`, 'latin1'), peers, Buffer.from('e')]);
const headers = { 'content-type': 'text/plain', 'content-length': body.length, 'cache-control': 'no-store' };
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(port, '127.0.0.1');

process.once('SIGTERM', () => process.exit(0));
