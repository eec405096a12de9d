/**
 * What the extension costs real pages: a sample of the saved news pages of
 * ../shared/real-pages (served without their scripts, every request off
 * 127.0.0.1 refused: tests/browser/real-pages.ts), loaded alternately with
 * and without the extension, each load traced. With the extension, a load
 * ends when the content script says its scan has finished (pageStatus
 * `scanned`, asked through the service worker), never after a fixed wait.
 *
 * - extensionMs: per page, busy time with minus without (median of pairs);
 *   the figure is the median over the sample, with the page's own busy time
 *   beside it, and their ratio.
 * - longestTaskMs: the longest task in which extension code ran, the worst
 *   page of the sample.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_PAGES, realPagesPresent, serveRealPages } from '../browser/real-pages';
import { afterTwoFrames, waitForScanEnd, type Profile } from './chromium';
import { NAME_HELPER, median, progress } from './stats';
import { Tracer, summarise, type MainThreadSummary } from './trace';

export interface RealPagesResult {
  pages: number;
  /** Median over the sample of the per-page median difference, ms. */
  extensionMs: number | null;
  /** Median over the sample of the page's own busy time, ms. */
  pageMs: number | null;
  /** Median over the sample of extensionMs / pageMs. */
  ratio: number | null;
  /** The worst page's longest task with extension code in it, ms. */
  longestTaskMs: number | null;
  runs: number;
}

/** Every k-th saved page by size, so that small and large ones are both in the sample. */
export function samplePages(count: number): string[] {
  const files = readdirSync(REAL_PAGES)
    .filter((name) => name.endsWith('.html.gz'))
    .map((name) => ({ name, size: statSync(join(REAL_PAGES, name)).size }))
    .sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  const step = files.length / count;
  return Array.from(
    { length: Math.min(count, files.length) },
    (_, i) => files[Math.floor(i * step)]!.name,
  );
}

async function load(profile: Profile, url: string): Promise<MainThreadSummary | null> {
  const page = await profile.context.newPage();
  await page.addInitScript(NAME_HELPER);
  const tracer = await Tracer.start(page);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await afterTwoFrames(page);
  if (profile.extensionOrigin) await waitForScanEnd(profile, url);
  const events = await tracer.stop();
  await page.close();
  return summarise(events, url);
}

export async function measureRealPages(
  profiles: { with: Profile; without: Profile },
  options: { quick: boolean },
): Promise<RealPagesResult | null> {
  if (!realPagesPresent) return null;
  const files = samplePages(options.quick ? 4 : 12);
  const runs = options.quick ? 1 : 3;
  const server = await serveRealPages();
  const differences: number[] = [];
  const own: number[] = [];
  const ratios: number[] = [];
  let longest: number | null = null;
  try {
    for (const file of files) {
      const url = server.urlOf(file);
      progress(`real page ${file.slice(0, 8)}: ${runs} paired loads`);
      await load(profiles.without, url);
      await load(profiles.with, url);
      const pairs: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < runs; i++) {
        const without = await load(profiles.without, url);
        const withExtension = await load(profiles.with, url);
        if (!without || !withExtension) continue;
        pairs.push(withExtension.busyMs - without.busyMs);
        plain.push(without.busyMs);
        longest = Math.max(longest ?? 0, withExtension.longestExtensionTaskMs ?? 0);
      }
      if (pairs.length === 0) continue;
      const difference = median(pairs);
      const busy = median(plain);
      differences.push(difference);
      own.push(busy);
      if (busy > 0) ratios.push(difference / busy);
    }
  } finally {
    await server.close();
  }
  const medianOrNull = (values: number[]) => (values.length > 0 ? median(values) : null);
  return {
    pages: differences.length,
    extensionMs: medianOrNull(differences),
    pageMs: medianOrNull(own),
    ratio: medianOrNull(ratios),
    longestTaskMs: longest,
    runs,
  };
}
