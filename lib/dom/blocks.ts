/**
 * Turns a document (or a subtree) into blocks of text, the units mentions are
 * found in: a mention may run across inline elements (`Jensen <b>Huang</b>`)
 * but never across a block boundary. The DOM is only read, never modified.
 *
 * A block's text is the concatenation of its text nodes' data, in document
 * order, with two kinds of separator that belong to no text node:
 * - LINE_SEPARATOR ("\n") where a `<br>` stands, so "Jensen<br>Huang" reads as
 *   two words (and a name broken over two lines still matches);
 * - OBJECT_SEPARATOR (U+FFFC) where a rendered element whose text is not read
 *   stands (input, code, image, SVG, editable region…), so words on either
 *   side are never glued together nor joined into one mention.
 * A separator is written only between two text nodes (never at either end)
 * and at most one at a time, U+FFFC winning over "\n". Text nodes are kept
 * whole, white space included, so offsets map back exactly.
 *
 * Which elements are blocks, skipped or opaque is decided by tag name and a
 * few attributes (see rules.ts); computed styles are consulted only through
 * injected checks, because reading them per element forces style work.
 */

import {
  BLOCK,
  INLINE,
  LINE_BREAK,
  LINE_SEPARATOR,
  OBJECT_SEPARATOR,
  OPAQUE,
  SKIP,
  kindByTag,
  kindOf,
  SPECIAL_ELEMENTS,
  textHiddenBy,
  type ElementLike,
  type StyleChecks,
} from './rules';
import type { PageChrome } from './chrome';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;

export interface TextBlock {
  /**
   * The block element this text belongs to (`blockRootOf` of its nodes); null
   * when the text has no block-level ancestor (a detached inline subtree).
   * Text before and after a nested block forms separate blocks with the same element.
   */
  readonly element: Element | null;
  /** The text nodes' data concatenated, with separators (see the module comment). */
  readonly text: string;
  /** The block's text nodes, in document order (none is empty). */
  readonly nodes: readonly Text[];
  /** `nodes[i]` covers text[starts[i], ends[i]). */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /**
   * The block-level chrome elements around the block (navigation, site
   * header, sidebar…: see chrome.ts), outermost first; empty when there are
   * none or the walk was not given a PageChrome.
   */
  readonly chrome: readonly Element[];
  /** Its text nodes' lengths without their leading and trailing white space. */
  readonly visibleLength: number;
  /** Of those, the characters inside links (`<a>`). */
  readonly linkLength: number;
}

/** A stretch of a block's text as DOM Range boundaries, with the block's text nodes it spans. */
export interface TextRange {
  startContainer: Text;
  startOffset: number;
  endContainer: Text;
  endOffset: number;
  /** The range spans `nodes[firstNode]` to `nodes[lastNode]` of its block. */
  firstNode: number;
  lastNode: number;
}

export interface CollectOptions extends StyleChecks {
  /**
   * The page's chrome, judged as the walk goes: chrome elements that are
   * inline are not read at all (visually hidden text, a share link), and
   * blocks inside block-level ones carry them in `chrome`. A walk that starts
   * inside chrome reads nothing. Without it, nothing counts as chrome.
   */
  chrome?: PageChrome;
  /**
   * Given, block-level chrome elements are not entered at all but added to
   * this list: their text is never reading content unless most of the page's
   * text is in them (see `readingBlocksOf`), and on news pages they hold most
   * of the DOM (menus, footers, link lists). Needs `chrome`.
   */
  unreadChrome?: Element[];
  /**
   * The root is a chrome element left unread by an earlier walk of the same
   * page with the same `chrome`: read it as that walk would have, had it entered.
   */
  chromeRoot?: boolean;
  /** `chrome` has judged the candidates under the root already (`PageChrome.judgeUnder`). */
  chromeJudged?: boolean;
  /** Given, kept up to date with where the walk stands each time it yields a block. */
  position?: WalkPosition;
}

