/**
 * Text decoding for XML exports: sniffs the encoding from the first bytes (never from the file
 * name or the XML declaration, which Event Viewer writes as "UTF-16" whatever it saved), decodes
 * chunk by chunk with state carried across chunk boundaries, and maps positions in the decoded text
 * back to exact byte offsets and 1-based line numbers for origins and parse issues.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le' | 'utf-16be';

export interface SniffedEncoding {
  encoding: TextEncoding;
  /** bytes of byte-order mark to skip */
  bomLength: number;
}

/** Needs the first 4 bytes of the input (fewer only when the input is that short). */
export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  const b = head;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8-bom', bomLength: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le-bom', bomLength: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be-bom', bomLength: 2 };
  // No BOM: ASCII markup such as "<?" or "\r\n" in UTF-16 shows as a zero byte in every other position.
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0 && (b.length < 4 || (b[2] !== 0 && b[3] === 0))) return { encoding: 'utf-16le', bomLength: 0 };
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0 && (b.length < 4 || (b[2] === 0 && b[3] !== 0))) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Keeps byte offset and line number in step with a position in the decoded text. Callers advance
 * it over every piece of text exactly once, in order.
 */
export class PositionTracker {
  /** absolute index in the decoded text that `byte` and `line` describe */
  char = 0;
  byte: number;
  line = 1;
  /** UTF-8 only: places where decoding replaced invalid bytes, which Buffer.byteLength cannot see */
  private readonly corrections: { at: number; delta: number }[] = [];
  private nextCorrection = 0;

  constructor(private readonly twoBytesPerUnit: boolean, bomLength: number) {
    this.byte = bomLength;
  }

  /** Records that the decoded character at absolute index `at` stands for `delta` bytes more than its UTF-8 length. */
  correct(at: number, delta: number): void {
    this.corrections.push({ at, delta });
  }

  /** Moves forward over `text`, which must start at the current position. */
  advance(text: string): void {
    const end = this.char + text.length;
    if (this.twoBytesPerUnit) this.byte += 2 * text.length;
    else {
      this.byte += Buffer.byteLength(text, 'utf8');
      const c = this.corrections;
      while (this.nextCorrection < c.length && c[this.nextCorrection]!.at < end) this.byte += c[this.nextCorrection++]!.delta;
      if (this.nextCorrection > 1024) {
        c.splice(0, this.nextCorrection);
        this.nextCorrection = 0;
      }
    }
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      this.line++;
      nl = text.indexOf('\n', nl + 1);
    }
    this.char = end;
  }
}

export interface ChunkDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
  /** byte offset (in the whole input) of the first undecodable byte, if any */
  firstInvalidByte: number | null;
  /** what undecodable means in this encoding, for the parse issue */
  readonly invalidWhat: string;
}

/** ES2024 string methods (Node ≥ 20), not in this project's ES2022 lib typings. */
type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/** Index of the first unpaired surrogate in `text`, or -1. */
function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    return i;
  }
  return -1;
}

/**
 * UTF-16: every code unit is 2 bytes, so offsets stay exact. An unpaired surrogate (or a dangling
 * last byte) is damage like an invalid UTF-8 byte: it becomes U+FFFD, one unit for one unit, and the
 * first one is reported. A surrogate pair split across chunks is not damage (the decoder waits).
 */
class Utf16Decoder implements ChunkDecoder {
  firstInvalidByte: number | null = null;
  readonly invalidWhat = 'invalid UTF-16 (an unpaired surrogate or a dangling byte)';
  private readonly decoder = new StringDecoder('utf16le');
  /** big-endian input: a byte waiting for the other half of its code unit */
  private pending: Buffer | null = null;
  /** code units handed out so far, and input bytes taken */
  private units = 0;
  private bytesIn = 0;
  /** a high surrogate that ended the last piece: its low half may start the next one */
  private high = '';
  constructor(private readonly littleEndian: boolean, private readonly bomLength: number) {}

  write(chunk: Uint8Array): string {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.bytesIn += buf.length;
    if (!this.littleEndian) {
      // swapped into little-endian (a copy: the caller's bytes are not ours to change)
      const all = this.pending ? Buffer.concat([this.pending, buf]) : Buffer.from(buf);
      const even = all.length & ~1;
      this.pending = even < all.length ? all.subarray(even) : null;
      buf = all.subarray(0, even).swap16();
    }
    return this.checked(this.decoder.write(buf));
  }

  end(): string {
    const text = this.checked(this.decoder.end(), true);
    if (this.bytesIn % 2 === 1 && this.firstInvalidByte === null) this.firstInvalidByte = this.bomLength + this.bytesIn - 1;
    return text;
  }

