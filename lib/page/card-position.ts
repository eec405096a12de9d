import { autoUpdate, computePosition, flip, inline, offset, shift, size } from '@floating-ui/dom';
import type { RangeBounds } from './painter';

const GAP = 8;
const VIEWPORT_MARGIN = 8;
/** Below this the card is unusable; better to overlap the mention's line. */
const MIN_HEIGHT = 160;

/**
 * Keeps the card beside its mention and inside the viewport: below it, or
 * above when there is no room (flip), slid sideways to stay on screen
 * (shift), next to the right line of a mention that wraps (inline), never
 * taller than the room left (size: its content scrolls instead), and
 * following scrolls and resizes until `stop()`.
 */
export function keepCardBeside(card: HTMLElement, mention: RangeBounds): () => void {
  const doc = card.ownerDocument;
  const live = doc.createRange();
  live.setStart(mention.startContainer, mention.startOffset);
  live.setEnd(mention.endContainer, mention.endOffset);
  const reference = {
    getBoundingClientRect: () => live.getBoundingClientRect(),
    getClientRects: () => live.getClientRects(),
    // Scroll containers between the mention and the page must move the card too.
    contextElement: mention.startContainer.parentElement ?? undefined,
  };
  const update = () => {
    void computePosition(reference, card, {
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        inline(),
        offset(GAP),
        flip({ padding: VIEWPORT_MARGIN }),
        shift({ padding: VIEWPORT_MARGIN }),
        size({
          padding: VIEWPORT_MARGIN,
          apply({ availableHeight }) {
            card.style.maxHeight = `${Math.max(MIN_HEIGHT, Math.floor(availableHeight))}px`;
            card.style.overflowY = 'auto';
          },
        }),
      ],
    }).then(({ x, y }) => {
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
