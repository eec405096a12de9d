/**
 * What the extension costs real pages: the saved news pages of
 * ../shared/real-pages (served without their scripts, every request off
 * 127.0.0.1 refused: tests/browser/real-pages.ts), loaded alternately with
 * and without the extension, each load traced. A full run loads every page
 * (one pair each: the spread over 181 pages says more than repeats of a
 * few); --quick, a sample of four. With the extension, a load ends when the
 * content script signals that its scan has caught up with the reader (a
 * mark in the page's timeline, waited for in the page: chromium.ts
 * waitForScanEnd), never after a fixed wait.
 *
 * - extensionMs: per page, busy time with minus without after the page's
 *   parse (trace.ts; the parse is reported apart); p50 and p95 over
 *   the pages, with the page's own busy time beside it, and their ratio.
 * - floorMs: the same with the floor's build (tests/bench/floor), loaded in
 *   turn with the other two: a content script that does nothing.
 * - firstMarkMs: per page with a mark, from the load event to the first
 *   mark (0 when it came before); p50 and p95 over those pages.
 * - restMs: per page, its busy time while the part of it the scan left for
 *   later (it reads as the reader gets there) is read at once; p50, p95.
 * - longestTaskMs: the longest task in which extension code ran, the worst
 *   page; longestRunMs, the most extension code sampled inside one task (a
 *   page's own long task may contain a little of ours); falseAttributionMs,
 *   the same rule on the loads without the extension, as a check.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_PAGES, realPagesPresent, serveRealPages } from '../browser/real-pages';
import { afterTwoFrames, readRestOf, REST_MARK, waitForScanEnd, type Profile } from './chromium';
import type { PhaseTotals } from '@/lib/page/phase-clock';
import { firstPaintOf, medianPhases, watchFirstPaint } from './page';
import { NAME_HELPER, median, progress, quantile } from './stats';
import {
  Tracer,
  busyFrom,
  busyParsing,
  costDifferences,
  eventsBefore,
  markTime,
  summarise,
  type CostByKind,
  type MainThreadSummary,
} from './trace';

export interface RealPagesResult {
  pages: number;
  /** p50 over the pages of the difference with and without the extension, after the page's parse (trace.ts), ms. */
  extensionMs: number | null;
  extensionMsP95: number | null;
  /** p50 of the same difference while the pages parse, when no extension code runs: their own noise. */
  parsingMs: number | null;
  /** The same, p50 and p95, with the floor's build: what any content script costs these pages. */
  floorMs: number | null;
  floorMsP95: number | null;
  /** Median over the pages of the page's own busy time, ms. */
  pageMs: number | null;
  /** Median over the pages of extensionMs / pageMs. */
  ratio: number | null;
  /** Pages where the extension marked something, and their first mark after the load event. */
  pagesWithMarks: number;
  firstMarkMs: number | null;
  firstMarkMsP95: number | null;
  /** Per page, its busy time while the rest of it is read at once after the scan (readRestOf); p50, p95. */
  restMs: number | null;
  restMsP95: number | null;
  /** The worst page's longest task with extension code in it, ms, and that page. */
  longestTaskMs: number | null;
  longestTaskPage: string | null;
  /** The most extension code sampled in one task, worst page, ms, and that page. */
  longestRunMs: number | null;
  longestRunPage: string | null;
  /** The same attribution on the loads without the extension, worst page: should be 0. */
  falseAttributionMs: number | null;
  /** Median over the pages of the scan's time per phase (the bench build's phase clock). */
  phases: PhaseTotals | null;
  /** What extensionMs is made of, by kind of work (trace.ts): per kind, the median over the pages. */
  costByKind: CostByKind | null;
  /** The same for the floor's build. */
  floorCostByKind: CostByKind | null;
  runs: number;
}

/** Every k-th saved page by size, so that small and large ones are both in the sample; all of them when `count` is at least their number. */
export function samplePages(count: number): string[] {
  const files = readdirSync(REAL_PAGES)
    .filter((name) => name.endsWith('.html.gz'))
    .map((name) => ({ name, size: statSync(join(REAL_PAGES, name)).size }))
    .sort((a, b) => a.size - b.size || a.name.localeCompare(b.name));
  if (count >= files.length) return files.map((file) => file.name);
  const step = files.length / count;
  return Array.from(
    { length: Math.min(count, files.length) },
    (_, i) => files[Math.floor(i * step)]!.name,
  );
}

interface Load {
  summary: MainThreadSummary | null;
  firstMarkMs: number | null;
  phases: PhaseTotals | null;
  restMs: number | null;
}

