/**
 * Re-blocks a byte stream of arbitrary chunking into the EVTX layout: the 4 KiB file header, then
 * 64 KiB chunks (the last one shorter when the file is truncated). Only one block is held at a
 * time, so memory stays constant whatever the file size.
 */
export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;

export async function* evtxBlocks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer, void, undefined> {
  let want = FILE_HEADER_SIZE;
  let buf = Buffer.allocUnsafe(want);
  let filled = 0;
  for await (const piece of source) {
    let p = 0;
    while (p < piece.length) {
      const n = Math.min(want - filled, piece.length - p);
      buf.set(piece.subarray(p, p + n), filled);
      filled += n;
      p += n;
      if (filled === want) {
        yield buf;
        want = CHUNK_SIZE;
        buf = Buffer.allocUnsafe(want);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buf.subarray(0, filled);
}
