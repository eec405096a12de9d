import type { Browser } from 'webextension-polyfill';
import type { Tab } from './driver';

/**
 * Polls a function in the page until its result passes `accept` (by default:
 * is truthy), and returns that result; fails with the last value seen.
 */
export async function waitFor<R>(
  tab: Tab,
  fn: () => R | Promise<R>,
  accept: (value: R) => boolean = Boolean,
  timeoutMs = 8_000,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await tab.evaluate(fn);
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Runs in the page (self-contained): the text of every mark in the `reperes` highlight. */
export function markedTexts(): string[] {
  const highlight = CSS.highlights?.get('reperes');
  return [...(highlight ?? [])].map((range) => {
    const live = document.createRange();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    return live.toString();
  });
}

/**
 * Runs in the page (self-contained): the centre of the first occurrence of
 * `word` in the element `elementId` (default: the whole body), where a
 * pointer rests on it; null when it is not there.
 */
export function pointOfWord({ elementId, word }: { elementId?: string; word: string }) {
  const root = (elementId && document.getElementById(elementId)) || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent?.indexOf(word) ?? -1;
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + word.length);
    const rect = range.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }
  return null;
}

/**
 * Runs in an extension context (a page or the service worker; self-contained,
 * and without inner named functions, which tsx would wrap in a `__name` helper
 * the worker lacks): sends `type` to the content script of the tab showing
 * `url` and gives its answer, undefined when no content script there answers.
 * Match patterns cannot name a port in every browser, so each tab's
 * `pageStatus` says which one is at `url`.
 */
export async function askTabAt<R>({
  url,
  type,
}: {
  url: string;
  type: string;
}): Promise<R | undefined> {
  const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };
  const api = (scope.browser ?? scope.chrome)!;
  for (const tab of await api.tabs.query({})) {
    const message = { id: 1, type: 'pageStatus', timestamp: Date.now() };
    const status = (await api.tabs.sendMessage(tab.id ?? -1, message).catch(() => undefined)) as
      { res?: { url?: string } } | undefined;
    if (status?.res?.url !== url) continue;
    if (type === 'pageStatus') return status.res as R;
    const reply = (await api.tabs
      .sendMessage(tab.id ?? -1, { ...message, type })
      .catch(() => undefined)) as { res?: R } | undefined;
    return reply?.res;
  }
  return undefined;
}

/** The open card: whether it fits, its facts' text size, and any text cut off rather than wrapped or scrolled. */
export function openCardLayout() {
  const dialog = document
    .querySelector('reperes-card')
    ?.shadowRoot?.querySelector<HTMLElement>('[role="dialog"]');
  if (!dialog?.querySelector('.rp-fact-text')) return null;
  const box = dialog.getBoundingClientRect();
  const body = dialog.querySelector<HTMLElement>('.rp-body')!;
  const clipped = [...dialog.querySelectorAll<HTMLElement>('p, h2, h3, button, li')]
    .filter((element) => !element.closest('.rp-visually-hidden'))
    .filter((element) => getComputedStyle(element).textOverflow !== 'ellipsis')
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => element.className || element.localName);
  return {
    inViewport:
      box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
    unfolded: dialog.querySelector('.rp-more')?.getAttribute('aria-expanded') === 'true',
    factSize: parseFloat(getComputedStyle(dialog.querySelector('.rp-fact-text')!).fontSize),
    width: box.width,
    // Taller than its room: the body scrolls, and can be reached from the keyboard.
    bodyScrollsWhenNeeded: body.scrollHeight <= body.clientHeight + 1 || body.tabIndex === 0,
    clipped,
  };
}

/** A CSS system colour as this page resolves it (run in the page). */
export function systemColour(name: string): string {
  const probe = document.createElement('span');
  probe.style.color = name;
  document.body.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}

/** The Stargate mark's, the hovered mark's and the card's own colours, under forced colours (run in the page). */
export function forcedColourStyles() {
  const line = document.getElementById('stargate-p')!;
  const mark = getComputedStyle(line, '::highlight(reperes)');
  const active = getComputedStyle(line, '::highlight(reperes-active)');
  const card = document.querySelector('reperes-card')!.shadowRoot!.querySelector('.rp-card')!;
  const box = getComputedStyle(card);
  return {
    forced: matchMedia('(forced-colors: active)').matches,
    mark: [mark.textDecorationColor, mark.textDecorationThickness],
    active: [active.textDecorationStyle, active.textDecorationThickness],
    card: [box.borderTopStyle, box.borderTopColor],
  };
}
