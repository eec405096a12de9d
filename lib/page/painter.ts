/**
 * Paints mentions with the CSS Custom Highlight API: ranges in the page's
 * registry (from its first mark on), styled by public/highlights.css, which
 * `onFirstMark` has brought into the page when the first range is added. The
 * page's DOM is never touched.
 *
 * - `reperes` holds every painted mention (a stable interface: tests and
 *   tools outside the code read it);
 * - `reperes-tint` repeats them when the reader chose the tinted style;
 * - `reperes-active` holds the hovered or keyboard-focused mention.
 */
import type { HighlightStyle } from '../settings';

export const HIGHLIGHT = 'reperes';
const TINT = 'reperes-tint';
const ACTIVE = 'reperes-active';

/** What a painted mention is drawn from: a StaticRange's fields. */
export interface RangeBounds {
  startContainer: Node;
  startOffset: number;
  endContainer: Node;
  endOffset: number;
}

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

export class MentionPainter {
  private readonly all = new Highlight();
  private readonly tint = new Highlight();
  private readonly active = new Highlight();
  private style: HighlightStyle = 'underline';
  /** Whether the highlights are in the page's registry: from the first mark on. */
  private registered = false;

  /** @param onFirstMark called once, when the first range is added (the styles are wanted). */
  constructor(private readonly onFirstMark: () => void = () => undefined) {
    this.active.priority = 1;
  }

  add(range: StaticRange): void {
    if (!this.registered) this.register();
    this.all.add(range);
    if (this.style === 'tint') this.tint.add(range);
  }

  delete(range: StaticRange): void {
    this.all.delete(range);
    this.tint.delete(range);
    this.active.delete(range);
  }

  setActive(range: StaticRange | null): void {
    this.active.clear();
    if (range) this.active.add(range);
  }

  setStyle(style: HighlightStyle): void {
    if (style === this.style) return;
    this.style = style;
    this.tint.clear();
    if (style === 'tint') {
      for (const range of this.all) this.tint.add(range);
      if (this.registered) CSS.highlights.set(TINT, this.tint);
    } else if (this.registered) {
      CSS.highlights.delete(TINT);
    }
  }

  get size(): number {
    return this.all.size;
  }

  /** Removes every mark this painter made, e.g. when paused or when the extension goes away. */
  dispose(): void {
    this.all.clear();
    this.tint.clear();
    this.active.clear();
    if (!this.registered) return;
    for (const name of [HIGHLIGHT, TINT, ACTIVE]) CSS.highlights.delete(name);
  }

  /**
   * Registers the highlights with the page's first mark: most pages get none,
   * and never see the registry touched.
   */
  private register(): void {
    this.registered = true;
    this.onFirstMark();
    CSS.highlights.set(HIGHLIGHT, this.all);
    CSS.highlights.set(ACTIVE, this.active);
    if (this.style === 'tint') CSS.highlights.set(TINT, this.tint);
  }
}