  private checked(decoded: string, last = false): string {
    let text = this.high + decoded;
    this.high = '';
    // the string decoder can hand out the two halves of a pair in different pieces
    const c = text.charCodeAt(text.length - 1);
    if (!last && c >= 0xd800 && c <= 0xdbff) {
      this.high = text.slice(-1);
      text = text.slice(0, -1);
    }
    const w = text as unknown as WellFormed;
    if (!w.isWellFormed()) {
      if (this.firstInvalidByte === null) this.firstInvalidByte = this.bomLength + 2 * (this.units + firstLoneSurrogate(text));
      text = w.toWellFormed();
    }
    this.units += text.length;
    return text;
  }
}

const REPLACEMENT = '\uFFFD';

/**
 * UTF-8 decoded on whole-character boundaries: the incomplete tail of a chunk waits for the next
 * one. Valid text takes the fast native path; text with invalid bytes is decoded here, one U+FFFD
 * per invalid byte, and each substitution is reported to the tracker so byte offsets stay exact.
 */
class Utf8Decoder implements ChunkDecoder {
  firstInvalidByte: number | null = null;
  readonly invalidWhat = 'invalid UTF-8';
  private carry: Buffer | null = null;
  /** absolute decoded-character count and input byte count so far */
  private chars = 0;
  private bytes: number;
  constructor(private readonly tracker: PositionTracker, bomLength: number) {
    this.bytes = bomLength;
  }

  write(chunk: Uint8Array): string {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      buf = Buffer.concat([this.carry, buf]);
      this.carry = null;
    }
    const end = completeLength(buf);
    if (end < buf.length) this.carry = Buffer.from(buf.subarray(end));
    return this.decode(buf, end);
  }

  end(): string {
    const rest = this.carry;
    this.carry = null;
    return rest ? this.decode(rest, rest.length) : '';
  }

  private decode(buf: Buffer, end: number): string {
    const bytes = end === buf.length ? buf : buf.subarray(0, end);
    // Most exports are pure ASCII (python-evtx writes every other character as a reference), and
    // copying ASCII bytes is several times faster than general UTF-8 decoding.
    if (isAscii(bytes)) {
      const s = bytes.toString('latin1');
      this.chars += s.length;
      this.bytes += end;
      return s;
    }
    let s = bytes.toString('utf8');
    if (s.indexOf(REPLACEMENT) !== -1) s = this.decodeSlowly(buf, end);
    this.chars += s.length;
    this.bytes += end;
    return s;
  }

  private decodeSlowly(buf: Buffer, end: number): string {
    const parts: string[] = [];
    let runStart = 0;
    let length = 0;
    let i = 0;
    while (i < end) {
      const n = validSequenceLength(buf, i, end);
      if (n > 0) {
        i += n;
        continue;
      }
      if (i > runStart) {
        const run = buf.toString('utf8', runStart, i);
        parts.push(run);
        length += run.length;
      }
      if (this.firstInvalidByte === null) this.firstInvalidByte = this.bytes + i;
      // U+FFFD counts as 3 bytes in Buffer.byteLength but stands for 1 input byte here.
      this.tracker.correct(this.chars + length, 1 - 3);
      parts.push(REPLACEMENT);
      length += 1;
      i += 1;
      runStart = i;
    }
    if (end > runStart) parts.push(buf.toString('utf8', runStart, end));
    return parts.join('');
  }
}

/** Length of the prefix of `buf` that ends on a character boundary. */
function completeLength(buf: Buffer): number {
  const len = buf.length;
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = buf[len - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? len - back : len;
  }
  return len;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there cannot start one. */
function validSequenceLength(buf: Buffer, i: number, end: number): number {
  const b0 = buf[i]!;
  if (b0 < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) need = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 3;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 4;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + need > end) return 0;
  const b1 = buf[i + 1]!;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < need; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return 0;
  return need;
}

export function createDecoder(encoding: TextEncoding, tracker: PositionTracker, bomLength: number): ChunkDecoder {
  switch (encoding) {
    case 'utf-16le':
    case 'utf-16le-bom':
      return new Utf16Decoder(true, bomLength);
    case 'utf-16be':
    case 'utf-16be-bom':
      return new Utf16Decoder(false, bomLength);
    default:
      return new Utf8Decoder(tracker, bomLength);
  }
}

export function isTwoByteEncoding(encoding: TextEncoding): boolean {
  return encoding.startsWith('utf-16');
}
