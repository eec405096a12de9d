/**
 * The whole page's text, for rules whose context scope is `page`. The DOM
 * layer adds blocks as it reads them, as functions giving their folded text:
 * a page is folded only when a page-scoped rule first asks (most pages have
 * no candidate mention with such a rule). Lookups are remembered per phrase
 * and only the text added since the last miss is searched again.
 */

import type { NormalizedText } from './normalize';
import { normalizeText } from './normalize';
import { containsPhrase } from './phrases';

export class PageContext {
  private readonly blocks: string[] = [];
  /** Blocks added but not folded yet. */
  private readonly pending: (() => string)[] = [];
  private pendingFrom = 0;
  /** Per folded phrase: -1 once found, else how many blocks have been searched without it. */
  private readonly searched = new Map<string, number>();
  /** Phrases looked up in vain, which text added later may bring. */
  private readonly misses = new Set<string>();

  /** A page context holding one text (e.g. the page's whole text content). */
  static fromText(text: string): PageContext {
    const page = new PageContext();
    page.add(text);
    return page;
  }

  /** Adds a block of page text (raw, or already normalised to avoid doing it twice). */
  add(text: string | NormalizedText): void {
    const normalized = typeof text === 'string' ? normalizeText(text) : text;
    if (normalized.folded !== '') this.blocks.push(normalized.folded);
  }

  /** Adds a block by the function that gives its folded text, called only if a lookup needs it. */
  addLazily(folded: () => string): void {
    this.pending.push(folded);
  }

  /**
   * Folds up to `count` pending blocks now (for a caller working in time
   * slices on a large page); returns whether some remain.
   */
  foldPending(count = Infinity): boolean {
    const end = Math.min(this.pending.length, this.pendingFrom + count);
    for (; this.pendingFrom < end; this.pendingFrom++) {
      const text = this.pending[this.pendingFrom]!();
      if (text !== '') this.blocks.push(text);
    }
    if (this.pendingFrom < this.pending.length) return true;
    this.pending.length = this.pendingFrom = 0;
    return false;
  }

  /** Whether a folded phrase (see `foldPhrase`) occurs anywhere on the page as whole words. */
  hasPhrase(foldedPhrase: string): boolean {
    this.foldPending();
    const from = this.searched.get(foldedPhrase) ?? 0;
    if (from < 0) return true;
    for (let b = from; b < this.blocks.length; b++) {
      if (containsPhrase(this.blocks[b]!, foldedPhrase)) {
        this.searched.set(foldedPhrase, -1);
        return true;
      }
    }
    this.searched.set(foldedPhrase, this.blocks.length);
    this.misses.add(foldedPhrase);
    return false;
  }

  /**
   * Whether a phrase once looked up in vain occurs now, in text added since:
   * then verdicts given without it may change (e.g. a page whose context
   * words arrive with content loaded later).
   */
  gainedMissedPhrase(): boolean {
    for (const phrase of this.misses) {
      if (this.hasPhrase(phrase)) {
        this.misses.delete(phrase);
        return true;
      }
    }
    return false;
  }
}
