/**
 * The mentions painted on this page, findable by text node (for the pointer),
 * by block (to drop a block's marks before rescanning it) and in document
 * order (for the keyboard).
 */
export interface PaintedMention {
  entityId: string;
  /** The text as it appears on the page. */
  text: string;
  range: StaticRange;
  /** Every text node the mention covers: one, or several across inline elements. */
  nodes: Text[];
  block: Element;
}

export class MentionMap {
  private readonly byNode = new Map<Text, PaintedMention[]>();
  private readonly byBlock = new Map<Element, PaintedMention[]>();
  /** Kept as mentions come and go: the scanner asks after every block. */
  private count = 0;

  add(mention: PaintedMention): void {
    for (const node of mention.nodes) push(this.byNode, node, mention);
    push(this.byBlock, mention.block, mention);
    this.count++;
  }

  /** Forgets a block's mentions and returns them, so their marks can be removed. */
  removeBlock(block: Element): PaintedMention[] {
    const removed = this.byBlock.get(block) ?? [];
    this.byBlock.delete(block);
    this.count -= removed.length;
    for (const mention of removed) {
      for (const node of mention.nodes) {
        const left = this.byNode.get(node)?.filter((other) => other !== mention);
        if (left?.length) this.byNode.set(node, left);
        else this.byNode.delete(node);
      }
    }
    return removed;
  }

  blocks(): Element[] {
    return [...this.byBlock.keys()];
  }

  /** Mentions covering a caret position (node, offset). */
  at(node: Node, offset: number): PaintedMention[] {
    const candidates = this.byNode.get(node as Text) ?? [];
    return candidates.filter(
      ({ range }) =>
        (node !== range.startContainer || offset >= range.startOffset) &&
        (node !== range.endContainer || offset <= range.endOffset),
    );
  }

  get size(): number {
    return this.count;
  }

  /** Every mention, in document order. */
  inDocumentOrder(): PaintedMention[] {
    const all = [...this.byBlock.values()].flat();
    return all.sort((a, b) => {
      const first = a.nodes[0]!;
      const second = b.nodes[0]!;
      if (first === second) return a.range.startOffset - b.range.startOffset;
      return first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
  }

  /** How many mentions of each entity the page has (the popup's "on this page"). */
  countsByEntity(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mentions of this.byBlock.values()) {
      for (const { entityId } of mentions) counts.set(entityId, (counts.get(entityId) ?? 0) + 1);
    }
    return counts;
  }

  clear(): void {
    this.byNode.clear();
    this.byBlock.clear();
    this.count = 0;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
