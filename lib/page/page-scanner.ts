/**
 * Finds and paints the mentions of a page, in time slices: walks its
 * reading blocks, hands their texts to a mention source (the background's
 * matcher, see lib/dom/page-matching.ts), and paints what comes back (on a
 * page with many marks, the blocks in view first); afterwards only the
 * blocks that changed. Given a reader watch, it reads the page as the reader
 * gets there: the first screens at once, the rest a little ahead of the
 * reader, so that a page read only at its top pays for its top. Pure
 * orchestration of lib/dom (text blocks) over the painter and the mention map.
 */
import {
  blockRootOf,
  isReadingBlock,
  iterateBlocks,
  PageChrome,
  rangeInBlock,
  ReadingWalk,
} from '@/lib/dom';
import type { TextBlock } from '@/lib/dom';
import type { BlockText, FoundMention, MentionSource, Verdicts } from '@/lib/dom/page-matching';
import type { MentionMap, PaintedMention } from './mention-map';
import type { MentionPainter } from './painter';
import { afterNextFrame, runGeneratorInSlices, runInSlices, Slice } from '../slices';
import type { PhaseClock } from './phase-clock';
import type { ReaderWatch } from './reader-position';

/** The extension's cap on a page's marks (ScanPolicy.maxMentions); the bench paints as many. */
export const MAX_MENTIONS = 2000;

export interface ScanPolicy {
  /** Mark only the first mention of each entity on the page. */
  firstMentionOnly: boolean;
  /** At most this many marks on a page: beyond, marks stop helping and start costing. */
  maxMentions: number;
  /** The bench's phase clock (lib/page/phase-clock.ts); absent in the extension as shipped. */
  clock?: PhaseClock;
  /**
   * Given, the page is read as the reader gets there (FIRST_READ_CHARS at
   * once, then READ_AHEAD_CHARS whenever the reader comes near where the walk
   * paused); absent, the whole page at once.
   */
  reader?: ReaderWatch;
  /** Visible characters read at a time when following the reader, the first read included (default: FIRST_READ_CHARS, then READ_AHEAD_CHARS). */
  readAhead?: number;
  /** Called when marks were painted after the page's first read (the reader came near, the page changed). */
  onPainted?: () => void;
}

/**
 * Visible characters of the page's first read: a whole article on nearly
 * every news page (163 of the 181 saved pages walk less), so that an
 * ordinary article is read in one go, with one message, and only a long page
 * waits for the reader.
 */
