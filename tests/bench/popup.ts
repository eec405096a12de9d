/**
 * The popup as a reader opens it with a large pack installed, in Chromium:
 * from the popup page's navigation start to the first result listed for a
 * query typed, in the page, as soon as the search field exists. Measured twice: with the
 * search index the background stored after the import (what a reader meets),
 * and with that index removed, so that the popup builds its own (what it did
 * before the index was stored, and still does when storage has none). Its
 * floor, opened in turn with the first: the floor build's page that lists a
 * result as soon as a query is typed, with nothing to read
 * (tests/bench/floor/entrypoints/popup-floor), what any extension page costs.
 */
import type { Profile } from './chromium';
import { searchIndexKey } from '@/lib/store/search';
import { NAME_HELPER, median, progress } from './stats';

/** The bench's Chromium speaks English: the stored index's parts for it. */
const KEYS = { all: searchIndexKey('en', 'all'), names: searchIndexKey('en', 'names') };
/** The floor build's page standing for the popup. */
const FLOOR_PAGE = 'popup-floor.html';

export interface PopupResult {
  /** With the stored index. */
  firstResultMs: number | null;
  /** Building the index in the popup. */
  firstResultBuildMs: number | null;
  /** The floor's page (null without the floor's build). */
  floorMs: number | null;
  samples: number;
}

/**
 * Runs in an extension page: whether the stored search index (English, the
 * bench's language) was built with the pack `packId` (its stamp names every
 * pack), or, with `remove`, deletes it. Raw IndexedDB: Dexie is not in the page's scope.
 */
async function storedIndex({
  packId,
  remove,
  keys,
}: {
  packId: string;
  remove: boolean;
  keys: { all: string; names: string };
}) {
  const db = await new Promise<IDBDatabase>((done, fail) => {
    const request = indexedDB.open('reperes');
    request.onsuccess = () => done(request.result);
    request.onerror = () => fail(new Error(String(request.error)));
  });
  try {
    const store = db.transaction('meta', remove ? 'readwrite' : 'readonly').objectStore('meta');
    // Both parts: the names alone, and the whole index.
    if (remove) store.delete(keys.names);
    const request = remove ? store.delete(keys.all) : store.get(keys.all);
    const row = await new Promise<unknown>((done, fail) => {
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(new Error(String(request.error)));
    });
    const stamp = (row as { value?: { stamp?: unknown } } | undefined)?.value?.stamp;
    return typeof stamp === 'string' && stamp.includes(packId);
  } finally {
    db.close();
  }
}

declare global {
  interface Window {
    __benchFirstResult?: number;
  }
}

/**
 * Runs in the popup before its scripts: types `query` into the search field
 * the moment it exists, as a reader's first keys would (an input event, what
 * the field listens to), and notes when the first result is listed. In the
 * page, so that the time is the popup's, not the driver's round trips.
 */
function typeOnOpen(query: string) {
  const typeWhenReady = () => {
    const field = document.querySelector<HTMLInputElement>('input[type=search]');
    if (!field) {
      requestAnimationFrame(typeWhenReady);
      return;
    }
    // Watching before typing: a page may list its results at once, in the input event.
    new MutationObserver((_records, observer) => {
      if (document.querySelector('[role=option]')) {
        window.__benchFirstResult = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
    field.value = query;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', typeWhenReady);
  } else typeWhenReady();
}

async function firstResult(
  profile: Profile,
  query: string,
  timeoutMs: number,
  path = 'popup.html',
): Promise<number> {
  const page = await profile.context.newPage();
  try {
    await page.addInitScript(NAME_HELPER);
    await page.addInitScript(typeOnOpen, query);
    await page.goto(`${profile.extensionOrigin}${path}`);
    await page.waitForFunction(() => window.__benchFirstResult !== undefined, undefined, {
      timeout: timeoutMs,
      polling: 50,
    });
    return await page.evaluate(() => window.__benchFirstResult!);
  } finally {
    await page.close();
  }
}

export async function measurePopup(
  profile: Profile,
  packId: string,
  query: string,
  options: { quick: boolean },
  floor?: Profile,
): Promise<PopupResult> {
  const samples = options.quick ? 3 : 5;
  const helper = await profile.context.newPage();
  try {
    await helper.goto(`${profile.extensionOrigin}options.html`);
    // The signal: the background has stored an index built with the large pack.
    const deadline = Date.now() + 180_000;
    while (!(await helper.evaluate(storedIndex, { packId, remove: false, keys: KEYS }))) {
      if (Date.now() > deadline) throw new Error(`no stored search index with ${packId}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    progress(`popup: first result for "${query}", stored index`);
    await firstResult(profile, query, 60_000); // warm-up: the first page of an origin
    const floorPage = (): Promise<number> => firstResult(floor!, query, 60_000, FLOOR_PAGE);
    if (floor) await floorPage();
    const stored: number[] = [];
    const floorRuns: number[] = [];
    for (let i = 0; i < samples; i++) {
      stored.push(await firstResult(profile, query, 60_000));
      if (floor) floorRuns.push(await floorPage());
    }
    progress('popup: first result, the popup building its own index');
    const built: number[] = [];
    for (let i = 0; i < samples; i++) {
      await helper.evaluate(storedIndex, { packId, remove: true, keys: KEYS });
      built.push(await firstResult(profile, query, 120_000));
    }
    return {
      firstResultMs: median(stored),
      firstResultBuildMs: median(built),
      floorMs: floor ? median(floorRuns) : null,
      samples,
    };
  } finally {
    await helper.close();
  }
}
