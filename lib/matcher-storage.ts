import { browser } from 'wxt/browser';
import type { SerializedMatcherIndex } from '@/lib/match';
import { parseSettings, SETTINGS_KEY, type Settings } from '@/lib/settings';

/**
 * The compiled matcher index lives in extension storage: content scripts read
 * it in one call (they cannot open the extension's IndexedDB) and watch it, so
 * open tabs pick up a new index without a reload. Kept apart from lib/store so
 * the content script never bundles Dexie or the compiler.
 */
export const MATCHER_INDEX_KEY = 'matcherIndex';

/** What a page needs to start: the reader's settings and the index, in one storage read. */
export async function readSettingsAndIndex(): Promise<{
  settings: Settings;
  index: SerializedMatcherIndex | undefined;
}> {
  const stored = await browser.storage.local.get([SETTINGS_KEY, MATCHER_INDEX_KEY]);
  return {
    settings: parseSettings(stored[SETTINGS_KEY]),
    index: stored[MATCHER_INDEX_KEY] as SerializedMatcherIndex | undefined,
  };
}

/** Calls back with each new index; returns the function that stops watching. */
export function watchMatcherIndex(
  onChange: (index: SerializedMatcherIndex | undefined) => void,
): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[MATCHER_INDEX_KEY];
    if (area === 'local' && change) onChange(change.newValue as SerializedMatcherIndex | undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
