/**
 * The card as a reader meets it, for every entity of the default pack: at
 * 1280×800, the pointer resting on a name in a paragraph, the card is a
 * glance (at most 400 px high, 100 visible words) beside the line, never over
 * it; "All facts", clicked with the pointer, then shows every fact of the
 * entity in place, within the viewport. The page is generated from the pack
 * (every-entity.ts), so a new entity is covered the day it is added.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Driver, Tab } from './driver';
import { everyEntityPage, type EntityOnPage, type EveryEntityPage } from './every-entity';
import { askTabAt, markedTexts, waitFor } from './page-probes';
import { serveFolder, type StaticServer } from './server';

const VIEWPORT = { width: 1280, height: 800 };
const MAX_HEIGHT = 400;
const MAX_WORDS = 100;
/** Where the hovered line sits in turn: near the top, the middle and the bottom of the viewport. */
const LINE_PLACES = ['start', 'center', 'end'] as const;

export async function glanceSuite(startDriver: () => Promise<Driver>): Promise<void> {
  // Generated before the tests are declared: one test per entity.
  const page: EveryEntityPage = await everyEntityPage();
  let driver: Driver;
  let site: StaticServer;
  let folder: string;
  let tab: Tab;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'reperes-every-entity-'));
    writeFileSync(join(folder, 'index.html'), page.html);
    site = await serveFolder(folder);
    driver = await startDriver();
    tab = await driver.openWebPage(site.url + 'index.html');
    await tab.resize(VIEWPORT.width, VIEWPORT.height);
    // The page is read whole at once, as the popup's "On this page" has it read: these tests
    // are about cards (reading a page as the reader scrolls has its own, in cards.suite.ts).
    const options = await driver.openExtensionPage('options.html');
    await options.evaluate(askTabAt<unknown>, {
      url: site.url + 'index.html',
      type: 'pageMentions',
    });
    await options.close();
    await waitFor(tab, markedTexts, (marks) => marks.length >= page.entities.length, 15_000);
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  // A failed check leaves its card open: the next entity starts from a closed card.
  afterEach(async () => {
    await tab.press('Escape');
    await waitFor(tab, glanceState, (state) => state === null).catch(() => undefined);
  });

  it('has a paragraph where every entity of the default pack is marked', () => {
    expect(page.unmarked).toEqual([]);
    expect(page.entities.length).toBeGreaterThan(50);
  });

  describe.each(page.entities.map((entity, i) => [entity.name, entity, i] as const))(
    'the card of %s',
    (_name, entity: EntityOnPage, i: number) => {
      it('rests as a glance beside the line, and "All facts" shows every fact in place', async () => {
        const place = LINE_PLACES[i % LINE_PLACES.length]!;
        const target = await tab.evaluate(pointAtMention, { ...entity, place });
        if (!target) throw new Error(`"${entity.text}" not found in #${entity.paragraphId}`);
        await tab.pointTo(target.x, target.y);

        const resting = await waitFor(
          tab,
          glanceState,
          (state) => state?.name === entity.name && state.view === 'glance',
        );
        const line = target.lines;
        expect(resting!.height, 'height at rest').toBeLessThanOrEqual(MAX_HEIGHT);
        expect(resting!.words, `visible words at rest: ${resting!.text}`).toBeLessThanOrEqual(
          MAX_WORDS,
        );
        expect(overlaps(resting!.box, line), 'covers the hovered line').toBe(false);
        expect(resting!.inViewport).toBe(true);
        const total = Number(/\((\d+)\)/.exec(resting!.toggle.label)?.[1]);
        expect(total, resting!.toggle.label).toBeGreaterThan(0);

        // The pointer goes from the name into the card, as a reader's hand would.
        await tab.click(resting!.toggle.x, resting!.toggle.y);
        const complete = await waitFor(tab, glanceState, (state) => state?.view === 'complete');
        expect(complete!.facts.length).toBe(total);
        for (const texts of entity.claims) {
          expect(
            texts.some((text) => complete!.facts.includes(text)),
            `a fact of ${entity.id} is missing: ${texts[0]}`,
          ).toBe(true);
        }
        expect(complete!.inViewport).toBe(true);
        expect(
          overlaps(complete!.box, line),
          `covers the hovered line once expanded (${place}): ${JSON.stringify({ rest: resting!.box, box: complete!.box, line })}`,
        ).toBe(false);
      });
    },
  );

  it('leaves no error in the page’s console', () => {
    expect(tab.errors).toEqual([]);
  });
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function overlaps(box: Box, lines: readonly Box[]): boolean {
  return lines.some(
    (line) =>
      box.left < line.right &&
      line.left < box.right &&
      box.top < line.bottom &&
      line.top < box.bottom,
  );
}

