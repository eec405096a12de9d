import { browser } from 'wxt/browser';
import type { SerializedMatcherIndex } from '@/lib/match';
import { parseSettings, SETTINGS_KEY, type Settings } from '@/lib/settings';

/**
 * The compiled matcher index lives in extension storage, written by the
 * background whenever packs change and read back by it when it wakes (it
 * matches for every tab: lib/matching-service.ts). Pages never read the
 * index itself: they read a stamp, written with it in the same call, and
 * watch it, so that open tabs are matched again with a new index at once.
 * Kept apart from lib/store so the content script never bundles Dexie or the
 * compiler.
 */
export const MATCHER_INDEX_KEY = 'matcherIndex';
export const MATCHER_STAMP_KEY = 'matcherStamp';

/** What a page needs to start: the reader's settings and the index's stamp, in one storage read. */
export async function readPageStart(): Promise<{ settings: Settings; stamp: string | undefined }> {
  const stored = await browser.storage.local.get([SETTINGS_KEY, MATCHER_STAMP_KEY]);
  return {
    settings: parseSettings(stored[SETTINGS_KEY]),
    stamp: stampOf(stored[MATCHER_STAMP_KEY]),
  };
}

/** The index and its stamp, as stored together (the background's read). */
export async function readMatcherIndex(): Promise<{
  index: SerializedMatcherIndex | undefined;
  stamp: string | undefined;
}> {
  const stored = await browser.storage.local.get([MATCHER_INDEX_KEY, MATCHER_STAMP_KEY]);
  return {
    index: stored[MATCHER_INDEX_KEY] as SerializedMatcherIndex | undefined,
    stamp: stampOf(stored[MATCHER_STAMP_KEY]),
  };
}

/** Stores a new index and its stamp in one call, so that no reader sees one without the other. */
export async function storeMatcherIndex(index: SerializedMatcherIndex): Promise<string> {
  const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  await browser.storage.local.set({ [MATCHER_INDEX_KEY]: index, [MATCHER_STAMP_KEY]: stamp });
  return stamp;
}

/** Calls back with the stamp of each new index; returns the function that stops watching. */
export function watchMatcherIndex(onChange: (stamp: string | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[MATCHER_STAMP_KEY];
    if (area === 'local' && change) onChange(stampOf(change.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

function stampOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
