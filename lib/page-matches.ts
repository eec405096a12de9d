/**
 * The pages Repères runs on, shared by the content script's entry and the
 * manifest's entry for the marks' stylesheet (wxt.config.ts), which must
 * reach exactly the same pages.
 */
export const PAGE_MATCHES = ['http://*/*', 'https://*/*', 'file:///*'];
