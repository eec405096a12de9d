/**
 * Finds and paints the mentions of a page, in time slices: the blocks in view
 * first, then the rest; afterwards only the blocks that changed. Pure
 * orchestration of lib/dom (text blocks) and lib/match (the matcher) over the
 * painter and the mention map.
 */
import {
  blockRootOf,
  isReadingBlock,
  iterateBlocks,
  PageChrome,
  pageContextOf,
  rangeInBlock,
  readingBlocks,
  scanBlocks,
} from '@/lib/dom';
import type { BlockMention, TextBlock } from '@/lib/dom';
import { HOLD, MARK, PageRelevance, type MarkScope } from '@/lib/match';
import type { MatcherIndex, PageContext } from '@/lib/match';
import type { MentionMap, PaintedMention } from './mention-map';
import type { MentionPainter } from './painter';
import { runInSlices, Slice } from '../slices';
import type { PhaseClock } from './phase-clock';

export interface ScanPolicy {
  /** Entities the reader muted on this site. */
  isMuted(entityId: string): boolean;
  /** Mark only the first mention of each entity on the page. */
  firstMentionOnly: boolean;
  /** At most this many marks on a page: beyond, marks stop helping and start costing. */
  maxMentions: number;
  /** Which names are marked (see lib/match/relevance.ts). */
  markScope: MarkScope;
  /** The page's host: no entity is marked on its own site. */
  host: string;
  /** The bench's phase clock (lib/page/phase-clock.ts); absent in the extension as shipped. */
  clock?: PhaseClock;
}

/** Blocks gathered per step while walking the page (each step is short). */
const BLOCKS_PER_STEP = 64;
/** Beyond this much text, folding the page at once would be a long task (about 15 ms per million). */
const FOLD_AHEAD_CHARS = 1_500_000;

