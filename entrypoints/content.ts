import { loadMatcher, type MatcherIndex, type SerializedMatcherIndex } from '@/lib/match';
import { readMatcherIndex, watchMatcherIndex } from '@/lib/matcher-storage';
import { messaging } from '@/lib/messaging';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  async main(ctx) {
    const startedAt = performance.now();
    let matcher: MatcherIndex | undefined;
    const entityCount = () => matcher?.entityIds.length ?? 0;
    // A damaged index means no marks on this page, never an error in its console.
    const load = (index: SerializedMatcherIndex | undefined) => {
      try {
        return index ? loadMatcher(index) : undefined;
      } catch {
        return undefined;
      }
    };

    const stopAnswering = messaging.onMessage('pageStatus', () => ({
      url: location.href,
      uptimeMs: Math.round(performance.now() - startedAt),
      indexEntities: entityCount(),
    }));
    // A new index (packs imported or removed) applies to this open page at once.
    const stopWatching = watchMatcherIndex((index) => {
      matcher = load(index);
    });
    // When the extension is reloaded or updated, this copy goes quiet.
    ctx.onInvalidated(() => {
      stopAnswering();
      stopWatching();
    });

    const index = await readMatcherIndex();
    if (!ctx.isInvalid) matcher ??= load(index);
  },
});
