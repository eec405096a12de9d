/**
 * The reader's default font size over 16 px: what an element reset with
 * `all: initial` resolves "medium" to, whatever the page around it sets. The
 * card's sizes are multiplied by it (card.css, --rp-text-scale), so that a
 * reader who asked for larger text gets a larger card. The probe lives for
 * one read in `root`: our own shadow root on web pages, the popup's body.
 */
export function readerTextScale(root: Node): number {
  const probe = document.createElement('span');
  probe.style.setProperty('all', 'initial');
  root.appendChild(probe);
  const size = parseFloat(getComputedStyle(probe).fontSize);
  probe.remove();
  return size > 0 ? size / 16 : 1;
}

/** Sets the card's text scale on `target`, for every card inside it. */
export function applyTextScale(target: HTMLElement, root: Node): void {
  target.style.setProperty('--rp-text-scale', String(readerTextScale(root)));
}