/**
 * Where a paused walk stands: at `node`, whose descendants are all still to
 * read (`inside`), or all read, with the walk going on after it.
 */
export interface WalkPosition {
  node: Node | null;
  inside: boolean;
}

/** Minimal node interface used here, so any DOM implementation fits. */
interface NodeLike extends ElementLike {
  readonly firstChild: NodeLike | null;
  querySelectorAll?(selectors: string): Iterable<NodeLike>;
  matches?(selectors: string): boolean;
  readonly nextSibling: NodeLike | null;
  readonly parentNode: NodeLike | null;
  readonly ownerDocument: { designMode?: string } | null;
  readonly documentElement?: NodeLike | null;
  readonly data?: string;
}

function isSpaceUnit(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
}

/** The length of `s` without its leading and trailing white space. */
function visibleLengthOf(s: string): number {
  let from = 0;
  let to = s.length;
  while (from < to && isSpaceUnit(s.charCodeAt(from))) from++;
  while (to > from && isSpaceUnit(s.charCodeAt(to - 1))) to--;
  return to - from;
}

const NO_CHROME: readonly Element[] = [];

/** Accumulates the text of the block being read. */
class BlockBuilder {
  private parts: string[] = [];
  private nodes: Text[] = [];
  private starts: number[] = [];
  private ends: number[] = [];
  private length = 0;
  private visibleLength = 0;
  private linkLength = 0;
  /** Separator owed before the next text node: '', LINE_SEPARATOR or OBJECT_SEPARATOR. */
  private pending = '';

  constructor(public element: Element | null) {}

  separate(separator: string): void {
    if (this.pending !== OBJECT_SEPARATOR) this.pending = separator;
  }

  addText(node: NodeLike, data: string, inLink: boolean): void {
    if (this.pending !== '' && this.length > 0) {
      this.parts.push(this.pending);
      this.length += this.pending.length;
    }
    this.pending = '';
    this.parts.push(data);
    this.nodes.push(node as unknown as Text);
    this.starts.push(this.length);
    this.length += data.length;
    this.ends.push(this.length);
    const visible = visibleLengthOf(data);
    this.visibleLength += visible;
    if (inLink) this.linkLength += visible;
  }

  /**
   * The block read so far (null if it holds only white space), inside these
   * chrome elements; starts the next one, for `element`.
   */
  flush(element: Element | null, chrome: readonly Element[]): TextBlock | null {
    const block: TextBlock | null =
      this.visibleLength > 0
        ? {
            element: this.element,
            text: this.parts.join(''),
            nodes: this.nodes,
            starts: this.starts,
            ends: this.ends,
            chrome: chrome.length === 0 ? NO_CHROME : chrome.slice(),
            visibleLength: this.visibleLength,
            linkLength: this.linkLength,
          }
        : null;
    if (this.length > 0) {
      this.parts = [];
      this.nodes = [];
      this.starts = [];
      this.ends = [];
      this.length = 0;
      this.visibleLength = 0;
      this.linkLength = 0;
    }
    this.pending = '';
    this.element = element;
    return block;
  }
}

/**
 * Whether `node`'s text would not be read because of an ancestor (skipped,
 * opaque, hidden, editable), judged from its parent upwards.
 */
function insideUnreadAncestor(node: NodeLike, checks: StyleChecks): boolean {
  let child: NodeLike = node;
  for (let p = node.parentNode; p !== null; child = p, p = p.parentNode) {
    if (p.nodeType !== ELEMENT_NODE) continue;
    const kind = kindOf(p, checks);
    if (kind === SKIP || kind === OPAQUE) return true;
    if (child.nodeType === TEXT_NODE && textHiddenBy(p)) return true;
  }
  return false;
}

/**
 * The block element `node`'s text belongs to: the nearest ancestor-or-self
 * that is a block by tag name (or by the injected `isBlock`), or null. Use it
 * to rescan after a mutation: `collectBlocks(blockRootOf(target))`.
 */
