/**
 * A page's reading content as blocks, without walking its chrome. On news
 * pages, menus, footers and link lists hold most of the DOM (two thirds of
 * it on the saved real pages), and their text is never matched. The one
 * reason to read it is `readingBlocks`' safeguard for pages whose content
 * sits inside an element that looks like chrome, which needs to know how
 * much text the chrome holds. So the walk does not enter block-level chrome,
 * and bounds the text it left from above with native calls (`textContent`):
 * when that bound rules the safeguard out, as on most pages, the reading
 * blocks are already those of a full walk. Otherwise the chrome left unread
 * is walked too, and its blocks take their places in document order.
 */
import { iterateBlocks, type TextBlock, type WalkPosition } from './blocks';
import {
  FREE_SHARE,
  isReadingBlock,
  nonSpaceLength,
  readingBlocks,
  type PageChrome,
} from './chrome';

/** Where a node stands against a paused walk (see `ReadingWalk.whereIs`). */
export type WalkSide = 'read' | 'unread' | 'both';

/**
 * A page's reading content, read on demand in document order: a caller may
 * read the first screens, and the rest as the reader gets there. Once the
 * page is read to its end, the blocks it gave are exactly `readingBlocks` of
 * a full walk. Each call to `read` gives the reading blocks among those it
 * walked, unless the chrome met so far may hold the page's content (see
 * `mayHoldTheContent`): then it reads the whole page and gives every reading
 * block not given before, as a full walk would judge them (judging more of
 * the page as content can only add blocks, never take back one given).
 */
export class ReadingWalk {
  private readonly unread: Element[] = [];
  /** `unread[i]` stands before `walked[unreadAt[i]]` in document order. */
  private readonly unreadAt: number[] = [];
  private readonly walked: TextBlock[] = [];
  private readonly position: WalkPosition = { node: null, inside: false };
  private blocks: Generator<TextBlock, void, undefined> | undefined;
  /** Visible characters of the walked blocks, and an upper bound of those of the chrome left unread. */
  private walkedLength = 0;
  private unreadBound = 0;
  private finished = false;

  constructor(
    private readonly doc: Document,
    readonly chrome: PageChrome,
  ) {}

  /** Visible characters read so far (chrome left unread aside). */
  get readLength(): number {
    return this.walkedLength;
  }

  /** Whether the whole page has been read. */
  get ended(): boolean {
    return this.finished;
  }

  /** The element the walk will read from next, if it has begun and not ended. */
  get frontier(): Element | null {
    const { node } = this.position;
    if (this.finished || node === null) return null;
    return node.nodeType === 1 ? (node as Element) : node.parentElement;
  }

  /**
   * Whether `node`'s text is all read, all still to read, or some of each
   * (a container the walk stands in). A node not in the page counts as read.
   */
  whereIs(node: Node): WalkSide {
    const { node: at, inside } = this.position;
    if (this.finished) return 'read';
    if (at === null) return 'unread';
    if (node === at) return inside ? 'unread' : 'read';
    const relation = at.compareDocumentPosition(node);
    if (relation & Node.DOCUMENT_POSITION_DISCONNECTED) return 'read';
    if (relation & Node.DOCUMENT_POSITION_CONTAINS) return 'both';
    if (relation & Node.DOCUMENT_POSITION_CONTAINED_BY) return inside ? 'unread' : 'read';
    return relation & Node.DOCUMENT_POSITION_FOLLOWING ? 'unread' : 'read';
  }

  /** Whether the walk may go on from where it paused: the page did not remove what it stood in. */
  get intact(): boolean {
    const { node } = this.position;
    return this.finished || node === null || node.isConnected;
  }

