import { randomFillSync } from 'node:crypto';

/**
 * Fresh random IVs drawn from the CSPRNG a block at a time (as Node's own randomUUID does): one call
 * per `perBlock` IVs instead of one each. A first sync seals tens of thousands of values, and a call
 * into the CSPRNG cost about as much as the encryption itself. Every IV is handed out once; a used
 * block is never written again (the next one is a new buffer).
 */
export function createIvSource(ivBytes: number, perBlock = 512): () => Buffer {
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + ivBytes > block.length) {
      block = randomFillSync(Buffer.allocUnsafe(ivBytes * perBlock));
      offset = 0;
    }
    const iv = block.subarray(offset, offset + ivBytes);
    offset += ivBytes;
    return iv;
  };
}
