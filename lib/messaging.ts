import { defineExtensionMessaging } from '@webext-core/messaging';

/** What a content script reports about the page it runs in. */
export interface PageStatus {
  url: string;
  /** Milliseconds since the content script started. */
  uptimeMs: number;
}

/**
 * Every message between the extension's parts, with its reply type. One
 * protocol for all contexts keeps senders and listeners type-checked together.
 */
interface Protocol {
  /** Extension page → content script of a tab: is it running, on what page? */
  pageStatus(): PageStatus;
}

export const messaging = defineExtensionMessaging<Protocol>();