export function blockRootOf(node: Node, checks: CollectOptions = {}): Element | null {
  for (let n = node as unknown as NodeLike | null; n !== null; n = n.parentNode) {
    if (n.nodeType === ELEMENT_NODE && kindOf(n, checks) === BLOCK) return n as unknown as Element;
  }
  return null;
}

/**
 * The elements under `root` (itself included) matching SPECIAL_ELEMENTS, or
 * null if the DOM cannot say (no selector API, or one that gives up on a
 * very deep tree): then every element gets kindOf's full rules.
 */
function specialElementsUnder(root: NodeLike): Set<NodeLike> | null {
  if (root.querySelectorAll === undefined) return null;
  try {
    const special = new Set<NodeLike>(root.querySelectorAll(SPECIAL_ELEMENTS));
    if (root.matches?.(SPECIAL_ELEMENTS)) special.add(root);
    return special;
  } catch {
    return null;
  }
}

/**
 * The blocks of text under `root` (a document, an element, a fragment or a
 * text node), one at a time, in document order: a caller may stop between
 * blocks to yield to the page. See `collectBlocks`.
 */
export function* iterateBlocks(
  root: Node,
  options: CollectOptions = {},
): Generator<TextBlock, void, undefined> {
  let top = root as unknown as NodeLike;
  if (top.nodeType === DOCUMENT_NODE) {
    const html = top.documentElement;
    if (!html) return;
    top = html;
  }
  if (top.ownerDocument?.designMode === 'on') return;
  if (insideUnreadAncestor(top, options)) return;
  const { chrome, unreadChrome, position } = options;
  const standAt = (at: NodeLike, inside: boolean) => {
    if (position) {
      position.node = at as unknown as Node;
      position.inside = inside;
    }
  };
  if (chrome && !options.chromeRoot) {
    if (chrome.isInside(top)) return;
    if (!options.chromeJudged) chrome.judgeUnder(top, (top.ownerDocument ?? top) as never);
    if (chrome.has(top)) return;
  }
  const outer =
    top.parentNode === null ? null : blockRootOf(top.parentNode as unknown as Node, options);
  const builder = new BlockBuilder(outer);
  // Most elements are judged by tag name alone (one lookup, no attribute read:
  // a page has tens of thousands); only these need kindOf's full rules.
  const special = specialElementsUnder(top);
  const closedDetails = new Set<NodeLike>();
  for (const element of special ?? []) if (textHiddenBy(element)) closedDetails.add(element);
  const byTagAlone = special !== null && !options.isHidden && !options.isBlock;
  const kindOfElement = (element: NodeLike) =>
    !byTagAlone ||
    element === top ||
    special.has(element) ||
    (closedDetails.size > 0 && closedDetails.has(element.parentNode!))
      ? kindOf(element, options)
      : kindByTag(element.localName);
  const textMayBeHidden = special === null || closedDetails.size > 0;
  const textHidden = (parent: NodeLike) =>
    special === null ? textHiddenBy(parent) : closedDetails.has(parent);
  // Open block elements, innermost last; the builder reads text for the last one.
  const open: (Element | null)[] = [outer];
  // Open block-level chrome elements and links, innermost last.
  const openChrome: Element[] = [];
  const openLinks: NodeLike[] = [];
  let node: NodeLike = top;
  // Each DOM property read below crosses into the browser (and, in a content
  // script, may create a wrapper): every one is read once per node at most.
  for (;;) {
    let descend = false;
    const type = node.nodeType;
    if (type === TEXT_NODE) {
      const data = node.data ?? '';
      if (data.length > 0 && !(textMayBeHidden && textHidden(node.parentNode!))) {
        builder.addText(node, data, openLinks.length > 0);
      }
    } else if (type === ELEMENT_NODE) {
      const kind = kindOfElement(node);
      const isChrome = chrome !== undefined && chrome.judge(node);
      if (kind === INLINE) {
        // Inline chrome (visually hidden text, a share link) is not read at all.
        descend = !isChrome;
        if (descend && node.localName === 'a') openLinks.push(node);
      } else if (kind === BLOCK && isChrome && unreadChrome) {
        // The text around it forms blocks of the element it stands in, as after a nested block.
        const done = builder.flush(open[open.length - 1] ?? null, openChrome);
        standAt(node, false);
        if (done) yield done;
        unreadChrome.push(node as unknown as Element);
      } else if (kind === BLOCK) {
        const done = builder.flush(node as unknown as Element, openChrome);
        standAt(node, true);
        if (done) yield done;
        open.push(node as unknown as Element);
        if (isChrome) openChrome.push(node as unknown as Element);
        descend = true;
      } else if (kind === OPAQUE) {
        builder.separate(OBJECT_SEPARATOR);
      } else if (kind === LINE_BREAK) {
        builder.separate(LINE_SEPARATOR);
      }
      // SKIP: nothing at all.
    } else {
      // Document fragments and shadow roots are read through; comments are not.
      descend = type === 11;
    }
    const child = descend ? node.firstChild : null;
    if (child !== null) {
      node = child;
      continue;
    }
    // Leave this node, and every ancestor whose last child it is.
    for (;;) {
      if (openLinks.length > 0 && openLinks[openLinks.length - 1] === node) openLinks.pop();
      if (open[open.length - 1] === (node as unknown as Element) && open.length > 1) {
        open.pop();
        const done = builder.flush(open[open.length - 1] ?? null, openChrome);
        standAt(node, false);
        if (done) yield done;
        if (openChrome[openChrome.length - 1] === (node as unknown as Element)) openChrome.pop();
      }
      if (node === top) {
        const done = builder.flush(null, openChrome);
        standAt(node, false);
        if (done) yield done;
        return;
      }
      const sibling = node.nextSibling;
      if (sibling !== null) {
        node = sibling;
        break;
      }
      node = node.parentNode!;
    }
  }
}

