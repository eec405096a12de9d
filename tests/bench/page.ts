/**
 * What the extension costs a page: generated articles of 100,000 and
 * 1,000,000 characters of text, loaded alternately in a profile with the
 * extension and one without, each load traced (tests/bench/trace.ts).
 *
 * - floorMs: the same with the floor's build (tests/bench/floor), loaded
 *   in turn with the other two: a content script that does nothing.
 * - extensionMs: main-thread busy time with the extension minus without,
 *   median of paired loads. A difference, not a sum of the extension's own
 *   events, because much of what it costs is not its script: injecting the
 *   content script, style and paint work for the highlights, garbage
 *   collection. It is noisy on a shared machine; the table also shows the
 *   time of the tasks in which extension code demonstrably ran.
 * - longestTaskMs: the longest main-thread task in which extension code ran
 *   (see trace.ts: a script URL of the extension, or a microtask run, in the
 *   task), median over loads.
 * - firstPaintMs: from navigation start to the first range in the `reperes`
 *   highlight, polled from the page; null when no mention was ever painted.
 * - firstMarkMs: from the load event to that first range (0 when it came
 *   before the load event): how long a reader who sees the page waits for marks.
 * - restMs: the page's busy time while the rest of it is read at once, once
 *   the scan has caught up with the reader (it reads the first screens, and
 *   the rest as the reader gets there): what reading the whole page adds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serveFolder, type StaticServer } from '../browser/server';
import type { PhaseTotals } from '@/lib/page/phase-clock';
import {
  afterTwoFrames,
  readRestOf,
  REST_MARK,
  stopBackground,
  waitForScanEnd,
  type Profile,
} from './chromium';
import { articlePage } from './corpus';
import { NAME_HELPER, median, progress, sleep } from './stats';
import {
  Tracer,
  busyFrom,
  costDifferences,
  busyParsing,
  eventsBefore,
  markTime,
  summarise,
  type CostByKind,
  type MainThreadSummary,
} from './trace';

export type PageKey = '100k' | '1M' | '1M-50k-aliases';

export interface PageResult {
  /** Busy time with − without after the page's parse (trace.ts), median of pairs. */
  extensionMs: number | null;
  /** The same difference with the floor's build: what any content script costs this page. */
  floorMs: number | null;
  longestTaskMs: number | null;
  firstPaintMs: number | null;
  firstMarkMs: number | null;
  /**
   * The page's busy time while the rest of it is read at once (after the
   * scan has caught up with the reader; readRestOf), median of loads.
   */
  restMs: number | null;
}

/** Extra figures for the table. */
export interface PageDetail extends PageResult {
  busyWithMs: number | null;
  busyWithoutMs: number | null;
  /** With − without while the page parses, when no extension code runs: the page's own noise. */
  parsingMs: number | null;
  extensionTasksMs: number | null;
  /** The most extension code sampled inside one task, median over loads. */
  longestRunMs: number | null;
  /** The same attribution rule on loads without the extension: should be about 0. */
  falseAttributionMs: number | null;
  /** Where the scan's time went, by phase (the bench build's phase clock), median of loads. */
  phases: PhaseTotals | null;
  /** What the difference with − without is made of, by kind of work (trace.ts), median of pairs per kind. */
  costByKind: CostByKind | null;
  /** The same for the floor's build. */
  floorCostByKind: CostByKind | null;
  runs: number;
}

declare global {
  interface Window {
    __benchFirstPaint?: number | null;
  }
}

/** Runs in the page before its own scripts: notes when the first mention is painted. */
export function watchFirstPaint() {
  window.__benchFirstPaint = null;
  const poll = () => {
    const painted = CSS.highlights?.get('reperes');
    if (painted && painted.size > 0) window.__benchFirstPaint = performance.now();
    else if (performance.now() < 60_000) setTimeout(poll, 16);
  };
  setTimeout(poll, 0);
}