  /**
   * Walks on until it has read at least `budget` visible characters, or the
   * page's end; yields after judging the chrome and after each block, so that
   * a caller may pause. Returns the reading blocks found.
   */
  *read(budget = Infinity): Generator<undefined, TextBlock[], undefined> {
    if (this.finished) return [];
    if (this.blocks === undefined) {
      // Judging the page's chrome up front is a step of its own (a few ms on a big page).
      const root = this.doc.documentElement;
      if (root) {
        this.chrome.judgeUnder(root as never, this.doc);
        yield;
      }
      this.blocks = iterateBlocks(this.doc, {
        chrome: this.chrome,
        unreadChrome: this.unread,
        chromeJudged: true,
        position: this.position,
      });
    }
    const from = this.walked.length;
    const found: TextBlock[] = [];
    for (;;) {
      for (let read = 0; read < budget;) {
        const next = this.blocks.next();
        this.noteUnread();
        if (next.done) {
          this.finished = true;
          break;
        }
        const block = next.value;
        this.walked.push(block);
        this.walkedLength += block.visibleLength;
        read += block.visibleLength;
        // Walked blocks are never inside block-level chrome (it is left unread):
        // without promotion, each is judged on its own, as readingBlocks would.
        if (isReadingBlock(block, this.chrome)) found.push(block);
        yield;
      }
      if (!mayHoldTheContent(this.walked, this.unread, this.walkedLength, this.unreadBound)) {
        return found;
      }
      // The chrome met so far may hold the content: read on, to the page's end if need be.
      if (this.finished) return yield* this.promoted(from);
    }
  }

  private noteUnread(): void {
    while (this.unreadAt.length < this.unread.length) {
      this.unreadBound += this.unread[this.unreadAt.length]!.textContent?.length ?? 0;
      this.unreadAt.push(this.walked.length);
    }
  }

  /**
   * The whole page read, with the chrome left unread in its place: the
   * reading blocks of a full walk, but those given before this call (the
   * reading blocks among the first `from` walked).
   */
  private *promoted(from: number): Generator<undefined, TextBlock[], undefined> {
    const given = new Set<TextBlock>();
    for (let i = 0; i < from; i++) {
      const block = this.walked[i]!;
      if (isReadingBlock(block, this.chrome)) given.add(block);
    }
    const all: TextBlock[] = [];
    let next = 0;
    const { unread, unreadAt, walked, chrome } = this;
    for (let i = 0; i <= walked.length; i++) {
      for (; next < unread.length && unreadAt[next] === i; next++) {
        for (const block of iterateBlocks(unread[next]!, { chrome, chromeRoot: true })) {
          all.push(block);
          yield;
        }
      }
      if (i < walked.length) all.push(walked[i]!);
    }
    return readingBlocks(all, chrome).filter((block) => !given.has(block));
  }
}

/**
 * The reading blocks of `doc`, exactly `readingBlocks` of a full walk;
 * yields once the chrome is judged and after each block walked, so that a
 * caller may pause.
 */
export function readingContent(
  doc: Document,
  chrome: PageChrome,
): Generator<undefined, TextBlock[], undefined> {
  return new ReadingWalk(doc, chrome).read();
}

/** `readingContent` in one go. */
export function readingContentNow(doc: Document, chrome: PageChrome): TextBlock[] {
  const walk = readingContent(doc, chrome);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * Whether the chrome left unread may hold so much of the page's text that
 * `readingBlocks` would promote some of it to content. Its two tests, each
 * passed if the text outside chrome is at least FREE_SHARE of the whole,
 * are run against upper bounds of the chrome's text (`free`: the walked
 * blocks' visible length; `bound`: the unread elements' text length, the
 * first bound): `textContent` holds
 * every text node's data (visible lengths are trimmed), and its characters
 * other than white space plus one per element bound the letters (a block's
 * text adds at most one separator per element).
 */
function mayHoldTheContent(
  walked: readonly TextBlock[],
  unread: readonly Element[],
  free: number,
  bound: number,
): boolean {
  if (unread.length === 0 || isShareKept(free, bound)) return false;
  const texts = unread.map((element) => element.textContent ?? '');
  let freeLetters = 0;
  for (const block of walked) freeLetters += nonSpaceLength(block.text);
  const letters =
    sum(texts, nonSpaceLength) +
    sum(unread, (element) => element.getElementsByTagName('*').length + 1);
  return !isShareKept(freeLetters, letters);
}

/** Whether `free` is at least FREE_SHARE of `free + chrome`. */
const isShareKept = (free: number, chrome: number) => free >= (free + chrome) * FREE_SHARE;

function sum<T>(items: readonly T[], measure: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += measure(item);
  return total;
}
