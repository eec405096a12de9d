/**
 * Two Chromium profiles for the page measures: one with the built extension
 * (tests/browser/launch.ts), one without, both Debian's Chromium through
 * playwright-core, the same flags, open side by side so loads alternate
 * between them and share the machine's noise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { Browser } from 'webextension-polyfill';
import { CHROMIUM_QUIET_ARGS, requireBrowser } from '../browser/browsers';
import { launchChromium } from '../browser/launch';
import { askTabAt } from '../browser/page-probes';
import { SCANNED_MARK, type ScanSignal } from '@/lib/page/phase-clock';
import { sleep } from './stats';

export interface Profile {
  context: BrowserContext;
  /** chrome-extension://<id>/ with the extension, undefined without. */
  extensionOrigin?: string;
  /** The floor's build (tests/bench/floor): it answers the bench and marks nothing. */
  floor?: boolean;
  close(): Promise<void>;
}

export async function withExtension(extensionPath: string): Promise<Profile> {
  return launchChromium({ extensionPath });
}

/** A profile with the floor's build: a content script that does nothing. */
export async function withFloor(floorPath: string): Promise<Profile> {
  return { ...(await launchChromium({ extensionPath: floorPath })), floor: true };
}

export async function withoutExtension(): Promise<Profile> {
  const profile = mkdtempSync(join(tmpdir(), 'reperes-bench-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBrowser('chromium'),
    headless: true,
    locale: 'en-US',
    args: [...CHROMIUM_QUIET_ARGS, '--lang=en-US'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function serviceWorker(profile: Profile): Worker {
  // The latest: one stopped (stopBackground) stays listed after it restarts.
  const worker = profile.context.serviceWorkers().at(-1);
  if (!worker) throw new Error('the extension has no service worker');
  return worker;
}

/** Entities in the matcher index the background published (0 before it did). */
export async function indexedEntities(profile: Profile): Promise<number> {
  return serviceWorker(profile).evaluate(async () => {
    const api = (globalThis as unknown as { chrome: Browser }).chrome;
    const stored = await api.storage.local.get('matcherIndex');
    const index = stored.matcherIndex as { entityIds?: unknown[] } | undefined;
    return index?.entityIds?.length ?? 0;
  });
}

/**
 * Stops the extension's service worker, as the browser does after 30 s
 * without events: the next message wakes it, and it loads its index again.
 * Through CDP's ServiceWorker domain, from a page of the extension's origin.
 */
export async function stopBackground(profile: Profile): Promise<void> {
  const page = await profile.context.newPage();
  try {
    await page.goto(`${profile.extensionOrigin}manifest.json`);
    const cdp = await profile.context.newCDPSession(page);
    const status = new Map<string, string>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: WorkerVersion[] }) => {
      for (const { versionId, runningStatus } of versions) status.set(versionId, runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    const running = () => [...status].filter(([, state]) => state !== 'stopped');
    await pollUntil(() => Promise.resolve(status.size > 0), 5_000, 10);
    for (const [versionId] of running()) await cdp.send('ServiceWorker.stopWorker', { versionId });
    await pollUntil(() => Promise.resolve(running().length === 0), 5_000, 10);
    await cdp.detach();
  } finally {
    await page.close();
  }
}

interface WorkerVersion {
  versionId: string;
  runningStatus: string;
}

/** Polls `done` until it is true; false once `timeoutMs` has passed. */
async function pollUntil(
  done: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done().catch(() => false)) return true;
    await sleep(intervalMs);
  }
  return false;
}

/** Waits until the published index holds at least `count` entities; false on timeout. */
export function waitForIndex(
  profile: Profile,
  count: number,
  timeoutMs = 60_000,
): Promise<boolean> {
  return pollUntil(async () => (await indexedEntities(profile)) >= count, timeoutMs, 200);
}

/**
 * Waits, in the page itself, until its content script signals that its scan
 * has caught up with the reader (the mark of lib/page/phase-clock.ts, given
 * by the bench's builds): where a page measure ends, rather than after a
 * fixed wait, and without asking the content script (a message every few
 * milliseconds would be work of the bench's own on the thread it measures).
 * Resolves with the signal's detail (the scan's phases), null on timeout.
 */
export function waitForScanEnd(page: Page, timeoutMs = 30_000): Promise<ScanSignal | null> {
  return page.evaluate(
    ({ name, timeoutMs }) =>
      new Promise<ScanSignal | null>((resolve) => {
        const latest = () => performance.getEntriesByName(name, 'mark').at(-1) as PerformanceMark;
        const done = (signal: ScanSignal | null) => {
          observer.disconnect();
          clearTimeout(timer);
          resolve(signal);
        };
        const observer = new PerformanceObserver(() => {
          if (latest()) done(latest().detail as ScanSignal);
        });
        observer.observe({ type: 'mark' });
        const timer = setTimeout(() => done(null), timeoutMs);
        if (latest()) done(latest().detail as ScanSignal);
      }),
    { name: SCANNED_MARK, timeoutMs },
  );
}

/** The mark a load sets in its page before asking for the rest of it to be read (see readRestOf). */
export const REST_MARK = 'reperes-bench-rest';

/**
 * Marks the trace, then has the content script of the tab at `url` read the
 * rest of its page, as the popup does when it lists every name on the page
 * (pageMentions answers once it is read), and waits for the page's frames
 * after it: what a reader who reads the whole page pays beyond the first
 * screens, in a single go.
 */
export async function readRestOf(profile: Profile, page: Page, url: string): Promise<void> {
  await page.evaluate((name) => void performance.mark(name), REST_MARK);
  await serviceWorker(profile).evaluate(askTabAt<unknown>, { url, type: 'pageMentions' });
  await afterTwoFrames(page);
}

/** Resolves after the page has rendered two frames since it was called (its own work after load). */
export async function afterTwoFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}