export class PageSite {
  private constructor(
    private readonly folder: string,
    private readonly server: StaticServer,
    private readonly names: Record<PageKey, string[]>,
  ) {}

  /** Writes the generated pages and serves them on 127.0.0.1. */
  static async create(defaultNames: string[], syntheticNames: string[]): Promise<PageSite> {
    const folder = mkdtempSync(join(tmpdir(), 'reperes-bench-pages-'));
    writeFileSync(join(folder, '100k.html'), articlePage(100_000, defaultNames, 100));
    writeFileSync(join(folder, '1M.html'), articlePage(1_000_000, defaultNames, 1000));
    // Half the mentions from the default pack, half from the 50,000-alias pack.
    const mixed = defaultNames.flatMap((name, i) => [name, syntheticNames[i * 37] ?? name]);
    writeFileSync(join(folder, '1M-50k-aliases.html'), articlePage(1_000_000, mixed, 1001));
    const names = { '100k': defaultNames, '1M': defaultNames, '1M-50k-aliases': mixed };
    return new PageSite(folder, await serveFolder(folder), names);
  }

  /** The names the page at `key` was written with. */
  namesOn(key: PageKey): string[] {
    return this.names[key];
  }

  url(key: PageKey): string {
    return `${this.server.url}${key}.html`;
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

interface Load {
  summary: MainThreadSummary | null;
  firstPaintMs: number | null;
  firstMarkMs: number | null;
  phases: PhaseTotals | null;
  restMs: number | null;
}

/** When the first mention was painted (watchFirstPaint): since navigation, and since the load event. */
export async function firstPaintOf(
  page: Page,
): Promise<{ firstPaintMs: number | null; firstMarkMs: number | null }> {
  return page.evaluate(() => {
    const painted = window.__benchFirstPaint ?? null;
    const [navigation] = performance.getEntriesByType(
      'navigation',
    ) as PerformanceNavigationTiming[];
    const loaded = navigation?.loadEventStart ?? 0;
    return {
      firstPaintMs: painted,
      firstMarkMs: painted === null || loaded === 0 ? null : Math.max(0, painted - loaded),
    };
  });
}

async function load(profile: Profile, url: string, paintTimeoutMs: number): Promise<Load> {
  const page = await profile.context.newPage();
  await page.addInitScript(NAME_HELPER);
  await page.addInitScript(watchFirstPaint);
  const tracer = await Tracer.start(page);
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  if (profile.extensionOrigin && !profile.floor) {
    const deadline = Date.now() + paintTimeoutMs;
    while (Date.now() < deadline) {
      if ((await page.evaluate(() => window.__benchFirstPaint)) != null) break;
      await sleep(100);
    }
  }
  // The page's own rendering, then, with the extension, until its scan says it has finished.
  await afterTwoFrames(page);
  const signal = profile.extensionOrigin ? await waitForScanEnd(page, 60_000) : undefined;
  if (signal === null) throw new Error('the content script never reported the end of its scan');
  const painted = await firstPaintOf(page);
  const phases = signal?.phases;
  if (profile.extensionOrigin && !profile.floor) await readRestOf(profile, page, url);
  const events = await tracer.stop();
  await page.close();
  const restAt = markTime(events, REST_MARK);
  return {
    summary: summarise(eventsBefore(events, restAt), url),
    ...painted,
    phases: phases ?? null,
    restMs: restAt === undefined ? null : busyFrom(events, url, restAt),
  };
}

/** Busy time of each load less that of its pair without the extension, ms: after the page's parse (trace.ts), or during it. */
function differencesOf(
  loads: readonly Load[],
  plain: readonly Load[],
  part: (summary: MainThreadSummary) => number = (summary) => summary.afterParseMs,
): (number | null)[] {
  return loads.map((run, i) => {
    const without = plain[i]?.summary;
    return run.summary && without ? part(run.summary) - part(without) : null;
  });
}

const medianOrNull = (values: (number | null | undefined)[]) => {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length > 0 ? median(present) : null;
};

const PHASES = ['load', 'walk', 'match', 'message', 'paint'] as const;

export function medianPhases(loads: (PhaseTotals | null)[]): PhaseTotals | null {
  const present = loads.filter((phases): phases is PhaseTotals => phases !== null);
  if (present.length === 0) return null;
  return Object.fromEntries(
    PHASES.map((phase) => [phase, median(present.map((phases) => phases[phase]))]),
  ) as PhaseTotals;
}

export async function measurePage(
  site: PageSite,
  key: PageKey,
  profiles: { with: Profile; without: Profile; floor?: Profile },
  options: { quick: boolean },
): Promise<PageDetail> {
  // Nine pairs: the difference of two busy times on a shared machine swings by 10 ms and more.
  const runs = options.quick ? 1 : 9;
  const paintTimeoutMs = options.quick ? 3_000 : 8_000;
  const url = site.url(key);
  progress(`page ${key}: warm-up, then ${runs} paired loads`);
  await load(profiles.without, url, paintTimeoutMs);
  await load(profiles.with, url, paintTimeoutMs);
  if (profiles.floor) await load(profiles.floor, url, paintTimeoutMs);
  const plain: Load[] = [];
  const extended: Load[] = [];
  const floor: Load[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await load(profiles.without, url, paintTimeoutMs));
    extended.push(await load(profiles.with, url, paintTimeoutMs));
    if (profiles.floor) floor.push(await load(profiles.floor, url, paintTimeoutMs));
  }
  return {
    extensionMs: medianOrNull(differencesOf(extended, plain)),
    floorMs: profiles.floor ? medianOrNull(differencesOf(floor, plain)) : null,
    longestTaskMs: medianOrNull(extended.map((run) => run.summary?.longestExtensionTaskMs)),
    firstPaintMs: medianOrNull(extended.map((run) => run.firstPaintMs)),
    firstMarkMs: medianOrNull(extended.map((run) => run.firstMarkMs)),
    restMs: medianOrNull(extended.map((run) => run.restMs)),
    busyWithMs: medianOrNull(extended.map((run) => run.summary?.busyMs)),
    busyWithoutMs: medianOrNull(plain.map((run) => run.summary?.busyMs)),
    parsingMs: medianOrNull(differencesOf(extended, plain, busyParsing)),
    extensionTasksMs: medianOrNull(extended.map((run) => run.summary?.extensionTasksMs)),
    longestRunMs: medianOrNull(extended.map((run) => run.summary?.longestExtensionRunMs)),
    falseAttributionMs: medianOrNull(plain.map((run) => run.summary?.extensionTasksMs)),
    phases: medianPhases(extended.map((run) => run.phases)),
    costByKind: costDifferences(
      extended.map((run, i) => ({ with: run.summary?.byKind, without: plain[i]?.summary?.byKind })),
    ),
    floorCostByKind: costDifferences(
      floor.map((run, i) => ({ with: run.summary?.byKind, without: plain[i]?.summary?.byKind })),
    ),
    runs,
  };
}

/**
 * The first mark with the background asleep: the service worker is stopped
 * before each load (as the browser stops it after 30 s without events), so
 * that the page's message wakes it and it loads its index before matching.
 */
export async function measureColdStart(
  site: PageSite,
  key: PageKey,
  profile: Profile,
  options: { quick: boolean },
): Promise<{ firstMarkMs: number | null; runs: number }> {
  const runs = options.quick ? 1 : 5;
  progress(`page ${key}: ${runs} loads with the background stopped before each`);
  const marks: (number | null)[] = [];
  for (let i = 0; i < runs; i++) {
    await stopBackground(profile);
    marks.push((await load(profile, site.url(key), 8_000)).firstMarkMs);
  }
  return { firstMarkMs: medianOrNull(marks), runs };
}