/**
 * All blocks of text under `root`, in document order. `root` may be a whole
 * document or any subtree (give `blockRootOf(changed node)` to rescan what a
 * mutation touched): nothing is read if `root` lies inside a skipped, opaque,
 * hidden or editable ancestor. What is skipped: head, script, style,
 * noscript, template, `hidden` elements, closed details and dialogs, ruby
 * annotations and the extension's own `reperes-card`; read as an opaque
 * separator: form fields, pre, code, kbd, samp, SVG, MathML, images, media,
 * frames and editable regions. `aria-hidden` content is visible, so it is read.
 */
export function collectBlocks(root: Node, options: CollectOptions = {}): TextBlock[] {
  return Array.from(iterateBlocks(root, options));
}

/** Index of the first node whose end is past `offset` (binary search). */
function nodeEndingAfter(ends: readonly number[], offset: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the last node starting before `offset`. */
function nodeStartingBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! < offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The DOM boundaries of block text [start, end), ready for `new StaticRange`
 * or `Range.setStart/setEnd`. A boundary in a separator moves to the nearest
 * text node inside the range. Offsets are clamped to the nodes' current
 * length, in case a node changed since the block was read (rescan it then).
 */
export function rangeInBlock(block: TextBlock, start: number, end: number): TextRange {
  const { nodes, starts, ends } = block;
  if (!(start >= 0 && start <= end && end <= block.text.length) || nodes.length === 0) {
    throw new RangeError(`[${start}, ${end}) is not a range of a ${block.text.length}-unit block`);
  }
  const first = nodeEndingAfter(ends, start);
  const last = end > start ? nodeStartingBefore(starts, end) : first;
  const startNode = nodes[first]!;
  const endNode = nodes[last]!;
  const startOffset = Math.max(0, start - starts[first]!);
  const endOffset =
    end > start ? Math.min(end, ends[last]!) - starts[last]! : Math.max(0, start - starts[last]!);
  return {
    startContainer: startNode,
    startOffset: Math.min(startOffset, startNode.length),
    endContainer: endNode,
    endOffset: Math.min(endOffset, endNode.length),
    firstNode: first,
    lastNode: last,
  };
}
