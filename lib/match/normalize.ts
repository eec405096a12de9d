/**
 * Text normalisation for matching, with an exact map back to the original's
 * UTF-16 offsets. Each code point is normalised on its own (no context), so
 * aliases, context words and page text all normalise the same way; what
 * happens to each code point is decided in char-folds.ts.
 */

import {
  ATTACH,
  BMP_KIND,
  REPLACE,
  SAME,
  UNKNOWN,
  astralKindOf,
  bmpKindOf,
  replacementOf,
} from './char-folds';
import {
  combineSurrogates,
  isHighSurrogate,
  isLowSurrogate,
  isSpaceCode,
  lowerCodeUnit,
} from './chars';
import { OffsetMapBuilder, snapBack, snapForward, type OffsetMap } from './offset-map';

const SURROGATE = /[\uD800-\uDFFF]/g;
/** What native toLowerCase may fold otherwise than one unit for one: astral letters, and sigma (to final sigma). */
const FOLD_CARE = /[\uD800-\uDFFF\u03a3\u03c2]/;
const NON_ASCII = /[^\0-\x7f]/g;
/** White space that collapseSpaces would change: a run, a space other than U+0020, or one at either end. */
const NEEDS_COLLAPSE = /[\t-\r]| {2}|^ | $/;

/**
 * Lowercase fold, one code unit for one (see `lowerCodeUnit`), so offsets are
 * shared with the text. Native toLowerCase agrees except on final sigma,
 * characters whose lowercase is longer, and astral letters.
 */
function foldCase(text: string): string {
  const lower = text.toLowerCase();
  let same = lower.length === text.length;
  if (same && !FOLD_CARE.test(text)) return lower;
  if (same) {
    SURROGATE.lastIndex = 0;
    for (let m = SURROGATE.exec(text); m !== null && same; m = SURROGATE.exec(text)) {
      same = lower.charCodeAt(m.index) === text.charCodeAt(m.index);
    }
  }
  if (same) return lower.includes('ς') ? lower.replace(/ς/g, 'σ') : lower;
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = lowerCodeUnit(text.charCodeAt(i));
  let out = '';
  for (let i = 0; i < units.length; i += 4096) {
    out += String.fromCharCode(...units.subarray(i, i + 4096));
  }
  return out;
}

/** Text normalised for matching, with its lowercase fold and the map back to the original. */
export class NormalizedText {
  private foldedText: string | null = null;

  constructor(
    /** The text as given. */
    readonly original: string,
    /** Normalised text; case is kept (case rules need it). */
    readonly text: string,
    /** Null when every offset of `text` is that of `original` (same length, changes of one character for one). */
    private readonly map: OffsetMap | null,
  ) {}

  /** `text` lowercased, same length (see `lowerCodeUnit`); computed on first use. */
  get folded(): string {
    this.foldedText ??= foldCase(this.text);
    return this.foldedText;
  }

  /** Original offset where normalised offset `i` starts (0 ≤ i ≤ text.length); never inside a character. */
  originalStart(i: number): number {
    if (this.map !== null) return this.map.start(i, this.original);
    return snapBack(this.original, Math.max(0, Math.min(i, this.original.length)));
  }

  /** Original offset where a range ending at normalised offset `i` ends, combining marks included. */
  originalEnd(i: number): number {
    if (i <= 0 || this.text.length === 0) return this.originalStart(0);
    if (this.map !== null) return this.map.end(i, this.original);
    return snapForward(this.original, Math.min(i, this.original.length));
  }

  /** The original range for the normalised range [start, end). */
  toOriginal(start: number, end: number): { start: number; end: number } {
    const s = this.originalStart(start);
    return { start: s, end: end > start ? this.originalEnd(end) : s };
  }
}

/**
 * The offset map of a text whose changes so far all kept offsets: everything
 * maps to itself, but the last replaced character, which a combining mark may follow.
 */
function mapFrom(lastReplaced: [number, number, number] | null): OffsetMapBuilder {
  const map = new OffsetMapBuilder();
  if (lastReplaced === null || lastReplaced[0] > 0) map.unchanged(0, 0);
  if (lastReplaced !== null) map.replaced(...lastReplaced);
  return map;
}

