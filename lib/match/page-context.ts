/**
 * The whole page's text, for rules whose context scope is `page`. The DOM
 * layer adds blocks as it reads them; lookups are remembered per phrase and
 * only the text added since the last miss is searched again.
 */

import type { NormalizedText } from './normalize';
import { normalizeText } from './normalize';
import { containsPhrase } from './phrases';

export class PageContext {
  private readonly blocks: string[] = [];
  /** Per folded phrase: -1 once found, else how many blocks have been searched without it. */
  private readonly searched = new Map<string, number>();

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

  /** Whether a folded phrase (see `foldPhrase`) occurs anywhere on the page as whole words. */
  hasPhrase(foldedPhrase: string): boolean {
    const from = this.searched.get(foldedPhrase) ?? 0;
    if (from < 0) return true;
    for (let b = from; b < this.blocks.length; b++) {
      if (containsPhrase(this.blocks[b]!, foldedPhrase)) {
        this.searched.set(foldedPhrase, -1);
        return true;
      }
    }
    this.searched.set(foldedPhrase, this.blocks.length);
    return false;
  }
}
