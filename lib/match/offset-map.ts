/**
 * Maps normalised offsets back to the original text. Normalised text is a
 * sequence of pieces: unchanged runs (offsets shift by a constant) and
 * replaced characters (every unit maps to the whole original character,
 * combining marks included). Only changes cost memory, not every character.
 */

import { isHighSurrogate, isLowSurrogate } from './chars';

export class OffsetMapBuilder {
  private readonly normStart: number[] = [];
  private readonly origStart: number[] = [];
  /** Original end of a replaced piece; -1 for an unchanged run. */
  private readonly origEnd: number[] = [];

  unchanged(normStart: number, origStart: number): void {
    this.normStart.push(normStart);
    this.origStart.push(origStart);
    this.origEnd.push(-1);
  }

  replaced(normStart: number, origStart: number, origEnd: number): void {
    this.normStart.push(normStart);
    this.origStart.push(origStart);
    this.origEnd.push(origEnd);
  }

  /** Extends the last piece over a combining mark ending at `origEnd`, if that piece is a replaced character ending at `markStart`. */
  attachMark(markStart: number, origEnd: number): void {
    const last = this.origEnd.length - 1;
    if (last >= 0 && this.origEnd[last] === markStart) this.origEnd[last] = origEnd;
  }

  build(normLength: number): OffsetMap {
    return new OffsetMap(
      Int32Array.from(this.normStart),
      Int32Array.from(this.origStart),
      Int32Array.from(this.origEnd),
      normLength,
    );
  }
}

export class OffsetMap {
  constructor(
    private readonly normStart: Int32Array,
    private readonly origStart: Int32Array,
    private readonly origEnd: Int32Array,
    private readonly normLength: number,
  ) {}

  /** The piece holding normalised unit `unit` (0 ≤ unit < normLength). */
  private pieceOf(unit: number): number {
    let lo = 0;
    let hi = this.normStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.normStart[mid]! <= unit) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Original offset where normalised unit `i` starts; `originalLength` at or past the end. */
  start(i: number, original: string): number {
    if (i >= this.normLength) return original.length;
    const k = this.pieceOf(Math.max(0, i));
    const end = this.origEnd[k]!;
    if (end >= 0) return this.origStart[k]!;
    return snapBack(original, this.origStart[k]! + (i - this.normStart[k]!));
  }

  /** Original offset where a range ending at normalised offset `i` (≥ 1) ends. */
  end(i: number, original: string): number {
    const unit = Math.min(i, this.normLength) - 1;
    const k = this.pieceOf(unit);
    const end = this.origEnd[k]!;
    if (end >= 0) return end;
    return snapForward(original, this.origStart[k]! + (unit + 1 - this.normStart[k]!));
  }
}

/** `o`, or the start of the surrogate pair `o` falls inside. */
export function snapBack(original: string, o: number): number {
  return o > 0 &&
    isLowSurrogate(original.charCodeAt(o)) &&
    isHighSurrogate(original.charCodeAt(o - 1))
    ? o - 1
    : o;
}

/** `o`, or the end of the surrogate pair `o` falls inside. */
export function snapForward(original: string, o: number): number {
  return o > 0 &&
    isLowSurrogate(original.charCodeAt(o)) &&
    isHighSurrogate(original.charCodeAt(o - 1))
    ? o + 1
    : o;
}
