import { render } from 'preact';
import { messaging } from '@/lib/messaging';
import { database } from '@/lib/store/db';
import { OnThisPage } from './OnThisPage';
import { Popup } from './Popup';
import { readerTabId } from './reader-tab';
import { localizeDocument } from '@/components/localize-document';
import { t } from '@/lib/i18n';

localizeDocument();
document.title = t('extName');
const db = database();

async function pageMentions() {
  const tabId = await readerTabId();
  return tabId === undefined ? undefined : messaging.sendMessage('pageMentions', undefined, tabId);
}

async function reveal(entityId: string) {
  const tabId = await readerTabId();
  if (tabId === undefined) return;
  await messaging.sendMessage('revealEntity', entityId, tabId);
  // The card opens on the page: the popup steps aside so the reader sees it.
  window.close();
}

render(
  <Popup db={db} onThisPage={<OnThisPage db={db} pageMentions={pageMentions} reveal={reveal} />} />,
  document.getElementById('app')!,
);
