/**
 * Card latency: the pointer moves onto a painted mention and stops; the time
 * from its last move to the card being visible (the `reperes-card` host's
 * shadow root holds a visible [role="dialog"]), timed in the page on
 * animation frames, so "visible" means "in a frame about to be painted".
 * Any hover-intent delay the extension waits on purpose is part of it.
 * Null when nothing is painted or no card ever opens.
 */
import type { Page } from 'playwright-core';
import type { Profile } from './chromium';
import { NAME_HELPER, median, progress, sleep } from './stats';

export interface CardResult {
  cardMs: number | null;
  samples: number;
  /** The default hover delay included in cardMs. */
  hoverDelayMs: number | null;
}

declare global {
  interface Window {
    __benchLastMove?: number;
  }
}

/** Scrolls the n-th painted mention into view; its centre in viewport pixels, or null. */
function mentionCentre(n: number): { x: number; y: number } | null {
  const painted = CSS.highlights?.get('reperes');
  if (!painted || painted.size === 0) return null;
  const ranges = [...(painted as unknown as Set<AbstractRange>)];
  const target = ranges[n % ranges.length]!;
  const range = document.createRange();
  range.setStart(target.startContainer, target.startOffset);
  range.setEnd(target.endContainer, target.endOffset);
  target.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  const rect = range.getClientRects()[0];
  return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
}

function cardVisible(): boolean {
  const dialog = document
    .querySelector('reperes-card')
    ?.shadowRoot?.querySelector('[role="dialog"]');
  return (
    dialog instanceof HTMLElement && dialog.checkVisibility() && dialog.getClientRects().length > 0
  );
}

/** Resolves with ms from the last pointer move to the first frame showing the card, or null. */
function timeCardOpening(timeoutMs: number): Promise<number | null> {
  const visible = () => {
    const dialog = document
      .querySelector('reperes-card')
      ?.shadowRoot?.querySelector('[role="dialog"]');
    return dialog instanceof HTMLElement && dialog.checkVisibility();
  };
  return new Promise((done) => {
    const started = performance.now();
    const frame = () => {
      const now = performance.now();
      if (visible()) done(now - (window.__benchLastMove ?? started));
      else if (now - started > timeoutMs) done(null);
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function hoverOnce(page: Page, n: number): Promise<number | null> {
  const centre = await page.evaluate(mentionCentre, n);
  if (!centre) return null;
  await page.mouse.move(2, 2);
  for (let wait = 0; wait < 20 && (await page.evaluate(cardVisible)); wait++) await sleep(100);
  await sleep(300);
  const timing = page.evaluate(timeCardOpening, 5_000).catch((error: unknown) => {
    progress(`card: ${String(error).split('\n')[0]}`);
    return null;
  });
  // Approach in a few steps, as a hand does; the last one is where the pointer rests.
  await page.mouse.move(centre.x - 30, centre.y + 20, { steps: 4 });
  await page.mouse.move(centre.x, centre.y, { steps: 3 });
  return timing;
}

/** The default hover delay (lib/settings), which the card waits on purpose; null if unknown. */
export async function defaultHoverDelay(): Promise<number | null> {
  const specifier = '../../lib/settings';
  try {
    const settings = (await import(specifier)) as {
      DEFAULT_SETTINGS?: { hoverDelayMs?: unknown };
    };
    const delay = settings.DEFAULT_SETTINGS?.hoverDelayMs;
    return typeof delay === 'number' ? delay : null;
  } catch {
    return null;
  }
}

export async function measureCard(
  profile: Profile,
  url: string,
  options: { quick: boolean },
): Promise<CardResult> {
  const hoverDelayMs = await defaultHoverDelay();
  const page = await profile.context.newPage();
  try {
    await page.addInitScript(NAME_HELPER);
    await page.addInitScript(() => {
      addEventListener(
        'pointermove',
        (event) => {
          window.__benchLastMove = event.timeStamp;
        },
        { capture: true, passive: true },
      );
    });
    await page.goto(url, { waitUntil: 'load' });
    const painted = await page
      .waitForFunction(() => (CSS.highlights?.get('reperes')?.size ?? 0) > 0, undefined, {
        timeout: options.quick ? 3_000 : 8_000,
      })
      .then(() => true)
      .catch(() => false);
    if (!painted) {
      progress('card: no mention painted, so no card to open');
      return { cardMs: null, samples: 0, hoverDelayMs };
    }
    const times: number[] = [];
    const hovers = options.quick ? 3 : 9;
    for (let i = 0; i < hovers + 1; i++) {
      const ms = await hoverOnce(page, i * 7 + 3);
      if (ms === null) {
        progress(`card: hover ${i} opened no card`);
        continue;
      }
      if (i > 0) times.push(ms); // the first is a warm-up
    }
    return {
      cardMs: times.length > 0 ? median(times) : null,
      samples: times.length,
      hoverDelayMs,
    };
  } finally {
    await page.close();
  }
}
