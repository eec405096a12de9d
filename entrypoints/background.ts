import { browser } from 'wxt/browser';
import bundledPack from '@/data/default-pack.json?raw';
import { loadCard } from '@/lib/store/cards';
import { database } from '@/lib/store/db';
import { publishMatcherIndex } from '@/lib/store/matcher-index';
import { storeSearchIndex } from '@/lib/store/search';
import { uiLanguage } from '@/lib/i18n';
import { syncBundledPack } from '@/lib/store/packs';
import { CARD_SCRIPT } from '@/lib/card-view';
import { messaging } from '@/lib/messaging';

/** public/highlights.css, in the build. */
const HIGHLIGHT_STYLES = '/highlights.css';

/** Manifest command name → direction through the mentions. */
const COMMANDS: Record<string, 1 | -1> = { 'next-mention': 1, 'previous-mention': -1 };

async function activeTabId(given: number | undefined): Promise<number | undefined> {
  if (given !== undefined) return given;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export default defineBackground(() => {
  const db = database();

  // Install the bundled pack on first run, update it when the extension ships
  // a newer one (never bringing back one the reader removed), then publish
  // the index the content scripts match with, and the popup's search index.
  browser.runtime.onInstalled.addListener(() => {
    void syncBundledPack(db, bundledPack)
      .then(() => publishMatcherIndex(db))
      .then(() => indexForSearch());
  });

  messaging.onMessage('packsChanged', async () => {
    const index = await publishMatcherIndex(db);
    void indexForSearch();
    return { indexEntities: index.entityIds.length };
  });

  /** Stored for the reader's language, so that the popup opens on a ready index. */
  function indexForSearch(): Promise<void> {
    return storeSearchIndex(db, uiLanguage()).catch(() => undefined);
  }

  // The rebindable keyboard commands (manifest "commands") move through the
  // mentions of the active tab.
  browser.commands.onCommand.addListener((command, tab) => {
    const direction = COMMANDS[command];
    if (direction === undefined) return;
    void activeTabId(tab?.id).then((tabId) =>
      tabId === undefined
        ? undefined
        : messaging.sendMessage('focusMention', direction, tabId).catch(() => undefined),
    );
  });

  // The card UI is injected into a page only when its first card opens.
  messaging.onMessage('loadCardView', async ({ sender }) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return false;
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [sender.frameId ?? 0] },
      files: [CARD_SCRIPT],
    });
    return true;
  });

  // The mentions' styles too, into a page only when it gets its first mark.
  messaging.onMessage('loadHighlightStyles', async ({ sender }) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return false;
    await browser.scripting.insertCSS({
      target: { tabId, frameIds: [sender.frameId ?? 0] },
      files: [HIGHLIGHT_STYLES],
    });
    return true;
  });

  messaging.onMessage(
    'entityCard',
    async ({ data }) => (await loadCard(database(), data.id, data.lang)) ?? null,
  );
});
