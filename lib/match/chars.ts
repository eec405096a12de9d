/**
 * Character classes shared by normalisation, compilation and matching.
 * Lookups are cached per code unit so the hot loops never run a regex.
 */

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

// Per BMP code unit: 0 = not classified yet, 1 = word character, 2 = not.
const bmpWord = new Uint8Array(0x10000);
const astralWord = new Map<number, boolean>();
// In ASCII, the word characters are the letters and digits.
for (let c = 0; c < 0x80; c++) {
  const letterOrDigit =
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  bmpWord[c] = letterOrDigit ? 1 : 2;
}

/** Latin-1 word characters without a case: ª ² ³ ¹ º ¼ ½ ¾. */
const LATIN1_UNCASED_WORDS = '\u00AA\u00B2\u00B3\u00B9\u00BA\u00BC\u00BD\u00BE';

/**
 * A BMP character's class where it is cheap to tell, else null: Latin-1 and
 * General Punctuation (spaces, dashes, quotes: no word character) by table,
 * and any character with a case mapping is a letter or mark, but for the
 * circled letters (symbols). That settles Latin, Greek and Cyrillic text and
 * its punctuation without the Unicode-property regex, whose compilation
 * alone costs a page a few milliseconds. (tests/unit/match/chars.test.ts
 * checks this over the whole BMP.)
 */
function wordWithoutRegex(c: number, ch: string): boolean | null {
  if (c >= 0x2000 && c <= 0x206f) return false;
  const cased = ch.toLowerCase() !== ch.toUpperCase();
  if (c < 0x100) return cased || LATIN1_UNCASED_WORDS.includes(ch);
  if (cased && (c < 0x24b6 || c > 0x24e9)) return true;
  return null;
}

/** 1 for ASCII letters and digits, for hot loops; other ASCII is 2. */
export const ASCII_WORD: Readonly<Uint8Array> = bmpWord.slice(0, 0x80);

export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

export function combineSurrogates(high: number, low: number): number {
  return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
}

/** A letter, digit or mark in any script: what a whole-word match may not touch. */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    const known = bmpWord[cp]!;
    if (known !== 0) return known === 1;
    // Lone surrogates are never word characters.
    const ch = String.fromCharCode(cp);
    const word =
      cp < 0xd800 || cp > 0xdfff ? (wordWithoutRegex(cp, ch) ?? WORD_CHAR.test(ch)) : false;
    bmpWord[cp] = word ? 1 : 2;
    return word;
  }
  let word = astralWord.get(cp);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(cp));
    astralWord.set(cp, word);
  }
  return word;
}

/** Whether the code point that starts or continues at `i` is a word character. */
export function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 0x80) return bmpWord[c] === 1;
  if (isHighSurrogate(c)) {
    const d = s.charCodeAt(i + 1);
    return isLowSurrogate(d) && isWordCodePoint(combineSurrogates(c, d));
  }
  if (isLowSurrogate(c)) {
    const h = s.charCodeAt(i - 1);
    return isHighSurrogate(h) && isWordCodePoint(combineSurrogates(h, c));
  }
  return isWordCodePoint(c);
}

/** Whether the code point just before offset `i` is a word character. */
export function isWordBefore(s: string, i: number): boolean {
  return i > 0 && isWordAt(s, i - 1);
}

/** White space the matcher treats as one space: runs of these match a single space in an alias. */
export function isSpaceCode(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

// Single-unit uppercase of each BMP code unit (itself when none or when it would change length).
const bmpUpper = new Uint16Array(0x10000);
const bmpUpperKnown = new Uint8Array(0x10000);

/** Uppercase of a code unit, kept only when it is one code unit; the unit itself otherwise. */
export function upperCodeUnit(c: number): number {
  if (bmpUpperKnown[c] === 1) return bmpUpper[c]!;
  const upper = String.fromCharCode(c).toUpperCase();
  const result = upper.length === 1 ? upper.charCodeAt(0) : c;
  bmpUpper[c] = result;
  bmpUpperKnown[c] = 1;
  return result;
}

// Single-unit lowercase of each BMP code unit; 0 = not computed yet.
const bmpLower = new Uint16Array(0x10000);
for (let c = 1; c < 0x80; c++) bmpLower[c] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;

/**
 * Lowercase of a code unit, the case fold used everywhere (aliases, phrases,
 * page text). Kept as is when the lowercase is not one unit, and for
 * surrogates (astral letters are not case-folded). Final sigma folds to σ.
 */
export function lowerCodeUnit(c: number): number {
  const known = bmpLower[c]!;
  if (known !== 0 || c === 0) return known;
  let result = c;
  if (c < 0xd800 || c > 0xdfff) {
    const lower = String.fromCharCode(c).toLowerCase();
    if (lower.length === 1) result = lower === 'ς' ? 0x03c3 : lower.charCodeAt(0);
  }
  if (c === 0x03c2) result = 0x03c3;
  bmpLower[c] = result;
  return result;
}

/** The lookup table behind `lowerCodeUnit`, for hot loops: 0 means call `lowerCodeUnit`. */
export const LOWER_TABLE: Readonly<Uint16Array> = bmpLower;