// ---- Run in the page's main world: self-contained functions only. ----

/**
 * Scrolls the mention's line to `place` in the viewport and gives the point
 * to rest the pointer on, with the boxes of the line(s) the mention is on.
 */
function pointAtMention({
  paragraphId,
  text,
  occurrence,
  place,
}: {
  paragraphId: string;
  text: string;
  occurrence: number;
  place: 'start' | 'center' | 'end';
}) {
  const paragraph = document.getElementById(paragraphId);
  if (!paragraph) return null;
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const content = node.textContent ?? '';
    for (let at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + 1)) {
      if (seen++ < occurrence) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text.length);
      const first = range.getClientRects()[0]!;
      // Scroll so that the line itself (not the paragraph) sits at `place`.
      const wanted =
        place === 'start' ? 24 : place === 'center' ? innerHeight / 2 : innerHeight - 48;
      scrollBy({ top: first.top - wanted, behavior: 'instant' });
      const rects = [...range.getClientRects()];
      const line = rects[0]!;
      // The full line the mention is on: the paragraph's width at the mention's height.
      const block = paragraph.getBoundingClientRect();
      return {
        x: line.left + Math.min(line.width / 2, 6),
        y: line.top + line.height / 2,
        lines: rects.map((rect) => ({
          left: block.left,
          right: block.right,
          top: rect.top,
          bottom: rect.bottom,
        })),
      };
    }
  }
  return null;
}

/**
 * The open card, as a reader sees it: its box, view, visible words, facts
 * and its toggle. Read after two frames, once the card has been placed for
 * its latest size (placement follows a resize observer, before paint).
 */
async function glanceState() {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const host = document.querySelector('reperes-card');
  const root = host?.shadowRoot;
  const dialog = root?.querySelector<HTMLElement>('[role="dialog"]');
  if (!root || !dialog) return null;
  const rect = dialog.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return null;
  const labelId = dialog.getAttribute('aria-labelledby');
  // A word counts when a reader can see it: laid out, and inside every box
  // that clips it (the scrolling body, a title cut short by an ellipsis).
  const words: string[] = [];
  const walker = document.createTreeWalker(dialog, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const content = node.textContent ?? '';
    for (const match of content.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      let visible = true;
      for (let element = node.parentElement; element && visible; element = element.parentElement) {
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden') visible = false;
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
          const clip = element.getBoundingClientRect();
          if (x < clip.left || x > clip.right || y < clip.top || y > clip.bottom) visible = false;
        }
        if (element === dialog) break;
      }
      if (visible) words.push(match[0]);
    }
  }
  const toggle = root.querySelector<HTMLElement>('.rp-more');
  const toggleBox = toggle?.getBoundingClientRect();
  const facts = [...dialog.querySelectorAll<HTMLElement>('.rp-fact-text')]
    .filter((fact) => fact.getClientRects().length > 0)
    .map((fact) => fact.textContent ?? '');
  return {
    name: (labelId && root.getElementById(labelId)?.textContent) || null,
    view: dialog.dataset.view,
    box: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom },
    height: rect.height,
    words: words.length,
    text: words.join(' '),
    facts,
    inViewport:
      rect.left >= 0 && rect.top >= 0 && rect.right <= innerWidth && rect.bottom <= innerHeight,
    toggle: {
      label: toggle?.textContent ?? '',
      x: toggleBox ? toggleBox.left + toggleBox.width / 2 : 0,
      y: toggleBox ? toggleBox.top + toggleBox.height / 2 : 0,
    },
  };
}
