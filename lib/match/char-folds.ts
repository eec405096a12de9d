/**
 * What normalisation does to each code point, decided once per code point
 * and cached: typographic punctuation and spaces to ASCII, format characters
 * dropped, diacritics folded (NFD without its combining marks), a few
 * ligatures and letters NFD leaves alone spelt out in plain Latin.
 */

// What normalisation does to one code point.
export const UNKNOWN = 0;
export const SAME = 1; // kept as is
export const REPLACE = 2; // replaced by other text
export const DROP = 3; // removed (format characters)
export const ATTACH = 4; // removed, and belongs to the preceding character (combining marks)

const APOSTROPHES = '\u2018\u2019\u201A\u201B\u02BC\u2032\u00B4\uFF07';
const QUOTES = '\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u2039\u203A\uFF02';
const SPACES =
  '\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000';
const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D';
const DROPPED = '\u00AD\u200B\u200C\u200D\u2060\uFEFF';
// Letters that NFD does not decompose but that readers treat as plain Latin letters.
const LETTER_FOLDS: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ẞ: 'SS',
  ĳ: 'ij',
  Ĳ: 'IJ',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'st',
  ﬆ: 'st',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
};

const explicit = new Map<number, string>();
for (const ch of APOSTROPHES) explicit.set(ch.charCodeAt(0), "'");
for (const ch of QUOTES) explicit.set(ch.charCodeAt(0), '"');
for (const ch of SPACES) explicit.set(ch.charCodeAt(0), ' ');
for (const ch of DASHES) explicit.set(ch.charCodeAt(0), '-');
for (const ch of DROPPED) explicit.set(ch.charCodeAt(0), '');
for (const [ch, folded] of Object.entries(LETTER_FOLDS)) explicit.set(ch.charCodeAt(0), folded);

/** Combining marks that are diacritics on Latin, Greek or Cyrillic letters (other scripts' marks stay). */
function isFoldedMark(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    // Variation selectors: presentation hints (emoji), not part of any word.
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

/** Kind per BMP code unit (UNKNOWN until `bmpKindOf` has seen it): read directly in hot loops. */
export const BMP_KIND = new Uint8Array(0x10000);
const bmpReplacement = new Map<number, string>();
const astralKind = new Map<number, number>();
const astralReplacement = new Map<number, string>();

function classify(cp: number): { kind: number; replacement: string } {
  const mapped = explicit.get(cp);
  if (mapped !== undefined) return { kind: mapped === '' ? DROP : REPLACE, replacement: mapped };
  if (cp < 0x80) return { kind: SAME, replacement: '' };
  if (isFoldedMark(cp)) return { kind: ATTACH, replacement: '' };
  const decomposed = String.fromCodePoint(cp).normalize('NFD');
  let result = '';
  let changed = false;
  for (const ch of decomposed) {
    const part = ch.codePointAt(0)!;
    if (isFoldedMark(part)) {
      changed = true;
      continue;
    }
    const partMapped = explicit.get(part);
    if (partMapped !== undefined) {
      changed = true;
      result += partMapped;
    } else {
      result += ch;
    }
  }
  // A decomposition that removes nothing (Hangul syllables, singletons) keeps the original.
  if (!changed) return { kind: SAME, replacement: '' };
  return result === '' ? { kind: ATTACH, replacement: '' } : { kind: REPLACE, replacement: result };
}

export function bmpKindOf(c: number): number {
  let kind = BMP_KIND[c]!;
  if (kind === UNKNOWN) {
    const found = classify(c);
    kind = found.kind;
    if (kind === REPLACE) bmpReplacement.set(c, found.replacement);
    BMP_KIND[c] = kind;
  }
  return kind;
}

export function astralKindOf(cp: number): number {
  let kind = astralKind.get(cp);
  if (kind === undefined) {
    const found = classify(cp);
    kind = found.kind;
    if (kind === REPLACE) astralReplacement.set(cp, found.replacement);
    astralKind.set(cp, kind);
  }
  return kind;
}

/** The text a REPLACE code point becomes. */
export function replacementOf(cp: number): string {
  return (cp < 0x10000 ? bmpReplacement.get(cp) : astralReplacement.get(cp)) ?? '';
}