export class PageScanner {
  private page: PageContext | undefined;
  private chrome = new PageChrome();
  /** This page view's relevance judgements, from the first full scan on. */
  private relevance: PageRelevance | undefined;
  /** Background mentions waiting for the page to show their pack's subject. */
  private held: BlockMention<TextBlock>[] = [];
  /** Mentions of names on their own site: never marked, listed in the popup. */
  private dropped: BlockMention<TextBlock>[] = [];
  private readonly painted = new Set<string>();
  private controller = new AbortController();
  /** The full scan under way, which rescans wait for so that no block is painted twice. */
  private fullScan: Promise<boolean> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly matcher: MatcherIndex,
    private readonly painter: MentionPainter,
    private readonly mentions: MentionMap,
    private readonly policy: ScanPolicy,
  ) {}

  private newRelevance(): PageRelevance {
    const { entityIds, relevance } = this.matcher;
    return new PageRelevance(entityIds, relevance, this.policy.host, this.policy.markScope);
  }

  /** Names found in the page's reading content that are not marked, with their counts. */
  unmarkedCounts(): ReadonlyMap<string, number> {
    const counts = new Map<string, number>();
    for (const { entityId } of [...this.held, ...this.dropped]) {
      counts.set(entityId, (counts.get(entityId) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Scans the whole page; resolves false if stopped before the end. `slice`:
   * the time slice already under way, if work came just before in the same task.
   */
  scanAll(slice = new Slice()): Promise<boolean> {
    this.stop();
    const scan = this.scanWhole(slice);
    this.fullScan = scan;
    return scan;
  }

  /**
   * Walks and paints the whole page. `replacing`: marks are already there;
   * each block's old marks are dropped just before it is painted again, so
   * the page never shows a moment without them.
   */
  private async scanWhole(slice: Slice, replacing = false): Promise<boolean> {
    const signal = this.controller.signal;
    const walked: TextBlock[] = [];
    let textLength = 0;
    const chrome = new PageChrome();
    const walk = iterateBlocks(this.doc, { chrome });
    const { clock } = this.policy;
    const gathered = await runInSlices(
      () => {
        const start = clock && performance.now();
        try {
          for (let i = 0; i < BLOCKS_PER_STEP; i++) {
            const next = walk.next();
            if (next.done) return false;
            walked.push(next.value);
            textLength += next.value.text.length;
          }
          return true;
        } finally {
          if (clock) clock.add('walk', start!);
        }
      },
      signal,
      slice,
    );
    if (!gathered) return false;
    // Only the reading content is matched, and only its words tell what the page is about.
    this.chrome = chrome;
    const start = clock && performance.now();
    const blocks = readingBlocks(walked, chrome);
    if (clock) clock.add('walk', start!);
    this.relevance = this.newRelevance();
    this.held = [];
    this.dropped = [];

    // Page-scoped rules need the whole page's words before any block is
    // judged; the page is folded when such a rule first asks. On a very large
    // page that would be one long task, so it is folded ahead, in slices.
    const page = (this.page = pageContextOf(blocks));
    if (textLength > FOLD_AHEAD_CHARS) {
      const folded = await runInSlices(() => page.foldPending(BLOCKS_PER_STEP), signal, slice);
      if (!folded) return false;
    }

    const order = visibleFirst(blocks, firstVisibleBlock(blocks));
    let next = 0;
    const replaced = new Set<Element | null>();
    if (replacing) {
      this.forgetDetached();
      this.painted.clear();
    }
    const painted = await runInSlices(
      () => {
        if (next >= order.length) return false;
        const index = order[next++]!;
        const { element } = blocks[index]!;
        if (replacing && !replaced.has(element)) {
          // Once per element: text around a nested block makes several blocks of one element.
          replaced.add(element);
          if (element) this.forget(element);
        }
        this.paintBlocks(blocks, index, index + 1);
        return true;
      },
      signal,
      slice,
    );
    if (!painted) return false;
    // Held background names: look up the pack's topic words a few per slice, then release them.
    if (this.held.length > 0) {
      const { relevance } = this;
      const looked = await runInSlices(() => relevance.stepTopics(page), signal, slice);
      if (!looked) return false;
      this.releaseHeld();
    }
    return true;
  }

  /** Marks the held background mentions whose pack's subject the page now shows. */
  private releaseHeld(): boolean {
    const { page, relevance } = this;
    if (this.held.length === 0 || page === undefined || relevance === undefined) return false;
    const waiting = this.held;
    this.held = [];
    let released = false;
    for (const mention of waiting) {
      if (relevance.release(mention.entityId, page)) {
        this.paint(mention);
        released = true;
      } else {
        this.held.push(mention);
      }
    }
    return released;
  }

  /**
   * Rescans the blocks containing these changed nodes, after dropping their
   * old marks and those of blocks that left the page.
   */
  async rescan(changed: Iterable<Node>): Promise<boolean> {
    const signal = this.controller.signal;
    // Changes during the full scan: let it finish, then repaint the changed blocks over it.
    if ((await this.fullScan) === false || signal.aborted) return false;
    this.forgetDetached();
    const roots = new Set<Node>();
    for (const node of changed) {
      if (!node.isConnected) continue;
      roots.add(blockRootOf(node) ?? node);
    }
    for (const root of roots) this.forget(root);
    const pending = [...roots].filter((root) => !hasAncestorIn(root, roots));
    const page = (this.page ??= pageContextOf([]));
    let i = 0;
    const done = await runInSlices(() => {
      const root = pending[i++];
      if (root === undefined) return false;
      const blocks = [...iterateBlocks(root, { chrome: this.chrome })].filter((block) =>
        isReadingBlock(block, this.chrome),
      );
      pageContextOf(blocks, { page });
      this.paintBlocks(blocks, 0, blocks.length);
      return true;
    }, signal);
    // Later content may bring the subject that held background names waited for.
    if (done) this.releaseHeld();
    // Words a page-scoped rule missed have arrived: mentions judged without
    // them may count now, anywhere on the page. Judge the whole page again.
    if (done && page.gainedMissedPhrase()) {
      const repaint = this.scanWhole(new Slice(), true);
      this.fullScan = repaint;
      return repaint;
    }
    return done;
  }

  /** Removes every mark and stops any scan under way. */
  clear(): void {
    this.stop();
    this.fullScan = undefined;
    for (const block of this.mentions.blocks()) this.forget(block);
    this.mentions.clear();
    this.painted.clear();
    this.page = undefined;
    this.held = [];
    this.dropped = [];
  }

  stop(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }

  private paintBlocks(blocks: readonly TextBlock[], from: number, to: number): void {
    const room = this.policy.maxMentions - this.mentions.size;
    if (room <= 0) return;
    const { clock } = this.policy;
    const start = clock && performance.now();
    const found = scanBlocks(blocks, this.matcher, {
      page: this.page,
      from,
      to,
      maxMentions: room,
    });
    if (clock) clock.add('match', start!);
    for (const mention of found) {
      if (mention.block.element === null || this.policy.isMuted(mention.entityId)) continue;
      this.relevance ??= this.newRelevance();
      const verdict = this.relevance.judge(mention.entityId);
      if (verdict === MARK) {
        this.paint(mention);
        continue;
      }
      // Bounded like the marks: a page cannot make these lists grow without end.
      const unmarked = verdict === HOLD ? this.held : this.dropped;
      if (unmarked.length < this.policy.maxMentions) unmarked.push(mention);
    }
  }

  private paint(mention: BlockMention<TextBlock>): void {
    const { clock } = this.policy;
    const start = clock && performance.now();
    this.paintNow(mention);
    if (clock) clock.add('paint', start!);
  }

  private paintNow(mention: BlockMention<TextBlock>): void {
    const { block } = mention;
    if (block.element === null || this.mentions.size >= this.policy.maxMentions) return;
    if (this.policy.firstMentionOnly && this.painted.has(mention.entityId)) return;
    const bounds = rangeInBlock(block, mention.start, mention.end);
    // StaticRange, not Range: live ranges are updated by the browser on every
    // DOM change of the page, which slows it down; static ones cost nothing
    // and are revalidated here after mutations (rescan).
    const range = new StaticRange(bounds);
    const painted: PaintedMention = {
      entityId: mention.entityId,
      text: mention.text,
      range,
      nodes: block.nodes.slice(bounds.firstNode, bounds.lastNode + 1),
      block: block.element,
    };
    this.mentions.add(painted);
    this.painter.add(range);
    this.painted.add(mention.entityId);
  }

  /** Drops the marks of a block, and its names found but not marked. */
  private forget(block: Node): void {
    if (!(block instanceof Element)) return;
    for (const mention of this.mentions.removeBlock(block)) this.painter.delete(mention.range);
    this.forgetUnmarked((element) => element === block);
  }

  private forgetDetached(): void {
    for (const block of this.mentions.blocks()) if (!block.isConnected) this.forget(block);
    this.forgetUnmarked((element) => !element.isConnected);
  }

  private forgetUnmarked(gone: (element: Element) => boolean): void {
    const keep = (mention: BlockMention<TextBlock>) =>
      mention.block.element === null || !gone(mention.block.element);
    this.held = this.held.filter(keep);
    this.dropped = this.dropped.filter(keep);
  }
}

function hasAncestorIn(node: Node, set: Set<Node>): boolean {
  for (let parent = node.parentNode; parent; parent = parent.parentNode) {
    if (set.has(parent)) return true;
  }
  return false;
}

/**
 * The first block on screen, by binary search over blocks in document order
 * (which follows the vertical order closely enough for a starting point).
 */
function firstVisibleBlock(blocks: readonly TextBlock[]): number {
  const viewportTop = 0;
  let low = 0;
  let high = blocks.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const element = blocks[middle]!.element;
    const bottom = element ? element.getBoundingClientRect().bottom : viewportTop;
    if (bottom >= viewportTop) {
      found = middle;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  return found;
}

/** Block indexes from the first visible one to the end, then the ones above it. */
function visibleFirst(blocks: readonly TextBlock[], start: number): number[] {
  const order: number[] = [];
  for (let i = start; i < blocks.length; i++) order.push(i);
  for (let i = 0; i < start; i++) order.push(i);
  return order;
}
