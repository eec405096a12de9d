/**
 * Finds and paints the mentions of a page, in time slices: walks its
 * reading blocks, hands their texts to a mention source (the background's
 * matcher, see lib/dom/page-matching.ts), and paints what comes back (on a
 * page with many marks, the blocks in view first); afterwards only the
 * blocks that changed. Pure orchestration of lib/dom (text blocks) over the
 * painter and the mention map.
 */
import {
  blockRootOf,
  isReadingBlock,
  iterateBlocks,
  PageChrome,
  rangeInBlock,
  readingContent,
} from '@/lib/dom';
import type { TextBlock } from '@/lib/dom';
import type { FoundMention, MentionSource, Verdicts } from '@/lib/dom/page-matching';
import type { MentionMap, PaintedMention } from './mention-map';
import type { MentionPainter } from './painter';
import { afterNextFrame, runInSlices, Slice } from '../slices';
import type { PhaseClock } from './phase-clock';

/** The extension's cap on a page's marks (ScanPolicy.maxMentions); the bench paints as many. */
export const MAX_MENTIONS = 2000;

export interface ScanPolicy {
  /** Mark only the first mention of each entity on the page. */
  firstMentionOnly: boolean;
  /** At most this many marks on a page: beyond, marks stop helping and start costing. */
  maxMentions: number;
  /** The bench's phase clock (lib/page/phase-clock.ts); absent in the extension as shipped. */
  clock?: PhaseClock;
}

/** Blocks gathered per step while walking the page (each step is short). */
const BLOCKS_PER_STEP = 64;
/** Blocks, and at most about this many marks, painted per step. */
const PAINT_BLOCKS_PER_STEP = 8;
const PAINT_MARKS_PER_STEP = 32;
/** Beyond this many marks, the blocks in view are painted first (fewer are all painted within a slice or two). */
const ORDERED_FROM_VIEW = 4 * PAINT_MARKS_PER_STEP;

const sameMention = (a: FoundMention, b: FoundMention) =>
  a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

export class PageScanner {
  private chrome = new PageChrome();
  /** The blocks the source knows, by the id it was given them under. */
  private readonly blocks = new Map<number, TextBlock>();
  private readonly idsOf = new Map<Element | null, number[]>();
  private nextId = 0;
  /** Blocks gone since the source last heard from this page. */
  private forgotten: number[] = [];
  /** Names found in the reading content and not marked: listed in the popup. */
  private unmarked: FoundMention[] = [];
  private readonly painted = new Set<string>();
  private controller = new AbortController();
  /** The full scan under way, which rescans wait for so that no block is painted twice. */
  private fullScan: Promise<boolean> | undefined;
  /** Entities in the index the source matched with (0: none). */
  indexEntities = 0;

  constructor(
    private readonly doc: Document,
    private readonly source: MentionSource,
    private readonly painter: MentionPainter,
    private readonly mentions: MentionMap,
    private readonly policy: ScanPolicy,
  ) {}

