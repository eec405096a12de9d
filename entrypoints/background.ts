import { browser } from 'wxt/browser';
import bundledPack from '@/data/default-pack.json?raw';
import bundledSignature from '@/data/default-pack.json.sig?raw';
import projectKey from '@/data/reperes-pack-key.pub?raw';
import { readPublicKeyFile } from '@/lib/pack/signature';
import { runChecks } from '@/lib/subscription-check';
import {
  getSubscriptions,
  originPattern,
  watchSubscriptions,
  type Subscription,
} from '@/lib/subscriptions';
import { loadCard } from '@/lib/store/cards';
import { database } from '@/lib/store/db';
import { publishMatcherIndex } from '@/lib/store/matcher-index';
import { storeSearchIndex } from '@/lib/store/search';
import { uiLanguage } from '@/lib/i18n';
import { syncBundledPack } from '@/lib/store/packs';
import { CARD_SCRIPT } from '@/lib/card-view';
import { messaging } from '@/lib/messaging';
import { readMatcherIndex } from '@/lib/matcher-storage';
import { frameKey, MatchingService } from '@/lib/matching-service';

/** public/highlights.css, in the build. */
const HIGHLIGHT_STYLES = '/highlights.css';

/** Manifest command name → direction through the mentions. */
const COMMANDS: Record<string, 1 | -1> = { 'next-mention': 1, 'previous-mention': -1 };

async function activeTabId(given: number | undefined): Promise<number | undefined> {
  if (given !== undefined) return given;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Injects into the frame a message came from; false when it came from no tab. */
async function intoSenderFrame(
  sender: { tab?: { id?: number }; frameId?: number },
  inject: (target: { tabId: number; frameIds: number[] }) => Promise<unknown>,
): Promise<boolean> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return false;
  await inject({ tabId, frameIds: [sender.frameId ?? 0] });
  return true;
}

export default defineBackground(() => {
  const db = database();
  const matching = new MatchingService(readMatcherIndex);

  /** Rebuilds the index every tab is matched with; pages then scan again (they watch its stamp). */
  async function publishIndex() {
    const index = await publishMatcherIndex(db);
    matching.indexChanged();
    return index;
  }

  // Install the bundled pack on first run, update it when the extension ships
  // a newer one (never bringing back one the reader removed), then publish
  // the index the content scripts match with, and the popup's search index.
  browser.runtime.onInstalled.addListener(() => {
    // Signed by the project's key, checked against the key built into the extension.
    const bytes = (text: string) => new TextEncoder().encode(text);
    void syncBundledPack(db, bundledPack, {
      signature: bytes(bundledSignature),
      key: readPublicKeyFile(bytes(projectKey)),
    })
      .then(() => publishIndex())
      .then(() => indexForSearch());
  });

  // Subscriptions (issue 16): checked hourly for what is due (daily, or sooner after a
  // failure), and at once on the reader's "Check now". A pack written brings new indexes.
  const SUBSCRIPTION_ALARM = 'reperes-subscriptions';
  const mayReach = (url: string) =>
    browser.permissions.contains({ origins: [originPattern(url)] }).catch(() => false);
  async function checkSubscriptions(which: { url: string } | 'due') {
    const result = await runChecks(db, which, { mayReach });
    if (result.applied) {
      await publishIndex();
      void indexForSearch();
    }
    return result.subscriptions;
  }
  // The alarm exists only while something is on a schedule: no subscription, no wake-ups.
  async function scheduleChecks(subscriptions: Subscription[]) {
    const wanted = subscriptions.some((subscription) => subscription.schedule === 'daily');
    const alarm = await browser.alarms.get(SUBSCRIPTION_ALARM);
    if (wanted && !alarm) {
      await browser.alarms.create(SUBSCRIPTION_ALARM, { periodInMinutes: 60, delayInMinutes: 1 });
    } else if (!wanted && alarm) {
      await browser.alarms.clear(SUBSCRIPTION_ALARM);
    }
  }
  void getSubscriptions().then(scheduleChecks);
  watchSubscriptions((subscriptions) => void scheduleChecks(subscriptions));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SUBSCRIPTION_ALARM) void checkSubscriptions('due').catch(() => undefined);
  });
  messaging.onMessage('checkSubscription', ({ data }) => checkSubscriptions({ url: data.url }));

  messaging.onMessage('packsChanged', async () => {
    const index = await publishIndex();
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

  // What most pages never need comes only to those that do, into the frame
  // that asked: the mentions' styles with its first mark, the card UI with its first card.
  messaging.onMessage('loadHighlightStyles', ({ sender }) =>
    intoSenderFrame(sender, (target) =>
      browser.scripting.insertCSS({ target, files: [HIGHLIGHT_STYLES] }),
    ),
  );
  messaging.onMessage('loadCardView', ({ sender }) =>
    intoSenderFrame(sender, (target) =>
      browser.scripting.executeScript({ target, files: [CARD_SCRIPT] }),
    ),
  );

  // Pages send their text and paint what comes back: the index is loaded here once, not in every tab.
  messaging.onMessage('scanPage', ({ sender, data }) =>
    matching.scanPage(frameKey(sender) ?? 'no-tab', data),
  );
  messaging.onMessage('scanMore', ({ sender, data }) =>
    matching.scanMore(frameKey(sender) ?? 'no-tab', data),
  );
  browser.tabs.onRemoved.addListener((tabId) => matching.forgetTab(tabId));

  messaging.onMessage(
    'entityCard',
    async ({ data }) => (await loadCard(database(), data.id, data.lang)) ?? null,
  );
});
