/**
 * Whether the reader is near a place in the page, told by the browser after
 * its own layout (an IntersectionObserver): reading geometry in our tasks
 * could force a layout, and a scroll listener would run on every scroll.
 */

/** What the reader's position says of one element. */
export interface NearReader {
  /** The first observation: whether the element is near the reader now. */
  now: Promise<boolean>;
  /** Resolves once the element is near the reader (at once if it is now). */
  near: Promise<void>;
}

/** Watches one element until it is near the reader, or `signal` aborts (then both settle). */
export type ReaderWatch = (element: Element, signal: AbortSignal) => NearReader;

/**
 * An element is near the reader when it starts less than a screen below the
 * viewport, or above it. In a hidden tab it is not near now: the browser
 * observes nothing until the tab is shown, and there is no reader to serve.
 */
/** Far enough above the viewport to hold any page (browsers cap layout near 2^25 px). */
const ABOVE_PX = 1 << 25;

export const nearReader: ReaderWatch = (element, signal) => {
  let answer!: (near: boolean) => void;
  let arrive!: () => void;
  const now = new Promise<boolean>((resolve) => (answer = resolve));
  const near = new Promise<void>((resolve) => (arrive = resolve));
  if (document.visibilityState === 'hidden') answer(false);
  const observer = new IntersectionObserver(
    (entries) => {
      const isNear = entries[entries.length - 1]!.isIntersecting;
      answer(isNear);
      if (isNear) {
        observer.disconnect();
        arrive();
      }
    },
    // The area watched runs from far above the viewport (a reader who jumped
    // past the element has come near it too) to a screen below it.
    { rootMargin: `${ABOVE_PX}px 0px 100% 0px` },
  );
  observer.observe(element);
  // Stopped: both settle, so that no one waits on a page view that is gone.
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      answer(false);
      arrive();
    },
    { once: true },
  );
  return { now, near };
};
