import type { MentionMap, PaintedMention } from './mention-map';

interface CaretPoint {
  node: Node;
  offset: number;
}

/** The text position under a point: the standard API, or WebKit's older one. */
export function caretAt(doc: Document, x: number, y: number): CaretPoint | null {
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = (
    doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null }
  ).caretRangeFromPoint?.(x, y);
  return range
    ? { node: range.startContainer, offset: range.startContainer ? range.startOffset : 0 }
    : null;
}

/** Whether (x, y) falls inside one of the boxes a mention's text occupies. */
export function rangeContainsPoint(
  doc: Document,
  mention: PaintedMention,
  x: number,
  y: number,
): boolean {
  const live = doc.createRange();
  live.setStart(mention.range.startContainer, mention.range.startOffset);
  live.setEnd(mention.range.endContainer, mention.range.endOffset);
  for (const rect of live.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
  }
  return false;
}

/**
 * The mention under the pointer, if any. The caret APIs answer the nearest
 * text position even over blank space, so the candidate is confirmed against
 * the mention's own boxes.
 */
export function mentionAtPoint(
  doc: Document,
  mentions: MentionMap,
  x: number,
  y: number,
): PaintedMention | null {
  const caret = caretAt(doc, x, y);
  if (!caret) return null;
  for (const mention of mentions.at(caret.node, caret.offset)) {
    if (rangeContainsPoint(doc, mention, x, y)) return mention;
  }
  return null;
}