async function load(profile: Profile, url: string): Promise<Load> {
  const page = await profile.context.newPage();
  await page.addInitScript(NAME_HELPER);
  await page.addInitScript(watchFirstPaint);
  const tracer = await Tracer.start(page);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await afterTwoFrames(page);
  const signal = profile.extensionOrigin ? await waitForScanEnd(page) : undefined;
  const { firstMarkMs } = await firstPaintOf(page);
  const phases = signal?.phases;
  if (profile.extensionOrigin && !profile.floor) await readRestOf(profile, page, url);
  const events = await tracer.stop();
  await page.close();
  const restAt = markTime(events, REST_MARK);
  return {
    summary: summarise(eventsBefore(events, restAt), url),
    firstMarkMs,
    phases: phases ?? null,
    restMs: restAt === undefined ? null : busyFrom(events, url, restAt),
  };
}

export async function measureRealPages(
  profiles: { with: Profile; without: Profile; floor?: Profile },
  options: { quick: boolean; pages?: number },
): Promise<RealPagesResult | null> {
  if (!realPagesPresent) return null;
  const files = samplePages(options.pages ?? (options.quick ? 4 : Number.POSITIVE_INFINITY));
  const runs = 1;
  const server = await serveRealPages();
  const differences: number[] = [];
  const parsingDifferences: number[] = [];
  const floorDifferences: number[] = [];
  const own: number[] = [];
  const ratios: number[] = [];
  const firstMarks: number[] = [];
  const rests: number[] = [];
  const phases: (PhaseTotals | null)[] = [];
  const costs: { with: CostByKind; without: CostByKind }[] = [];
  const floorCosts: { with: CostByKind; without: CostByKind }[] = [];
  let longest: number | null = null;
  let longestPage: string | null = null;
  let longestRun: number | null = null;
  let longestRunPage: string | null = null;
  let falseAttribution: number | null = null;
  try {
    // One warm-up pair: the first load of a profile pays for its caches.
    await load(profiles.without, server.urlOf(files[0]!));
    await load(profiles.with, server.urlOf(files[0]!));
    if (profiles.floor) await load(profiles.floor, server.urlOf(files[0]!));
    for (const [i, file] of files.entries()) {
      const url = server.urlOf(file);
      progress(`real page ${i + 1}/${files.length} ${file.slice(0, 8)}`);
      const without = await load(profiles.without, url);
      const withExtension = await load(profiles.with, url);
      const withFloor = profiles.floor ? await load(profiles.floor, url) : undefined;
      if (withFloor?.summary && without.summary) {
        floorDifferences.push(withFloor.summary.afterParseMs - without.summary.afterParseMs);
        floorCosts.push({ with: withFloor.summary.byKind, without: without.summary.byKind });
      }
      if (withExtension.firstMarkMs !== null) firstMarks.push(withExtension.firstMarkMs);
      if (withExtension.restMs !== null) rests.push(withExtension.restMs);
      phases.push(withExtension.phases);
      if (!without.summary || !withExtension.summary) continue;
      const difference = withExtension.summary.afterParseMs - without.summary.afterParseMs;
      parsingDifferences.push(busyParsing(withExtension.summary) - busyParsing(without.summary));
      costs.push({ with: withExtension.summary.byKind, without: without.summary.byKind });
      differences.push(difference);
      own.push(without.summary.busyMs);
      if (without.summary.busyMs > 0) ratios.push(difference / without.summary.busyMs);
      const task = withExtension.summary.longestExtensionTaskMs;
      if (task > (longest ?? 0)) {
        longest = task;
        longestPage = file;
      }
      const run = withExtension.summary.longestExtensionRunMs;
      if (run > (longestRun ?? 0)) {
        longestRun = run;
        longestRunPage = file;
      }
      falseAttribution = Math.max(falseAttribution ?? 0, without.summary.longestExtensionTaskMs);
    }
  } finally {
    await server.close();
  }
  const medianOrNull = (values: number[]) => (values.length > 0 ? median(values) : null);
  const p95OrNull = (values: number[]) => (values.length > 0 ? quantile(values, 0.95) : null);
  return {
    pages: differences.length,
    extensionMs: medianOrNull(differences),
    extensionMsP95: p95OrNull(differences),
    parsingMs: medianOrNull(parsingDifferences),
    floorMs: medianOrNull(floorDifferences),
    floorMsP95: p95OrNull(floorDifferences),
    pageMs: medianOrNull(own),
    ratio: medianOrNull(ratios),
    pagesWithMarks: firstMarks.length,
    firstMarkMs: medianOrNull(firstMarks),
    firstMarkMsP95: p95OrNull(firstMarks),
    restMs: medianOrNull(rests),
    restMsP95: p95OrNull(rests),
    longestTaskMs: longest,
    longestTaskPage: longestPage,
    longestRunMs: longestRun,
    longestRunPage,
    falseAttributionMs: falseAttribution,
    phases: medianPhases(phases),
    costByKind: costDifferences(costs),
    floorCostByKind: costDifferences(floorCosts),
    runs,
  };
}
