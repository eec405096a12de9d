/**
 * Unsigned integer streams as base64 text of LEB128 varints: small numbers
 * (most trie fields) take one byte, and the result is a plain JSON string.
 * Encoded by hand; decoded with the platform's atob (Node, workers and pages have it).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export class VarintWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;

  /** Appends a non-negative integer below 2^32. */
  push(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`varint out of range: ${value}`);
    }
    if (this.length + 5 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.bytes[this.length++] = v;
  }

  toBase64(): string {
    return encodeBase64(this.bytes.subarray(0, this.length));
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk +=
      ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    if (chunk.length >= 8192) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    chunk += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  chunks.push(chunk);
  return chunks.join('');
}

/** Reads varints back from `encodeBase64` text, one at a time. */
export class VarintReader {
  /** The decoded bytes, one per character: the browser's native base64 decoder does the work. */
  private readonly bytes: string;
  private pos = 0;

  constructor(base64: string) {
    try {
      this.bytes = atob(base64);
    } catch {
      throw new Error('corrupt matcher index: bad base64');
    }
  }

  next(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new Error('corrupt matcher index: truncated');
      const byte = this.bytes.charCodeAt(this.pos++);
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 35) throw new Error('corrupt matcher index: varint too long');
    }
  }
}
