/**
 * Finds mentions in blocks of text with the matching core: the one function
 * the content script and the `scan` command both call, so the same text
 * gives the same mentions. Works on anything with a `text` (DOM blocks from
 * collectBlocks, or paragraphs of a plain-text file).
 *
 * Rules with `contextScope: 'page'` look at the whole page, so every block's
 * text must be in the page context before any block is matched. In one call,
 * `scanBlocks(blocks, matcher)` does both. To work in time slices: register
 * every block in a context first (`pageContextOf`, cheap: a block's text is
 * folded only if a page-scoped rule asks), then `scanBlocks(blocks, matcher,
 * { page, from, to })` slice after slice. Each block is normalised once.
 *
 * A mention never crosses blocks, but `near` context words are also looked
 * for in the blocks beside it, within the rule's window (see MatchOptions
 * `surroundings`): a heading, a table cell or a caption names an entity
 * whose context is in the next paragraph or the next cell.
 */

import {
  findMentions,
  normalizeText,
  PageContext,
  PageRelevance,
  type MarkScope,
  type MatcherIndex,
  type Mention,
  type NormalizedText,
  type Surroundings,
} from '../match';
import { selectRelevant } from '../match/relevance';

/** The least a block needs: its text. */
export interface HasText {
  readonly text: string;
}

export interface BlockMention<B extends HasText = HasText> extends Mention {
  /** The block the mention is in; `start`/`end` are offsets in its text. */
  block: B;
  /** Its position in the `blocks` array given to scanBlocks. */
  blockIndex: number;
}

/** A slice of the blocks array: [from, to), the whole array by default. */
export interface BlockSlice {
  from?: number;
  to?: number;
}

export interface ScanOptions extends BlockSlice {
  /** The page's text, for page-scoped rules; default: built from all of `blocks`. */
  page?: PageContext;
  /** Stop after this many mentions in this call. */
  maxMentions?: number;
}

// Normalised text per block object, shared by pageContextOf and scanBlocks.
const normalizedOf = new WeakMap<HasText, NormalizedText>();

function normalized(block: HasText): NormalizedText {
  let found = normalizedOf.get(block);
  if (found === undefined || found.original !== block.text) {
    found = normalizeText(block.text);
    normalizedOf.set(block, found);
  }
  return found;
}

// The widest `near` window of a matcher's rules, per matcher.
const widestWindowOf = new WeakMap<MatcherIndex, number>();

function widestWindow(matcher: MatcherIndex): number {
  let widest = widestWindowOf.get(matcher);
  if (widest === undefined) {
    widest = 0;
    for (const rule of matcher.rules) {
      if (rule.context.length > 0 && rule.contextScope === 'near') {
        widest = Math.max(widest, rule.window);
      }
    }
    widestWindowOf.set(matcher, widest);
  }
  return widest;
}

/** Beyond the widest window, so that a word cut at either end is never within reach. */
const CUT_MARGIN = 128;

/**
 * The folded text of the blocks on either side of blocks[b], as far as
 * `reach` units (plus a margin) and no further: a long page costs no more.
 */
function surroundingsOf(blocks: readonly HasText[], b: number, reach: number): Surroundings {
  const want = reach + CUT_MARGIN;
  let before = '';
  for (let k = b - 1; k >= 0 && before.length < want; k--) {
    const text = normalized(blocks[k]!).folded;
    before = before === '' ? text : `${text}\n${before}`;
  }
  let after = '';
  for (let k = b + 1; k < blocks.length && after.length < want; k++) {
    const text = normalized(blocks[k]!).folded;
    after = after === '' ? text : `${after}\n${text}`;
  }
  return {
    before: before.length > want ? before.slice(before.length - want) : before,
    after: after.length > want ? after.slice(0, want) : after,
  };
}

function bounds(length: number, slice: BlockSlice): [number, number] {
  const from = Math.max(0, Math.min(length, slice.from ?? 0));
  const to = Math.max(from, Math.min(length, slice.to ?? length));
  return [from, to];
}

/**
 * Adds blocks[from, to) to a page context (a new one by default) and returns
 * it. Their text is normalised and folded only if a page-scoped rule asks.
 */
export function pageContextOf(
  blocks: readonly HasText[],
  options: BlockSlice & { page?: PageContext } = {},
): PageContext {
  const page = options.page ?? new PageContext();
  const [from, to] = bounds(blocks.length, options);
  for (let b = from; b < to; b++) {
    const block = blocks[b]!;
    page.addLazily(() => normalized(block).folded);
  }
  return page;
}

/**
 * Mentions in blocks[from, to), block after block, each with its block and
 * offsets in that block's text (UTF-16 units). No mention crosses blocks.
 */
export function scanBlocks<B extends HasText>(
  blocks: readonly B[],
  matcher: MatcherIndex,
  options: ScanOptions = {},
): BlockMention<B>[] {
  const page = options.page ?? pageContextOf(blocks);
  const [from, to] = bounds(blocks.length, options);
  const reach = widestWindow(matcher);
  let budget = options.maxMentions ?? Infinity;
  const mentions: BlockMention<B>[] = [];
  for (let b = from; b < to && budget > 0; b++) {
    const block = blocks[b]!;
    for (const mention of findMentions(matcher, normalized(block), {
      page,
      maxMentions: budget,
      surroundings: () => surroundingsOf(blocks, b, reach),
    })) {
      mentions.push({ ...mention, block, blockIndex: b });
    }
    budget = (options.maxMentions ?? Infinity) - mentions.length;
  }
  return mentions;
}

/**
 * The mentions of a whole page's reading blocks that the extension would mark
 * (and those it would not: background names on a page not about their
 * pack's subject, names on their own site), in one call: what `scan` and the
 * tests measure. The content script does the same in slices (PageScanner).
 */
export function scanRelevant<B extends HasText>(
  blocks: readonly B[],
  matcher: MatcherIndex,
  where: { host: string; scope: MarkScope },
): { marked: BlockMention<B>[]; unmarked: BlockMention<B>[] } {
  const page = pageContextOf(blocks);
  const relevance = new PageRelevance(
    matcher.entityIds,
    matcher.relevance,
    where.host,
    where.scope,
  );
  return selectRelevant(scanBlocks(blocks, matcher, { page }), relevance, page);
}
