import { messaging } from '@/lib/messaging';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  main(ctx) {
    const startedAt = performance.now();
    const stopListening = messaging.onMessage('pageStatus', () => ({
      url: location.href,
      uptimeMs: Math.round(performance.now() - startedAt),
    }));
    // When the extension is reloaded or updated, this copy goes quiet.
    ctx.onInvalidated(stopListening);
  },
});
