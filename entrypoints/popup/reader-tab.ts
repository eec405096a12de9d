import { browser } from 'wxt/browser';

/**
 * The tab the reader is looking at: the active tab of a normal browser
 * window, that of the last focused window when there are several. From the
 * toolbar popup this is the tab under it; with the popup page in a window of
 * its own, it is still the reader's page. (Firefox ignores the window-type
 * filter of windows.getLastFocused, hence the tab query.)
 */
export async function readerTabId(): Promise<number | undefined> {
  try {
    // Never the popup's own tab, when it has one (a window just created can
    // still count as "normal" for a moment).
    const own = await browser.tabs.getCurrent();
    const tabs = (await browser.tabs.query({ active: true, windowType: 'normal' })).filter(
      (tab) => tab.id !== own?.id,
    );
    if (tabs.length <= 1) return tabs[0]?.id;
    const focused = await browser.windows.getLastFocused();
    return (tabs.find((tab) => tab.windowId === focused.id) ?? tabs[0])?.id;
  } catch {
    return undefined; // no window to ask (a closing browser)
  }
}
