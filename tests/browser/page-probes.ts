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