  /** Names found in the page's reading content that are not marked, with their counts. */
  unmarkedCounts(): ReadonlyMap<string, number> {
    const counts = new Map<string, number>();
    for (const [, , , entityId] of this.unmarked) {
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
   * Walks, matches and paints the whole page. `replacing`: marks are already
   * there; each block's old marks are dropped just before it is painted
   * again, so the page never shows a moment without them.
   */
  private async scanWhole(slice: Slice, replacing = false): Promise<boolean> {
    const signal = this.controller.signal;
    const chrome = new PageChrome();
    // Only the reading content is matched, and only its words tell what the page is about.
    const walk = readingContent(this.doc, chrome);
    let reading: TextBlock[] | undefined;
    const { clock } = this.policy;
    const gathered = await runInSlices(
      () => {
        const start = clock && performance.now();
        try {
          // The slice's deadline is checked after every block too: one block may take milliseconds.
          for (let i = 0; i < BLOCKS_PER_STEP && (i === 0 || !slice.expired); i++) {
            const next = walk.next();
            if (next.done) {
              reading = next.value;
              return false;
            }
          }
          return true;
        } finally {
          if (clock) clock.add('walk', start!);
        }
      },
      signal,
      slice,
    );
    if (!gathered || reading === undefined) return false;
    const blocks = reading;
    this.chrome = chrome;
    const start = clock && performance.now();
    this.blocks.clear();
    this.idsOf.clear();
    this.forgotten = [];
    const texts = blocks.map((block) => ({ id: this.register(block), text: block.text }));
    if (clock) clock.add('walk', start!);

    const verdicts = await this.ask(() => this.source.scanPage(texts));
    if (signal.aborted) return false;
    // A source that failed (the background gone): the page stays unmarked, quietly.
    if (verdicts === null) return true;
    this.indexEntities = verdicts.entities;
    this.unmarked = this.inPage(verdicts.unmarked);
    // A page without marks (most pages) is done: nothing to order or paint.
    const marks = verdicts.marked.length;
    if (marks === 0 && !replacing) return true;
    // Where the reader is matters only when painting takes several slices. It
    // is read after the browser's next frame: reading geometry on a page that
    // changed since its last layout forces one in our task (80 ms and more on
    // a heavy saved page), and a frame callback of ours, however short, runs
    // inside the page's rendering. So pages with few marks never wait or read.
    let first = 0;
    if (marks > ORDERED_FROM_VIEW) {
      await afterNextFrame();
      if (signal.aborted) return false;
      first = firstVisibleBlock(blocks);
    }

    // The blocks in view first.
    const byBlock = groupByBlock(verdicts.marked);
    const order = visibleFirst(blocks.length, first);
    let next = 0;
    const replaced = new Set<Element | null>();
    if (replacing) {
      this.forgetDetached();
      this.painted.clear();
    }
    return runInSlices(
      () => {
        // A few blocks per step: reading the clock for the slice's deadline
        // costs more than painting one block's marks.
        for (let i = 0, marks = 0; i < PAINT_BLOCKS_PER_STEP && marks < PAINT_MARKS_PER_STEP; i++) {
          if (next >= order.length) return false;
          const index = order[next++]!;
          const { element } = blocks[index]!;
          if (replacing && !replaced.has(element)) {
            // Once per element: text around a nested block makes several blocks of one element.
            replaced.add(element);
            if (element) this.removeMarks(element);
          }
          const found = byBlock.get(texts[index]!.id) ?? [];
          this.paint(found);
          marks += found.length;
        }
        return true;
      },
      signal,
      slice,
    );
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
    const groups: { id: number; text: string }[][] = [];
    let i = 0;
    const walked = await runInSlices(() => {
      const root = pending[i++];
      if (root === undefined) return false;
      // Chrome inside it is not read: its blocks are never reading content.
      const blocks = [...iterateBlocks(root, { chrome: this.chrome, unreadChrome: [] })].filter(
        (block) => isReadingBlock(block, this.chrome),
      );
      if (blocks.length > 0) {
        groups.push(blocks.map((block) => ({ id: this.register(block), text: block.text })));
      }
      return true;
    }, signal);
    if (!walked) return false;
    const forget = this.forgotten;
    this.forgotten = [];
    const room = this.policy.maxMentions - this.mentions.size;
    const verdicts = await this.ask(() => this.source.scanMore(groups, forget, room));
    if (signal.aborted) return false;
    // The source no longer knows this page view, or words a page-scoped rule
    // missed have arrived: judge the whole page anew.
    if (verdicts === null || verdicts.rejudge) {
      const repaint = this.scanWhole(new Slice(), true);
      this.fullScan = repaint;
      return repaint;
    }
    this.unmarked = this.unmarked.filter(
      (found) => !verdicts.released.some((released) => sameMention(found, released)),
    );
    this.unmarked.push(...this.inPage(verdicts.unmarked));
    this.paint(verdicts.marked);
    this.paint(verdicts.released);
    return true;
  }

  /** Removes every mark and stops any scan under way. */
  clear(): void {
    this.stop();
    this.fullScan = undefined;
    for (const block of this.mentions.blocks()) this.removeMarks(block);
    this.mentions.clear();
    this.painted.clear();
    this.blocks.clear();
    this.idsOf.clear();
    this.unmarked = [];
  }

  stop(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }

  /** Asks the source, timing the round trip; null when it failed. */
  private async ask(question: () => Promise<Verdicts | null>): Promise<Verdicts | null> {
    const { clock } = this.policy;
    const start = clock && performance.now();
    try {
      const verdicts = await question();
      if (clock && verdicts?.work) {
        // Round trip less the source's own work: messaging, and waking a sleeping background.
        clock.add('message', start! + verdicts.work.loadMs + verdicts.work.matchMs);
        clock.totals.load += verdicts.work.loadMs;
        clock.totals.match += verdicts.work.matchMs;
      }
      return verdicts;
    } catch {
      return null;
    }
  }

  private register(block: TextBlock): number {
    const id = this.nextId++;
    this.blocks.set(id, block);
    const ids = this.idsOf.get(block.element);
    if (ids) ids.push(id);
    else this.idsOf.set(block.element, [id]);
    return id;
  }

  /** The mentions whose block is still known here and in the page. */
  private inPage(found: readonly FoundMention[]): FoundMention[] {
    return found.filter(([blockId]) => this.blocks.get(blockId)?.element);
  }

  /** Paints these mentions, timed as one piece (the bench's clock, read per mention, would weigh on it). */
  private paint(found: readonly FoundMention[]): void {
    if (found.length === 0) return;
    const { clock } = this.policy;
    const start = clock && performance.now();
    for (const mention of found) this.paintOne(mention);
    if (clock) clock.add('paint', start!);
  }

  private paintOne([blockId, start, end, entityId]: FoundMention): void {
    const block = this.blocks.get(blockId);
    if (!block || block.element === null || this.mentions.size >= this.policy.maxMentions) return;
    if (this.policy.firstMentionOnly && this.painted.has(entityId)) return;
    const bounds = rangeInBlock(block, start, end);
    // StaticRange, not Range: live ranges are updated by the browser on every
    // DOM change of the page, which slows it down; static ones cost nothing
    // and are revalidated here after mutations (rescan).
    const range = new StaticRange(bounds);
    const painted: PaintedMention = {
      entityId,
      text: block.text.slice(start, end),
      range,
      nodes: block.nodes.slice(bounds.firstNode, bounds.lastNode + 1),
      block: block.element,
    };
    this.mentions.add(painted);
    this.painter.add(range);
    this.painted.add(entityId);
  }

  private removeMarks(block: Element): void {
    for (const mention of this.mentions.removeBlock(block)) this.painter.delete(mention.range);
  }

  /** Drops the marks of a block, its names found but not marked, and tells the source. */
  private forget(block: Node): void {
    if (!(block instanceof Element)) return;
    this.removeMarks(block);
    this.forgetBlocksOf((element) => element === block);
  }

  private forgetDetached(): void {
    for (const block of this.mentions.blocks()) if (!block.isConnected) this.removeMarks(block);
    this.forgetBlocksOf((element) => !element.isConnected);
  }

  private forgetBlocksOf(gone: (element: Element) => boolean): void {
    const ids = new Set<number>();
    for (const [element, blockIds] of this.idsOf) {
      if (element === null || !gone(element)) continue;
      this.idsOf.delete(element);
      for (const id of blockIds) {
        this.blocks.delete(id);
        ids.add(id);
        this.forgotten.push(id);
      }
    }
    if (ids.size > 0) this.unmarked = this.unmarked.filter(([blockId]) => !ids.has(blockId));
  }
}

function groupByBlock(found: readonly FoundMention[]): Map<number, FoundMention[]> {
  const byBlock = new Map<number, FoundMention[]>();
  for (const mention of found) {
    const list = byBlock.get(mention[0]);
    if (list) list.push(mention);
    else byBlock.set(mention[0], [mention]);
  }
  return byBlock;
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
function visibleFirst(count: number, start: number): number[] {
  const order: number[] = [];
  for (let i = start; i < count; i++) order.push(i);
  for (let i = 0; i < start; i++) order.push(i);
  return order;
}
