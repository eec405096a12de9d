import { CARD_VIEW_FACTORY, type CardViewFactory } from '@/lib/card-view';
import { CardUi } from './card-ui';

/**
 * Injected by the background into a page's isolated world when its first
 * card opens (see lib/card-view.ts): leaves the card UI's factory where the
 * content script looks for it.
 */
export default defineUnlistedScript(() => {
  const factory: CardViewFactory = (ctx, callbacks) => new CardUi(ctx, callbacks);
  (globalThis as Record<string, unknown>)[CARD_VIEW_FACTORY] = factory;
});
