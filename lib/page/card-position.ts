import {
  autoUpdate,
  computePosition,
  flip,
  inline,
  offset,
  shift,
  size,
  type Placement,
} from '@floating-ui/dom';
import type { RangeBounds } from './painter';

const GAP = 8;
const VIEWPORT_MARGIN = 8;

/**
 * Keeps the card beside its mention and inside the viewport, never over the
 * line being read: below it, or above when there is more room there (flip),
 * slid sideways to stay on screen (shift), next to the right line of a
 * mention that wraps (inline), never taller than the room on its side (size:
 * its body scrolls instead), and following scrolls and resizes until `stop()`.
 * A card that grows in place ("All facts") keeps its side: flipping it would
 * pull it from under the reader's pointer. The side is chosen again only
 * when the mention moves or the viewport changes.
 */
export function keepCardBeside(card: HTMLElement, mention: RangeBounds): () => void {
  const doc = card.ownerDocument;
  const view = doc.defaultView!;
  const live = doc.createRange();
  live.setStart(mention.startContainer, mention.startOffset);
  live.setEnd(mention.endContainer, mention.endOffset);
  const reference = {
    getBoundingClientRect: () => live.getBoundingClientRect(),
    getClientRects: () => live.getClientRects(),
    // Scroll containers between the mention and the page must move the card too.
    contextElement: mention.startContainer.parentElement ?? undefined,
  };
  let side: Placement | undefined;
  let seenFrom = '';
  const update = () => {
    const box = live.getBoundingClientRect();
    const from = `${box.top},${box.left},${view.innerWidth},${view.innerHeight}`;
    if (from !== seenFrom) {
      seenFrom = from;
      side = undefined;
    }
    void computePosition(reference, card, {
      strategy: 'fixed',
      placement: side ?? 'bottom-start',
      middleware: [
        inline(),
        offset(GAP),
        // Neither side fits: the one with more room, the body scrolling.
        !side && flip({ padding: VIEWPORT_MARGIN, fallbackStrategy: 'bestFit' }),
        shift({ padding: VIEWPORT_MARGIN }),
        size({
          padding: VIEWPORT_MARGIN,
          apply({ availableHeight }) {
            card.style.maxHeight = `${Math.max(0, Math.floor(availableHeight))}px`;
          },
        }),
      ],
    }).then(({ x, y, placement }) => {
      side ??= placement;
      card.style.left = `${Math.round(x)}px`;
      card.style.top = `${Math.round(y)}px`;
    });
  };
  const stop = autoUpdate(reference, card, update);
  return () => {
    stop();
    live.detach();
  };
}
