/**
 * When a card opens and closes under the pointer, as a small state machine
 * with injected timers (so it is tested without a browser):
 * - a card opens once the pointer has rested on a mention for `delayMs`, not
 *   while the page scrolls;
 * - it stays while the pointer moves from the mention onto the card;
 * - it closes `graceMs` after the pointer left both, or at once on dismiss.
 */
export interface HoverIntentOptions<T> {
  delayMs: number;
  graceMs: number;
  open: (target: T) => void;
  close: () => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class HoverIntent<T> {
  private pending: { target: T; timer: unknown } | null = null;
  private closing: unknown = null;
  private shown: T | null = null;
  private inCard = false;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: HoverIntentOptions<T>) {
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
  }

  /** The card currently open, if any. */
  get openTarget(): T | null {
    return this.shown;
  }

  set delayMs(ms: number) {
    this.options.delayMs = ms;
  }

  /** The pointer is over `target` (a mention), or over no mention (null). */
  pointerAt(target: T | null): void {
    if (target !== null && target === this.shown) {
      this.cancelClosing();
      this.cancelPending();
      return;
    }
    if (target === null) {
      this.cancelPending();
      if (this.shown !== null && !this.inCard) this.startClosing();
      return;
    }
    if (this.pending?.target === target) return;
    this.cancelPending();
    const timer = this.setTimer(() => {
      this.pending = null;
      this.show(target);
    }, this.options.delayMs);
    this.pending = { target, timer };
  }

  pointerInCard(inside: boolean): void {
    this.inCard = inside;
    if (inside) {
      this.cancelClosing();
      this.cancelPending();
    } else if (this.shown !== null) {
      this.startClosing();
    }
  }

  /** The page scrolled: a mention passing under a still pointer is not an intent. */
  scrolled(): void {
    this.cancelPending();
  }

  /** Opens at once (keyboard). */
  openNow(target: T): void {
    this.cancelPending();
    this.show(target);
  }

  /** Closes at once (Escape, a click elsewhere). */
  dismiss(): void {
    this.cancelPending();
    this.cancelClosing();
    if (this.shown !== null) {
      this.shown = null;
      this.inCard = false;
      this.options.close();
    }
  }

  private show(target: T): void {
    this.cancelClosing();
    this.shown = target;
    this.options.open(target);
  }

  private startClosing(): void {
    if (this.closing !== null) return;
    this.closing = this.setTimer(() => {
      this.closing = null;
      this.dismiss();
    }, this.options.graceMs);
  }

  private cancelPending(): void {
    if (this.pending) this.clearTimer(this.pending.timer);
    this.pending = null;
  }

  private cancelClosing(): void {
    if (this.closing !== null) this.clearTimer(this.closing);
    this.closing = null;
  }
}
