// A hashing thread for hash.pool.ts, kept between calls: each call sends the layout it hashes, then
// jobs; this thread runs them (see hash.job.js for the work and why it is plain JavaScript) and
// posts the digests back, transferring them without a copy.
import { parentPort } from 'node:worker_threads';
import { createJobRunner } from './hash.job.js';

let runner = null;
let layout = null;

parentPort.on('message', (message) => {
  if (message.type === 'layout') {
    runner?.close();
    layout = message.layout;
    runner = createJobRunner(layout);
    return;
  }
  if (message.type === 'release') {
    // The call is over: close its files (descriptors belong to the process, not the thread).
    runner?.close();
    runner = null;
    return;
  }
  const { first, count } = message;
  try {
    if (!runner) throw new Error('a hashing job arrived before its layout');
    // Own ArrayBuffers (not Buffer's shared pool), so they can be transferred without copying.
    const sha1 = layout.v1 ? Buffer.from(new ArrayBuffer(count * 20)) : null;
    const v2 = layout.v2 ? Buffer.from(new ArrayBuffer(count * 32)) : null;
    const bytes = runner.run(first, count, sha1, v2, 0);
    parentPort.postMessage({ first, count, bytes, sha1, v2 }, [sha1, v2].filter(Boolean).map((b) => b.buffer));
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
});
