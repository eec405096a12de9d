/**
 * Loading a large matcher index takes longer than a content script may hold
 * the page's main thread, so its loops are generators that pause (`yield`)
 * every ITEMS_PER_PAUSE items: the content script resumes them in time
 * slices, while the background and the CLI run them straight to the end.
 */
export const ITEMS_PER_PAUSE = 2048;

/** A loop pauses at item i when `(i & PAUSE_MASK) === PAUSE_MASK` (inline: the loops are hot). */
export const PAUSE_MASK = ITEMS_PER_PAUSE - 1;

/** A computation that may pause between steps and returns a T. */
export type Pausable<T> = Generator<void, T>;

/** Runs a pausable computation to its end, without pausing. */
export function runToEnd<T>(work: Pausable<T>): T {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
  }
}
