import type { MentionMap, PaintedMention } from './mention-map';

/** Mentions whose first box is at least partly on screen, in document order. */
export function mentionsInView(mentions: MentionMap, view: Window): PaintedMention[] {
  const all = mentions.inDocumentOrder();
  const visible = all.filter(({ range }) => {
    const element = range.startContainer.parentElement;
    const box = element?.getBoundingClientRect();
    return !!box && box.bottom > 0 && box.top < view.innerHeight;
  });
  // Nothing in view (e.g. scrolled past every mark): go through them all.
  return visible.length > 0 ? visible : all;
}

/** The mention after (1) or before (-1) the focused one, wrapping around. */
export function stepThrough(
  candidates: readonly PaintedMention[],
  focused: PaintedMention | null,
  direction: 1 | -1,
): PaintedMention | null {
  if (candidates.length === 0) return null;
  const at = focused ? candidates.indexOf(focused) : -1;
  if (at < 0) return direction === 1 ? candidates[0]! : candidates[candidates.length - 1]!;
  return candidates[(at + direction + candidates.length) % candidates.length]!;
}
