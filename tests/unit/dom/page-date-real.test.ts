/**
 * The page-date detector on the saved real pages of ../shared/real-pages
 * (skipped when absent), against the publication dates we labelled by hand
 * from each page's visible byline and metadata (tests/fixtures/real-pages/
 * dates.json). Aims (issue 17): at least 95 % of dated pages right to the
 * day, a wrong date on at most 1 % of pages. `npm run -s page-dates` prints
 * the same figures.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measurePageDates, REAL_PAGES } from '../../tools/page-date-accuracy';

describe.skipIf(!existsSync(REAL_PAGES))('publication dates of saved real pages', () => {
  it('are right to the day on 95 % of dated pages, and wrong on at most 1 % of pages', async () => {
    const result = await measurePageDates(new Date('2026-12-01T12:00:00Z'));
    expect(result.pages).toBe(181);
    const misses = result.outcomes.filter((o) => o.outcome !== 'exact' && o.outcome !== 'none');
    expect(result.exactShare, JSON.stringify(misses, null, 1)).toBeGreaterThanOrEqual(0.95);
    expect(result.wrongShare, JSON.stringify(misses, null, 1)).toBeLessThanOrEqual(0.01);
  }, 120_000);
});
