/**
 * Normalisation for matching: what it folds, and that every normalised range
 * maps back to an exact range of the original text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldPhrase, normalizeText } from '../../../lib/match/normalize';

/** Characters normalisation treats specially, mixed with plain text. */
const TRICKY = [
  'a',
  'Z',
  '1',
  ' ',
  '\n',
  '\t',
  "'",
  '-',
  'é',
  'É',
  'e\u0301',
  '\u0301',
  '\u0302',
  'œ',
  'Œ',
  'ß',
  'ﬃ',
  'ł',
  'İ',
  'Σ',
  'ς',
  '’',
  '‘',
  '“',
  '«',
  '\u00A0',
  '\u202F',
  '\u2009',
  '\u00AD',
  '\u200B',
  '\u200D',
  '\uFEFF',
  '\uFE0F',
  '–',
  '—',
  '한',
  '日',
  'ä',
  '😀',
  '👩‍💻',
  '𝐀',
  '𐐀',
  '\uD83D',
  '\uDE00',
];

const trickyString = fc
  .array(fc.constantFrom(...TRICKY), { maxLength: 30 })
  .map((parts) => parts.join(''));
/** Any UTF-16 code units, lone surrogates included. */
const anyUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 })
  .map((units) => String.fromCharCode(...units));
const anyText = fc.oneof(trickyString, anyUnits, fc.string({ unit: 'binary', maxLength: 30 }));

function insidePair(s: string, offset: number): boolean {
  if (offset <= 0 || offset >= s.length) return false;
  const before = s.charCodeAt(offset - 1);
  const after = s.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

describe('normalizeText', () => {
  it('turns typographic punctuation, spaces and dashes into ASCII', () => {
    const n = normalizeText('d’OpenAI «\u00A0Mistral\u202F» – “x” ‘y’ a\u2009b');
    expect(n.text).toBe(`d'OpenAI " Mistral " - "x" 'y' a b`);
  });

  it('drops soft hyphens and zero-width characters', () => {
    expect(normalizeText('Open\u00ADAI\u200B \uFEFFNvi\u200Ddia\u2060').text).toBe('OpenAI Nvidia');
  });

  it('folds diacritics, precomposed or combining, and spells out ligatures', () => {
    expect(normalizeText('Société Générale').text).toBe('Societe Generale');
    expect(normalizeText('Socie\u0301te\u0301').text).toBe('Societe');
    expect(normalizeText('œuvre Æsop Straße Łódź ﬁn').text).toBe('oeuvre AEsop Strasse Lodz fin');
  });

  it('keeps the case in the text and folds it separately, same length', () => {
    const n = normalizeText('ÉCOLE Société ΣΟΦΟΣ');
    expect(n.text).toBe('ECOLE Societe ΣΟΦΟΣ');
    expect(n.folded).toBe('ecole societe σοφοσ');
  });

  it('leaves other scripts alone', () => {
    expect(normalizeText('한국 日本 Москва').text).toBe('한국 日本 Москва');
  });

  it('maps a normalised range back to the original, combining marks included', () => {
    const original = 'La Socie\u0301te\u0301 Ge\u0301ne\u0301rale\u00AD!';
    const n = normalizeText(original);
    const start = n.text.indexOf('Societe Generale');
    const range = n.toOriginal(start, start + 'Societe Generale'.length);
    expect(original.slice(range.start, range.end)).toBe('Socie\u0301te\u0301 Ge\u0301ne\u0301rale');
  });

  it('keeps offsets without a map while changes keep the length, and maps a later mark to its character', () => {
    // é → e and ’ → ' keep every offset; the combining mark after the second é is dropped.
    const n = normalizeText('Café’s cafe\u0301 and é\u0301!');
    expect(n.text).toBe("Cafe's cafe and e!");
    expect(n.toOriginal(0, 6)).toEqual({ start: 0, end: 6 });
    expect(n.toOriginal(7, 11)).toEqual({ start: 7, end: 12 });
    expect(n.toOriginal(16, 17)).toEqual({ start: 17, end: 19 });
    expect(n.toOriginal(17, 18)).toEqual({ start: 19, end: 20 });
  });

  it('maps expanded ligatures to the whole original character', () => {
    const n = normalizeText('«\u00A0œuvre\u00A0»');
    const start = n.text.indexOf('oeuvre');
    expect(n.toOriginal(start, start + 6)).toEqual({ start: 2, end: 7 });
    // Half of "oe" still covers the whole "œ".
    expect(n.toOriginal(start + 1, start + 2)).toEqual({ start: 2, end: 3 });
  });

  it('never splits a surrogate pair, even for offsets inside one', () => {
    const n = normalizeText('😀é😀');
    expect(n.text).toBe('😀e😀');
    expect(n.toOriginal(1, 3)).toEqual({ start: 0, end: 3 });
    expect(n.toOriginal(3, 4)).toEqual({ start: 3, end: 5 });
  });
});

describe('normalizeText properties', () => {
  it('folded text has the same length as the text, and text is normalised per code point', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalizeText(s);
        expect(n.folded.length).toBe(n.text.length);
        let perCodePoint = '';
        for (const ch of s) perCodePoint += normalizeText(ch).text;
        expect(n.text).toBe(perCodePoint);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = normalizeText(s).text;
        expect(normalizeText(once).text).toBe(once);
      }),
    );
  });

  it('maps any normalised range to an original range that produces it, without splitting a pair', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (s, a, b) => {
        const n = normalizeText(s);
        const length = n.text.length;
        const start = length === 0 ? 0 : a % (length + 1);
        const end = start + (length === 0 ? 0 : b % (length - start + 1));
        const range = n.toOriginal(start, end);
        expect(range.start).toBeGreaterThanOrEqual(0);
        expect(range.end).toBeGreaterThanOrEqual(range.start);
        expect(range.end).toBeLessThanOrEqual(s.length);
        expect(insidePair(s, range.start)).toBe(false);
        expect(insidePair(s, range.end)).toBe(false);
        // The original range normalises to text that contains the selection…
        const back = normalizeText(s.slice(range.start, range.end)).text;
        expect(back).toContain(n.text.slice(start, end));
        // …and to nothing more than the characters the selection touches.
        expect(back.length).toBeLessThanOrEqual(end - start + 4);
      }),
    );
  });

  it('maps offsets monotonically', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalizeText(s);
        let previousStart = -1;
        let previousEnd = -1;
        for (let i = 0; i <= n.text.length; i++) {
          const start = n.originalStart(i);
          const end = n.originalEnd(i);
          expect(start).toBeGreaterThanOrEqual(previousStart);
          expect(end).toBeGreaterThanOrEqual(previousEnd);
          previousStart = start;
          previousEnd = end;
        }
      }),
    );
  });

  it('is the identity map on text it does not change', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), fc.nat(), (s, a) => {
        const n = normalizeText(s);
        expect(n.text).toBe(s);
        const i = a % (s.length + 1);
        expect(n.toOriginal(0, i)).toEqual({ start: 0, end: i });
      }),
    );
  });

  it('maps a whole-text range to the whole text, less dropped characters at its ends', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalizeText(s);
        if (n.text.length === 0) return;
        const range = n.toOriginal(0, n.text.length);
        expect(normalizeText(s.slice(0, range.start)).text).toBe('');
        expect(normalizeText(s.slice(range.end)).text).toBe('');
      }),
    );
  });
});

describe('foldPhrase', () => {
  it('folds case, diacritics, quotes and white space runs', () => {
    expect(foldPhrase('  Série\u00A0\n Stargate ')).toBe('serie stargate');
    expect(foldPhrase('L’ESMA')).toBe("l'esma");
  });
});
