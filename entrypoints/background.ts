import { browser } from 'wxt/browser';
import bundledPack from '@/data/default-pack.json?raw';
import { loadCard } from '@/lib/store/cards';
import { database } from '@/lib/store/db';
import { publishMatcherIndex } from '@/lib/store/matcher-index';
import { syncBundledPack } from '@/lib/store/packs';
import { messaging } from '@/lib/messaging';

export default defineBackground(() => {
  const db = database();

  // Install the bundled pack on first run, update it when the extension ships
  // a newer one (never bringing back one the reader removed), then publish
  // the index the content scripts match with.
  browser.runtime.onInstalled.addListener(() => {
    void syncBundledPack(db, bundledPack).then(() => publishMatcherIndex(db));
  });

  messaging.onMessage('packsChanged', async () => {
    const index = await publishMatcherIndex(db);
    return { indexEntities: index.entityIds.length };
  });

  messaging.onMessage(
    'entityCard',
    async ({ data }) => (await loadCard(database(), data.id, data.lang)) ?? null,
  );
});
