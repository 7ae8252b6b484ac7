/**
 * Follow mode needs, per channel, the highest EventRecordID already read. The bytes pass through this tap
 * on their way to the ingest pipeline, so the bookmark comes from exactly what was ingested without a
 * second query and without knowing the store's layout. wevtutil's XML is UTF-16 (/uni:true) or 8-bit, so
 * the text is decoded by the sniffed encoding before matching.
 */

export interface RecordIdTap {
  /** pass-through of the source */
  source: AsyncIterable<Uint8Array>;
  /** highest EventRecordID seen so far (null: none yet) */
  readonly maxRecordId: number | null;
  /** bytes seen */
  readonly bytes: number;
}

const RECORD_ID = /<EventRecordID>\s*(\d+)\s*<\/EventRecordID>/g;
// longest tag pair plus a 20-digit number, so a match split across two chunks is seen whole next time
const CARRY = 64;

function sniff(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 2 && head[0] !== 0 && head[1] === 0) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0 && head[1] !== 0) return 'utf-16be';
  return 'utf-8';
}

export function tapRecordIds(source: AsyncIterable<Uint8Array>): RecordIdTap {
  const state = { max: null as number | null, bytes: 0 };
  async function* pass(): AsyncGenerator<Uint8Array> {
    let decoder: TextDecoder | null = null;
    let carry = '';
    for await (const chunk of source) {
      state.bytes += chunk.byteLength;
      decoder ??= new TextDecoder(sniff(chunk));
      const text = carry + decoder.decode(chunk, { stream: true });
      for (const m of text.matchAll(RECORD_ID)) {
        const id = Number(m[1]);
        if (Number.isSafeInteger(id) && (state.max === null || id > state.max)) state.max = id;
      }
      carry = text.slice(-CARRY);
      yield chunk;
    }
  }
  return {
    source: pass(),
    get maxRecordId() {
      return state.max;
    },
    get bytes() {
      return state.bytes;
    },
  };
}
