import { render } from 'preact';
import { messaging, type PageMentionCount } from '@/lib/messaging';
import { database } from '@/lib/store/db';
import { OnThisPage } from './OnThisPage';
import { Popup } from './Popup';
import { readerTabId } from './reader-tab';
import { localizeDocument } from '@/components/localize-document';
import { t } from '@/lib/i18n';
import { applyTextScale } from '@/components/card/text-scale';

localizeDocument();
document.title = t('extName');
// The card's sizes follow the reader's default font size, as on web pages.
applyTextScale(document.documentElement, document.body);
const db = database();
// Opening the database is a round trip to the browser: started before the first render, it is
// under way while the popup draws, and the search index's first read follows at once.
void db.open().catch(() => undefined);

/** Asked once per opening: "On this page" lists them, the full card leads with links to them. */
let asked: Promise<PageMentionCount[] | undefined> | undefined;
function pageMentions() {
  asked ??= readerTabId().then((tabId) =>
    tabId === undefined ? undefined : messaging.sendMessage('pageMentions', undefined, tabId),
  );
  return asked;
}

/** The publication date found on the reader's tab, for the discreet line under "On this page". */
async function pageDate() {
  const tabId = await readerTabId();
  return tabId === undefined ? undefined : messaging.sendMessage('pageDate', undefined, tabId);
}

async function pageEntities(): Promise<Set<string>> {
  const found = await pageMentions().catch(() => undefined);
  return new Set(found?.map((mention) => mention.entityId));
}

async function reveal(entityId: string) {
  const tabId = await readerTabId();
  if (tabId === undefined) return;
  await messaging.sendMessage('revealEntity', entityId, tabId);
  // The card opens on the page: the popup steps aside so the reader sees it.
  window.close();
}

render(
  <Popup
    db={db}
    pageEntities={pageEntities}
    onThisPage={
      <OnThisPage db={db} pageMentions={pageMentions} reveal={reveal} pageDate={pageDate} />
    }
  />,
  document.getElementById('app')!,
);
