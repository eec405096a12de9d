/**
 * The contract between the content script and the card UI script. The card
 * UI (Preact, Floating UI, the card component and its styles) is most of what
 * a card costs, and most pages never open one: the content script stays small
 * and the background injects entrypoints/card into the same isolated world on
 * the first card. Type-only imports here, so neither side bundles the other.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { RangeBounds } from '@/lib/page/painter';
import type { PageDate } from '@/lib/dom/page-date';

export interface CardCallbacks {
  onPointerInCard: (inside: boolean) => void;
  /** The reader closed the card from inside it (Escape, the close button). */
  onDismiss: () => void;
  onMuteEntity: (entityId: string) => void;
  onDisableSite: () => void;
}

export interface CardShowOptions {
  focus: boolean;
  pageEntities: ReadonlySet<string>;
  /** The reader's setting: read the card as of the page's publication date, when it has one. */
  asOfArticle: boolean;
}

export interface CardView {
  /**
   * Opens the card of an entity beside a mention; with `focus`, keyboard
   * focus moves into it. `pageEntities`: the entities the page names, whose
   * links to this one the card leads with.
   */
  show(entityId: string, anchor: RangeBounds, options: CardShowOptions): Promise<void>;
  /** Closes the card; returns keyboard focus where it was when the card took it. */
  hide(restoreFocus?: boolean): void;
  /**
   * The page's publication date (lib/dom/page-date.ts), read once per
   * address: the card script holds the detector, so pages that never open a
   * card or the popup never pay for it.
   */
  pageDate(): PageDate | null;
  /** Whether a node belongs to the card (its changes are not the page's). */
  contains(node: Node): boolean;
  remove(): void;
}

export type CardViewFactory = (ctx: ContentScriptContext, callbacks: CardCallbacks) => CardView;

/** Where the injected card script leaves its factory, in the isolated world both share. */
export const CARD_VIEW_FACTORY = '__reperesCardView';

/** The card script's path in the build, for scripting.executeScript. */
export const CARD_SCRIPT = '/card.js';
