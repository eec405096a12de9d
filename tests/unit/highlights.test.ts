/**
 * The marks' own colours against the pages they land on (issue 15): the
 * underline, the tint and the hovered mark must each reach 3:1 (WCAG 1.4.11,
 * non-text contrast) against a white page and a near-black one, so that a mark
 * never vanishes on a dark site; text on a tint keeps 4.5:1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CSS_TEXT = readFileSync('public/highlights.css', 'utf8');

/** The declarations of the first rule for `selector` outside any media query. */
function declarationsOf(selector: string): Record<string, string> {
  const body = CSS_TEXT.split('@media')[0]!;
  const start = body.indexOf(`${selector} {`);
  const block = body.slice(start, body.indexOf('}', start));
  return Object.fromEntries(
    [...block.matchAll(/([a-z-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]),
  );
}

function luminance(hex: string): number {
  const channels = hex
    .slice(1)
    .match(/../g)!
    .map((c) => parseInt(c, 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const PAGES = ['#ffffff', '#121212', '#000000'];

describe('the marks on any page', () => {
  it('::highlight(reperes): its underline reaches 3:1 on white and on near-black pages', () => {
    const colour = declarationsOf('::highlight(reperes)')['text-decoration-color']!;
    expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
    for (const page of PAGES) expect(contrast(colour, page)).toBeGreaterThanOrEqual(3);
  });

  for (const selector of ['::highlight(reperes-tint)', '::highlight(reperes-active)']) {
    it(`${selector}: its tint reaches 3:1 on white and near-black pages, its text 4.5:1 on the tint`, () => {
      const style = declarationsOf(selector);
      const tint = style['background-color']!;
      expect(tint).toMatch(/^#[0-9a-f]{6}$/i); // opaque: a wash over the page's own colour proves nothing
      for (const page of PAGES) expect(contrast(tint, page)).toBeGreaterThanOrEqual(3);
      expect(contrast(style['color']!, tint)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('sets the hovered mark apart from a tinted one, by its text and a solid underline', () => {
    const active = declarationsOf('::highlight(reperes-active)');
    const tint = declarationsOf('::highlight(reperes-tint)');
    expect(active['color']).not.toBe(tint['color']);
    expect(active['text-decoration-style']).toBe('solid');
    expect(
      contrast(active['text-decoration-color']!, active['background-color']!),
    ).toBeGreaterThanOrEqual(3);
  });

  it('keeps the underline in the tinted style, which only adds a background', () => {
    expect(declarationsOf('::highlight(reperes)')['text-decoration-line']).toBe('underline');
    expect(declarationsOf('::highlight(reperes-tint)')['text-decoration-line']).toBeUndefined();
  });
});