export const FIRST_READ_CHARS = 10_000;
/** Visible characters of each later read: about two screens of an article, which keeps a screen ahead of the reader. */
export const READ_AHEAD_CHARS = 4000;
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
  /**
   * The page's first read, up to its first marks painted: rescans wait for
   * it so that no block is painted twice.
   */
  private firstRead: Promise<boolean> | undefined;
  /** The walk of the current page view, which later reads go on with. */
  private walk: ReadingWalk | undefined;
  /** Reads on and rescans, one after the other: each registers and paints blocks. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Elements marked before the page was read again from the top: their old
   * marks go when the new read reaches them (so the page never shows a
   * moment without them), or when it ends.
   */
  private stale = new Set<Element>();
  /** Ends the wait for the reader under way, if any. */
  private stopWaiting: (() => void) | undefined;
  /** Entities in the index the source matched with (0: none). */
  indexEntities = 0;

  constructor(
    private readonly doc: Document,
    private readonly source: MentionSource,
    private readonly painter: MentionPainter,
    private readonly mentions: MentionMap,
    private readonly policy: ScanPolicy,
  ) {}

  private get firstReadChars(): number {
    return this.policy.readAhead ?? FIRST_READ_CHARS;
  }

  private get readAhead(): number {
    return this.policy.readAhead ?? READ_AHEAD_CHARS;
  }

  /** Names found in the page's reading content that are not marked, with their counts. */
  unmarkedCounts(): ReadonlyMap<string, number> {
    const counts = new Map<string, number>();
    for (const [, , , entityId] of this.unmarked) {
      counts.set(entityId, (counts.get(entityId) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Scans the page, up to where the reader is; resolves false if stopped
   * before. `slice`: the time slice already under way, if work came just
   * before in the same task.
   */
  scanAll(slice = new Slice()): Promise<boolean> {
    this.stop();
    return this.readFromTop(slice, false);
  }

  /** Whether the whole page has been read (it may not be, when reading follows the reader). */
  get readAll(): boolean {
    return this.walk?.ended ?? false;
  }

  /** Reads the rest of the page now (the popup lists every name on it); resolves false if stopped. */
  async readRest(): Promise<boolean> {
    for (let tries = 0; tries < 3; tries++) {
      const signal = this.controller.signal;
      if ((await this.firstRead) === false || signal.aborted) return false;
      const walk = this.walk;
      if (walk === undefined || walk.ended) return true;
      await this.serial(() => this.readOn(walk, Infinity, signal));
    }
    return this.readAll;
  }

  /**
   * Reads the page from its top (again, `replacing` the marks there), and
   * then follows the reader; resolves once it has caught up with them.
   */
  private readFromTop(slice: Slice, replacing: boolean): Promise<boolean> {
    const signal = this.controller.signal;
    // Read again, the first read goes as far as the last one had: the words
    // that called for it (a page-scoped rule's) are then in it, and the marks
    // where the reader is are replaced at once.
    const before = replacing ? (this.walk?.readLength ?? 0) : 0;
    const budget = this.policy.reader ? Math.max(this.firstReadChars, before) : Infinity;
    const walk = (this.walk = new ReadingWalk(this.doc, new PageChrome()));
    if (replacing) this.stale = new Set(this.mentions.blocks());
    const first = (this.firstRead = this.scanFirst(walk, budget, slice, replacing));
    return first.then((done) => done && this.followReader(walk, signal));
  }

  /**
   * Walks, matches and paints the first `budget` characters of the page.
   * `replacing`: marks are already there; each element's old marks are
   * dropped just before it is painted again, so the page never shows a
   * moment without them.
   */
  private async scanFirst(
    walk: ReadingWalk,
    budget: number,
    slice: Slice,
    replacing: boolean,
  ): Promise<boolean> {
    const signal = this.controller.signal;
    const blocks = await this.walkOn(walk, budget, signal, slice);
    if (blocks === undefined) return false;
    const { clock } = this.policy;
    const start = clock && performance.now();
    this.chrome = walk.chrome;
    this.blocks.clear();
    this.idsOf.clear();
    this.forgotten = [];
    const texts = blocks.map((block) => ({ id: this.register(block), text: block.text }));
    if (clock) clock.add('walk', start!);

    const verdicts = await this.ask(() => this.source.scanPage(texts));
    if (signal.aborted) return false;
    // A source that failed (the background gone): the page stays unmarked,
    // quietly, and the walk stops there.
    if (verdicts === null) {
      if (this.walk === walk) this.walk = undefined;
      return true;
    }
    this.indexEntities = verdicts.entities;
    this.unmarked = this.inPage(verdicts.unmarked);
    // A page without marks (most pages) is done: nothing to order or paint.
    const marks = verdicts.marked.length;
    if (marks === 0 && this.stale.size === 0) return true;
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
    if (replacing) {
      this.forgetDetached();
      this.painted.clear();
    }
    const painted = await runInSlices(
      () => {
        // A few blocks per step: reading the clock for the slice's deadline
        // costs more than painting one block's marks.
        for (let i = 0, marks = 0; i < PAINT_BLOCKS_PER_STEP && marks < PAINT_MARKS_PER_STEP; i++) {
          if (next >= order.length) return false;
          const index = order[next++]!;
          this.dropStale(blocks[index]!.element);
          const found = byBlock.get(texts[index]!.id) ?? [];
          this.paint(found);
          marks += found.length;
        }
        return true;
      },
      signal,
      slice,
    );
    if (painted && walk.ended) this.dropAllStale();
    return painted;
  }

  /**
   * Reads on whenever the reader comes near where the walk paused, until the
   * page's end; resolves true once the walk has caught up with the reader
   * (it waits for them, or has read everything), false if stopped first.
   */
  private followReader(walk: ReadingWalk, signal: AbortSignal): Promise<boolean> {
    const { reader } = this.policy;
    if (reader === undefined || walk.ended) return Promise.resolve(true);
    return new Promise((caughtUp) => {
      const follow = async () => {
        while (!walk.ended && !signal.aborted && walk === this.walk) {
          const frontier = walk.frontier;
          if (frontier !== null) {
            // Its own signal: a read of the rest on demand ends the wait too.
            const waiting = new AbortController();
            const stopWaiting = () => waiting.abort();
            signal.addEventListener('abort', stopWaiting, { once: true });
            this.stopWaiting = stopWaiting;
            const position = reader(frontier, waiting.signal);
            if (!(await position.now)) {
              caughtUp(true);
              await position.near;
            }
            signal.removeEventListener('abort', stopWaiting);
            if (signal.aborted) break;
          }
          if (!(await this.serial(() => this.readOn(walk, this.readAhead, signal)))) break;
        }
        caughtUp(!signal.aborted);
      };
      void follow();
    });
  }

  /** Walks `budget` characters more of the page and marks what they name. */
  private async readOn(walk: ReadingWalk, budget: number, signal: AbortSignal): Promise<boolean> {
    if (walk !== this.walk || signal.aborted) return false;
    if (!walk.intact) {
      // The page took away what the walk stood in: read it again from the top.
      this.again();
      return false;
    }
    const blocks = await this.walkOn(walk, budget, signal, new Slice());
    if (blocks === undefined) return false;
    let done = true;
    if (blocks.length > 0) {
      const group = blocks.map((block) => ({ id: this.register(block), text: block.text }));
      // Read again from the top ('again'): that read follows the reader now.
      done = (await this.matchMore([group], signal)) === true;
    }
    if (done && walk.ended) {
      this.dropAllStale();
      this.stopWaiting?.();
    }
    return done;
  }

  /** The next reading blocks of `walk`, walked in slices; undefined if stopped. */
  private async walkOn(
    walk: ReadingWalk,
    budget: number,
    signal: AbortSignal,
    slice: Slice,
  ): Promise<TextBlock[] | undefined> {
    const { clock } = this.policy;
    const steps = walk.read(budget);
    const timed = clock
      ? (function* () {
          for (;;) {
            const start = performance.now();
            const next = steps.next();
            clock.add('walk', start);
            if (next.done) return next.value;
            yield;
          }
        })()
      : steps;
    return runGeneratorInSlices(timed, signal, slice);
  }

  /** Runs `work` after the reads and rescans queued before it. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Rescans the blocks containing these changed nodes, after dropping their
   * old marks and those of blocks that left the page; what the walk has not
   * read yet is left to it.
   */
  async rescan(changed: Iterable<Node>): Promise<boolean> {
    const signal = this.controller.signal;
    const nodes = [...changed];
    const done = await this.serial(() => this.rescanNow(nodes, signal));
    // Read from the top again: done once its first part is painted.
    return done === 'again' ? (this.firstRead ?? false) : done;
  }

  private async rescanNow(changed: Node[], signal: AbortSignal): Promise<boolean | 'again'> {
    // Changes during the first read (or a read from the top begun by the task
    // before): let it finish, then repaint the changed blocks over it.
    if ((await this.firstRead) === false || signal.aborted) return false;
    this.forgetDetached();
    const roots = new Set<Node>();
    for (const node of changed) {
      if (!node.isConnected) continue;
      const root = blockRootOf(node) ?? node;
      const side = this.walk?.whereIs(root) ?? 'read';
      // A container the walk stands in: what of it is read cannot be told apart.
      if (side === 'both') return this.again();
      if (side === 'read') roots.add(root);
    }
    for (const root of roots) this.forget(root);
    const pending = [...roots].filter((root) => !hasAncestorIn(root, roots));
    const groups: BlockText[][] = [];
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
    return this.matchMore(groups, signal);
  }

  /** Reads the page from the top again, replacing its marks. */
  private again(): 'again' {
    void this.readFromTop(new Slice(), true);
    return 'again';
  }

  /** Matches these groups of new blocks (after the blocks forgotten) and paints what they mark. */
  private async matchMore(groups: BlockText[][], signal: AbortSignal): Promise<boolean | 'again'> {
    const forget = this.forgotten;
    this.forgotten = [];
    const room = this.policy.maxMentions - this.mentions.size;
    const verdicts = await this.ask(() => this.source.scanMore(groups, forget, room));
    if (signal.aborted) return false;
    // The source no longer knows this page view, or words a page-scoped rule
    // missed have arrived: judge the whole page anew.
    if (verdicts === null || verdicts.rejudge) return this.again();
    this.unmarked = this.unmarked.filter(
      (found) => !verdicts.released.some((released) => sameMention(found, released)),
    );
    this.unmarked.push(...this.inPage(verdicts.unmarked));
    if (this.stale.size > 0) {
      for (const group of groups)
        for (const { id } of group) this.dropStale(this.blocks.get(id)?.element);
    }
    this.paint(verdicts.marked);
    this.paint(verdicts.released);
    if (verdicts.marked.length + verdicts.released.length > 0) this.policy.onPainted?.();
    return true;
  }

  /** Drops the old marks of an element read again (once: text around a nested block makes several blocks of one element). */
  private dropStale(element: Element | null | undefined): void {
    if (element && this.stale.delete(element)) this.removeMarks(element);
  }

  private dropAllStale(): void {
    for (const element of this.stale) this.removeMarks(element);
    this.stale.clear();
  }

  /** Removes every mark and stops any scan under way. */
  clear(): void {
    this.stop();
    this.firstRead = undefined;
    this.walk = undefined;
    this.stale.clear();
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
