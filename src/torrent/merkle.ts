import { hash } from 'node:crypto';
import { BLOCK_SIZE } from './metainfo.ts';

/** BEP 52 merkle trees: SHA-256 over 16 KiB blocks, padded to a power of two with zero hashes. */

export const HASH_SIZE = 32;
export const ZERO_HASH: Buffer = Buffer.alloc(HASH_SIZE);

export const sha256 = (data: Uint8Array): Buffer => hash('sha256', data, 'buffer') as unknown as Buffer;

export const nextPowerOfTwo = (n: number): number => (n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n)));

/**
 * The root of a tree whose lowest layer is `layer` (concatenated 32-byte hashes) padded to `width`
 * nodes with `pad`, a hash that stands for an all-padding subtree at that layer.
 */
export function merkleRoot(layer: Uint8Array, width: number, pad: Uint8Array = ZERO_HASH): Buffer {
  let count = layer.length / HASH_SIZE;
  if (!Number.isInteger(count) || count > width) throw new RangeError(`merkle layer of ${layer.length} bytes does not fit ${width} nodes`);
  let current: Buffer = Buffer.from(layer.buffer, layer.byteOffset, layer.byteLength);
  let padHash: Buffer = Buffer.from(pad);
  const pair = Buffer.allocUnsafe(2 * HASH_SIZE);
  for (let w = width; w > 1; w /= 2) {
    const nextCount = Math.ceil(count / 2);
    const next = Buffer.allocUnsafe(nextCount * HASH_SIZE);
    for (let i = 0; i < nextCount; i++) {
      current.copy(pair, 0, 2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE);
      if (2 * i + 1 < count) current.copy(pair, HASH_SIZE, (2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE);
      else padHash.copy(pair, HASH_SIZE);
      sha256(pair).copy(next, i * HASH_SIZE);
    }
    padHash.copy(pair, 0);
    padHash.copy(pair, HASH_SIZE);
    padHash = sha256(pair);
    current = next;
    count = nextCount;
  }
  return count === 0 ? padHash : Buffer.from(current.subarray(0, HASH_SIZE));
}

/** The root of a subtree of `leaves` all-zero leaf hashes: what stands in for a piece past a file's end. */
export function zeroSubtreeRoot(leaves: number): Buffer {
  return merkleRoot(Buffer.alloc(0), leaves);
}

/** A file's merkle root from its piece layer (files longer than one piece), BEP 52. */
export function rootFromPieceLayer(layer: Uint8Array, pieceLength: number): Buffer {
  const pieces = layer.length / HASH_SIZE;
  return merkleRoot(layer, nextPowerOfTwo(pieces), zeroSubtreeRoot(pieceLength / BLOCK_SIZE));
}

/** A file's merkle root from its block hashes (files of at most one piece have no piece layer). */
export function rootFromBlocks(leaves: Uint8Array): Buffer {
  return merkleRoot(leaves, nextPowerOfTwo(leaves.length / HASH_SIZE));
}
