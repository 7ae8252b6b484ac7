/** CRC-32 (IEEE, as EVTX uses it): zlib's native one where Node has it (20.15+), else a table. */
import * as zlib from 'node:zlib';

let table: Uint32Array | undefined;

function tableCrc(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of the concatenation of `parts`. */
export function crc32(...parts: Uint8Array[]): number {
  if (native) {
    let c = 0;
    for (const p of parts) c = native(p, c);
    return c >>> 0;
  }
  if (parts.length === 1) return tableCrc(parts[0]!);
  return tableCrc(Buffer.concat(parts));
}
