import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  CARD_VIEW_FACTORY,
  type CardCallbacks,
  type CardShowOptions,
  type CardView,
  type CardViewFactory,
} from '@/lib/card-view';
import { messaging } from '@/lib/messaging';
import type { PageDate } from '@/lib/dom/page-date';
import type { RangeBounds } from '@/lib/page/painter';

/**
 * Stands in for the card UI until the first card is wanted, then has the
 * background inject it (once) and hands every call on.
 */
export class LazyCardView implements Omit<CardView, 'pageDate'> {
  private view: CardView | undefined;
  private loading: Promise<CardView | undefined> | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly callbacks: CardCallbacks,
  ) {}

  async show(entityId: string, anchor: RangeBounds, options: CardShowOptions): Promise<void> {
    const view = await this.load();
    await view?.show(entityId, anchor, options);
  }

  /** The page's date, loading the card script for it (the popup asked: a reader is looking). */
  async pageDate(): Promise<PageDate | null> {
    const view = await this.load();
    return view?.pageDate() ?? null;
  }

  hide(restoreFocus?: boolean): void {
    this.view?.hide(restoreFocus);
  }

  contains(node: Node): boolean {
    return this.view?.contains(node) ?? false;
  }

  remove(): void {
    this.view?.remove();
  }

  private load(): Promise<CardView | undefined> {
    this.loading ??= messaging.sendMessage('loadCardView', undefined).then(
      () => {
        const factory = (globalThis as Record<string, unknown>)[CARD_VIEW_FACTORY] as
          CardViewFactory | undefined;
        if (this.ctx.isInvalid || !factory) return undefined;
        return (this.view = factory(this.ctx, this.callbacks));
      },
      // The background is gone (extension reloaded): no card, and no error on the page.
      () => undefined,
    );
    return this.loading;
  }
}
