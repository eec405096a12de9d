/**
 * The bench's floor (tests/bench/wxt.floor.config.ts): a content script that
 * does nothing but tell the bench it has finished (the mark the bench waits
 * for, lib/page/phase-clock.ts) and listen to the extension's own messaging.
 * What a page pays for it — injecting a script into an isolated world, the
 * polyfill and the messaging library — any design with a content script
 * pays, whatever its work.
 */
import { messaging } from '@/lib/messaging';
import { markScanned } from '@/lib/page/phase-clock';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  noScriptStartedPostMessage: true,
  main() {
    const startedAt = performance.now();
    messaging.onMessage('pageStatus', () => ({
      url: location.href,
      uptimeMs: Math.round(performance.now() - startedAt),
      indexEntities: 0,
      scanned: true,
      readAll: true,
    }));
    markScanned(null);
  },
});
