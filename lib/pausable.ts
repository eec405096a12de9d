/**
 * Work that can take longer than a task should hold a thread the reader is
 * using (loading a large matcher index in a page, building the popup's
 * search index over a large pack) is written as a generator that pauses
 * (`yield`) every ITEMS_PER_PAUSE items: the page or popup resumes it in
 * time slices (lib/slices.ts), while the background and the CLI run it
 * straight to the end.
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

/** Items sorted by one native call: long enough to be fast, short enough to stay a few ms. */
const SORT_RUN = 8192;

/**
 * Sorts `items` in place by `compare`, stably, pausing: runs of SORT_RUN
 * items are sorted natively, then merged pairwise, with a pause every
 * ITEMS_PER_PAUSE items merged. One native sort of a quarter of a million
 * objects would hold the thread for about 80 ms.
 */
export function* sortGradually<T>(items: T[], compare: (a: T, b: T) => number): Pausable<void> {
  const n = items.length;
  for (let lo = 0; lo < n; lo += SORT_RUN) {
    const run = items.slice(lo, lo + SORT_RUN).sort(compare);
    for (let i = 0; i < run.length; i++) items[lo + i] = run[i]!;
    yield;
  }
  let from = items;
  let to = new Array<T>(n);
  let moved = 0;
  for (let width = SORT_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Ties take the left run first: the sort stays stable.
        to[k++] = compare(from[j]!, from[i]!) < 0 ? from[j++]! : from[i++]!;
        if ((++moved & PAUSE_MASK) === PAUSE_MASK) yield;
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let i = 0; i < n; i++) items[i] = from[i]!;
}
