/**
 * The card on web pages: a `reperes-card` host with an open shadow root (the
 * page's styles cannot reach in, ours cannot leak out), created on the first
 * card only, so pages where the reader never hovers get no element at all.
 */
import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { EntityCard } from '@/components/card/EntityCard';
import cardCss from '@/components/card/card.css?inline';
import { applyTextScale } from '@/components/card/text-scale';
import type { CardData } from '@/lib/cards';
import { publicationDate, type PageDate } from '@/lib/dom/page-date';
import { uiLanguage } from '@/lib/i18n';
import { messaging } from '@/lib/messaging';
import { keepCardBeside } from '@/lib/page/card-position';
import type { CardCallbacks, CardShowOptions, CardView } from '@/lib/card-view';
import type { RangeBounds } from '@/lib/page/painter';

export class CardUi implements CardView {
  private ui: Awaited<ReturnType<typeof createShadowRootUi<void>>> | undefined;
  private stopPlacing: (() => void) | undefined;
  private returnFocusTo: Element | null = null;
  private showing = 0;
  private dated: { url: string; date: PageDate } | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly callbacks: CardCallbacks,
  ) {}

  pageDate(): PageDate | null {
    // Single-page apps change address without a load: a new address, a new article.
    // No date found is asked again: the article may not have been rendered yet.
    if (this.dated?.url === location.href) return this.dated.date;
    let date: PageDate | null = null;
    try {
      date = publicationDate(document, location.href);
    } catch {
      // A page can be built in ways the detector did not foresee: no date rather than no card.
    }
    if (date) this.dated = { url: location.href, date };
    return date;
  }

  contains(node: Node): boolean {
    const host = this.ui?.shadowHost;
    return (
      !!host && (node === host || host.contains(node) || node.getRootNode() === this.ui?.shadow)
    );
  }

  private get isOpen(): boolean {
    return this.stopPlacing !== undefined;
  }

  async show(entityId: string, anchor: RangeBounds, options: CardShowOptions): Promise<void> {
    const ticket = ++this.showing;
    const card = await messaging
      .sendMessage('entityCard', { id: entityId, lang: uiLanguage() })
      .catch(() => null);
    // A newer request or a close happened meanwhile: this card is no longer wanted.
    if (ticket !== this.showing || this.ctx.isInvalid) return;
    if (!card) {
      this.hide(false);
      return;
    }
    const ui = await this.mounted();
    if (ticket !== this.showing) return;
    if (options.focus && !this.isOpen) this.returnFocusTo = document.activeElement;
    this.stopPlacing?.();
    this.stopPlacing = undefined;
    render(this.view(card, anchor, options, ticket), ui.uiContainer);
    const dialog = ui.uiContainer.querySelector<HTMLElement>('[role="dialog"]');
    if (!dialog) return;
    dialog.style.position = 'fixed';
    this.stopPlacing = keepCardBeside(dialog, anchor);
    if (options.focus) {
      // Focusable without entering the Tab order, so screen readers announce the dialog.
      dialog.tabIndex = -1;
      dialog.focus();
    }
  }

  hide(restoreFocus = true): void {
    this.showing++;
    this.stopPlacing?.();
    this.stopPlacing = undefined;
    if (this.ui) render(null, this.ui.uiContainer);
    const previous = this.returnFocusTo;
    this.returnFocusTo = null;
    if (restoreFocus && previous instanceof HTMLElement && previous.isConnected) previous.focus();
  }

  remove(): void {
    this.hide(false);
    this.ui?.remove();
    this.ui = undefined;
  }

  private view(card: CardData, anchor: RangeBounds, options: CardShowOptions, ticket: number) {
    return (
      <div
        class="reperes-card-frame"
        onPointerEnter={() => this.callbacks.onPointerInCard(true)}
        onPointerLeave={() => this.callbacks.onPointerInCard(false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            this.callbacks.onDismiss();
          }
        }}
      >
        {/* A new card each time (keyed), so it opens at rest, as a glance. */}
        <EntityCard
          key={ticket}
          card={card}
          pageEntities={options.pageEntities}
          pageDate={options.asOfArticle ? this.pageDate()?.published : undefined}
          onOpenEntity={(id) =>
            // A related name chosen from the keyboard keeps focus in the new card.
            void this.show(id, anchor, { ...options, focus: options.focus || this.hasFocus() })
          }
          onNotThisEntity={() => this.callbacks.onMuteEntity(card.id)}
          onTurnOffSite={() => this.callbacks.onDisableSite()}
          onClose={() => this.callbacks.onDismiss()}
        />
      </div>
    );
  }

  private hasFocus(): boolean {
    return !!this.ui && this.ui.shadow.activeElement !== null;
  }

  private async mounted() {
    if (this.ui) return this.ui;
    const ui = await createShadowRootUi<void>(this.ctx, {
      name: 'reperes-card',
      mode: 'open',
      css: cardCss,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount: (container, shadow, host) => {
        applyTextScale(container, shadow);
        // The host takes no room in the page; the card inside is fixed-positioned.
        host.style.setProperty('position', 'fixed', 'important');
        host.style.setProperty('inset', '0 auto auto 0', 'important');
        host.style.setProperty('width', '0', 'important');
        host.style.setProperty('height', '0', 'important');
        host.style.setProperty('z-index', '2147483647', 'important');
      },
    });
    ui.mount();
    this.ui = ui;
    return ui;
  }
}
