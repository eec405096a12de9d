import { describe, expect, it } from 'vitest';
import { isWordCodePoint } from '../../../lib/match/chars';

/** The definition: a letter, digit or mark in any script. */
const WORD = /^[\p{L}\p{N}\p{M}]$/u;

describe('word characters', () => {
  it('agree with the Unicode-property definition over the whole BMP (the shortcuts included)', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const expected = c >= 0xd800 && c <= 0xdfff ? false : WORD.test(String.fromCharCode(c));
      if (isWordCodePoint(c) !== expected) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('classify astral letters and symbols', () => {
    expect(isWordCodePoint(0x1d400)).toBe(true); // mathematical bold A
    expect(isWordCodePoint(0x20000)).toBe(true); // CJK ideograph
    expect(isWordCodePoint(0x1f600)).toBe(false); // emoji
  });
});