/** Normalise text for matching (see the module comment). Case is kept; `.folded` is for lookups. */
export function normalizeText(original: string): NormalizedText {
  const length = original.length;
  let parts: string[] | null = null;
  // Most changes keep the length (é → e, ’ → ', a no-break space → a space), and then every
  // offset is its own: the map is only built from the first change of length on.
  let map: OffsetMapBuilder | null = null;
  /** The last character replaced before the map existed: [normalised start, original start, end]. */
  let lastReplaced: [number, number, number] | null = null;
  let runStart = 0; // original offset where the current unchanged run starts
  let normLength = 0; // normalised length before that run
  let i = 0;
  while (i < length) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
      // ASCII never changes: jump over the run with a native search, not unit by unit.
      NON_ASCII.lastIndex = i;
      i = NON_ASCII.exec(original) === null ? length : NON_ASCII.lastIndex - 1;
      continue;
    }
    let kind = SAME;
    let cp = c;
    let width = 1;
    if (c < 0xd800 || c > 0xdfff) {
      kind = BMP_KIND[c]!;
      if (kind === UNKNOWN) kind = bmpKindOf(c);
    } else if (isHighSurrogate(c) && isLowSurrogate(original.charCodeAt(i + 1))) {
      cp = combineSurrogates(c, original.charCodeAt(i + 1));
      width = 2;
      kind = astralKindOf(cp);
    }
    if (kind === SAME) {
      i += width;
      continue;
    }
    parts ??= [];
    const next = i + width;
    if (kind === ATTACH && i > runStart) {
      // The mark belongs to the run's last character: map that character on its own.
      const pair =
        i - 2 >= runStart &&
        isLowSurrogate(original.charCodeAt(i - 1)) &&
        isHighSurrogate(original.charCodeAt(i - 2));
      const last = pair ? i - 2 : i - 1;
      const builder = (map ??= mapFrom(lastReplaced));
      if (last > runStart) {
        parts.push(original.slice(runStart, last));
        builder.unchanged(normLength, runStart);
        normLength += last - runStart;
      }
      parts.push(original.slice(last, i));
      builder.replaced(normLength, last, next);
      normLength += i - last;
    } else if (kind === ATTACH) {
      (map ??= mapFrom(lastReplaced)).attachMark(i, next);
    } else {
      const replacement = kind === REPLACE ? replacementOf(cp) : '';
      const sameLength = replacement.length === width;
      if (i > runStart) {
        parts.push(original.slice(runStart, i));
        if (map !== null || !sameLength)
          (map ??= mapFrom(lastReplaced)).unchanged(normLength, runStart);
        normLength += i - runStart;
      }
      parts.push(replacement);
      if (map !== null || !sameLength)
        (map ??= mapFrom(lastReplaced)).replaced(normLength, i, next);
      else lastReplaced = [normLength, i, next];
      normLength += replacement.length;
      // DROP: nothing is written.
    }
    runStart = next;
    i = next;
  }
  if (parts === null) return new NormalizedText(original, original, null);
  if (runStart < length) {
    parts.push(original.slice(runStart));
    map?.unchanged(normLength, runStart);
    normLength += length - runStart;
  }
  const text = parts.join('');
  return new NormalizedText(original, text, map?.build(normLength) ?? null);
}

/**
 * The lookup key of a word or phrase (alias, context word, veto phrase):
 * normalised, lowercased, white-space runs as one space, trimmed.
 */
export function foldPhrase(phrase: string): string {
  return collapseSpaces(normalizeText(phrase).folded);
}

/** An alias as written, normalised but with its case kept, white space collapsed like `foldPhrase`. */
export function normalizeForm(phrase: string): string {
  return collapseSpaces(normalizeText(phrase).text);
}

/** White-space runs as one space, trimmed at both ends (keeps the length of nothing else). */
export function collapseSpaces(s: string): string {
  if (!NEEDS_COLLAPSE.test(s)) return s;
  let out = '';
  let pendingSpace = false;
  let runFrom = 0;
  let i = 0;
  for (; i < s.length; i++) {
    if (!isSpaceCode(s.charCodeAt(i))) continue;
    if (runFrom < i) {
      if (pendingSpace && out !== '') out += ' ';
      out += s.slice(runFrom, i);
      pendingSpace = false;
    }
    pendingSpace = true;
    runFrom = i + 1;
  }
  if (runFrom < i) {
    if (pendingSpace && out !== '') out += ' ';
    out += s.slice(runFrom, i);
  }
  return out;
}
