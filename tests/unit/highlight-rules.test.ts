/**
 * Chromium's copy of the marks' stylesheet (wxt.config.ts): every rule on
 * :root, inside media queries too, and nothing else changed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rootScopedHighlightRules } from '@/lib/page/highlight-rules';

const CSS_TEXT = readFileSync('public/highlights.css', 'utf8');
const selectors = (css: string) =>
  [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{/g)].map((m) => m[1]!.trim());

describe("Chromium's marks' stylesheet", () => {
  const scoped = rootScopedHighlightRules(CSS_TEXT);

  it('sets every ::highlight() rule on :root, the forced-colours ones too', () => {
    const rules = selectors(scoped).filter((selector) => !selector.startsWith('@'));
    expect(rules.length).toBe(6);
    for (const selector of rules)
      expect(selector).toMatch(/^:root::highlight\(reperes(-tint|-active)?\)$/);
  });

  it('changes nothing but the selectors', () => {
    expect(scoped.replaceAll(':root::highlight(', '::highlight(')).toBe(CSS_TEXT);
    expect(rootScopedHighlightRules(scoped)).toBe(scoped);
  });
});
