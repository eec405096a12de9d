import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CardData } from '@/lib/cards';
import type { PageDate } from '@/lib/dom/page-date';
import type { Verdicts } from '@/lib/dom/page-matching';
import type { ScanMoreRequest, ScanPageRequest } from '@/lib/matching-service';
import type { Subscription } from '@/lib/subscriptions';

/** What a content script reports about the page it runs in. */
export interface PageStatus {
  url: string;
  /** Milliseconds since the content script started. */
  uptimeMs: number;
  /** Entities in the matcher index this page currently uses (0: none loaded). */
  indexEntities: number;
  /**
   * Whether the last full scan of the page has caught up with the reader
   * (marks painted up to a screen below the viewport, or none to paint;
   * false while it runs and where Repères is off): the signal tests and the
   * bench wait for instead of a fixed delay.
   */
  scanned: boolean;
  /**
   * Whether the page has been read to its end: Repères reads the first part
   * of a page at once and the rest as the reader gets there (or when the
   * popup asks for every name on the page).
   */
  readAll: boolean;
}

/**
 * Every message between the extension's parts, with its reply type. One
 * protocol for all contexts keeps senders and listeners type-checked together.
 */
interface Protocol {
  /** Extension page → content script of a tab: is it running, on what page? */
  pageStatus(): PageStatus;
  /** Extension page → background: packs were imported or removed; rebuild the matcher index. */
  packsChanged(): { indexEntities: number };
  /** Content script → background: match a page's reading blocks (a new page view). */
  scanPage(data: ScanPageRequest): Verdicts;
  /** Content script → background: match blocks that changed; null when the page view is unknown there. */
  scanMore(data: ScanMoreRequest): Verdicts | null;
  /** Content script → background: the card of an entity, in the reader's language (null: unknown). */
  entityCard(data: { id: string; lang: string }): CardData | null;
  /** Content script → background: inject the card UI script into this frame (first card). */
  loadCardView(): boolean;
  /** Content script → background: inject the mentions' styles into this frame (first mark). */
  loadHighlightStyles(): boolean;
  /** Background → content script (keyboard command): focus the next (1) or previous (-1) mention in view and open its card. */
  focusMention(direction: 1 | -1): boolean;
  /**
   * Popup → content script: the entities found in the page's reading content,
   * with their number of mentions; `marked: false` for those found but not
   * marked (background names on a page not about their subject, a name on its
   * own site).
   */
  pageMentions(): PageMentionCount[];
  /**
   * Popup → content script: the page's publication date and where it was
   * read; null where nothing is marked or no date is found.
   */
  pageDate(): PageDate | null;
  /**
   * Options page → background: check the subscription at `url` now (the
   * reader's "Check now", or right after subscribing); the subscriptions as
   * stored after.
   */
  checkSubscription(data: { url: string }): Subscription[];
  /** Popup → content script: scroll to an entity's first mention and open its card. */
  revealEntity(entityId: string): boolean;
}

export interface PageMentionCount {
  entityId: string;
  count: number;
  marked: boolean;
}

export const messaging = defineExtensionMessaging<Protocol>();
