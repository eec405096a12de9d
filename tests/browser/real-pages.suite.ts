/**
 * The extension on saved real news pages (see real-pages.ts), in Chromium
 * and Firefox: it changes nothing but its own card host, logs no error,
 * marks nothing in a page's navigation, header, footer or sidebars, leaves
 * an off-topic page unmarked by default, and a mark opens its card inside
 * the viewport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import type { PageMentionCount, PageStatus } from '@/lib/messaging';
import type { Driver, Tab } from './driver';
import { askTabAt, markedTexts, waitFor } from './page-probes';
import { realPagesPresent, serveRealPages, type RealPageServer } from './real-pages';

/** A sample of kinds: off-topic politics and business, tech with marks, a non-English site. */
const SAMPLE = {
  tradeWar: '702d1da63b8e064cb70617620e45c2d116b4912c9bc9d518dcf5ce54bb8057ed.html',
  gadgets: '5fbc7ccb504c755ae23a85499a17518483d7862b74b4a5c34d86ede1a1a4448e.html',
  deals: '287e4d9f4af31733aad6534aefb2bd00fb344ec8d6ebf1ac99dbc4d762da0ca4.html',
  health: 'ef4e67b66d63b5facef55c06a94d85f2ae01a0a1a4a3a1bcfe2499c8c8a7dacf.html',
  factCheck: 'b6906ca016bbfc64c90426e098c75b3e8c84457a77f51f1e7ea6941cb80c2147.html',
  korean: '0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2.html',
} as const;

/** Console errors about the page's own requests (fonts, images) refused by the policy or not found. */
const REFUSED_REQUEST =
  /Content Security Policy|Content-Security-Policy|Failed to load resource|downloadable font|content blocked/i;

export function realPagesSuite(startDriver: () => Promise<Driver>): void {
  describe.skipIf(!realPagesPresent)('on saved real pages', () => {
    let driver: Driver;
    let pages: RealPageServer;
    let options: Tab;

    beforeAll(async () => {
      pages = await serveRealPages();
      driver = await startDriver();
      options = await driver.openExtensionPage('options.html');
    });
    afterAll(async () => {
      await driver?.close();
      await pages?.close();
    });

    /** Opens a page and waits for the signal that the extension's scan of it has finished. */
    async function openScanned(file: string): Promise<Tab> {
      const url = pages.urlOf(file);
      const tab = await driver.openWebPage(url);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const status = await options.evaluate(askTabAt<PageStatus>, { url, type: 'pageStatus' });
        if (status?.scanned) return tab;
        if (Date.now() > deadline) throw new Error(`no finished scan of ${file}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }

    async function setScope(markScope: 'subject' | 'all'): Promise<void> {
      await options.evaluate(async (scope) => {
        const api =
          (globalThis as unknown as { browser?: Browser }).browser ??
          (globalThis as unknown as { chrome: Browser }).chrome;
        const stored = await api.storage.local.get('settings');
        const settings = (stored.settings ?? {}) as Record<string, unknown>;
        await api.storage.local.set({ settings: { ...settings, markScope: scope } });
      }, markScope);
    }

    it('leaves pages about something else unmarked by default, but for a subject name', async () => {
      for (const file of [SAMPLE.tradeWar, SAMPLE.gadgets, SAMPLE.health]) {
        const offTopic = await openScanned(file);
        expect(await offTopic.evaluate(markedTexts)).toEqual([]);
        // Nothing marked: the page's highlight registry was never touched.
        expect(await offTopic.evaluate(() => CSS.highlights.has('reperes'))).toBe(false);
        if (file === SAMPLE.tradeWar) {
          // Found all the same, and listed as such for the popup's "On this page".
          const found = await options.evaluate(askTabAt<PageMentionCount[]>, {
            url: pages.urlOf(file),
            type: 'pageMentions',
          });
          expect(found).toEqual(
            expect.arrayContaining([
              expect.objectContaining({ entityId: 'donald-trump', marked: false }),
              expect.objectContaining({ entityId: 'chine', marked: false }),
            ]),
          );
        }
        await offTopic.close();
      }
      // A deals page names Nvidia's graphics cards: a subject name, marked anywhere.
      const deals = await openScanned(SAMPLE.deals);
      expect(await deals.evaluate(markedTexts)).toEqual(['NVIDIA']);
      await deals.close();
    });

    describe('with every name marked', () => {
      beforeAll(() => setScope('all'));
      afterAll(() => setScope('subject'));

      for (const [kind, file] of Object.entries(SAMPLE)) {
        it(`on the ${kind} page: no change but its card, no error, no mark in the page's chrome, cards in view`, async () => {
          const tab = await openScanned(file);
          const marks = await tab.evaluate(markedTexts);
          expect(await tab.evaluate(marksInChrome)).toEqual([]);
          const point = await tab.evaluate(firstMarkInView);
          if (kind !== 'korean') expect(point).not.toBeNull();
          if (point) {
            await tab.pointTo(point.x, point.y);
            const card = await waitFor(tab, cardBox, (box) => box !== null, 5_000);
            expect(card!.inViewport).toBe(true);
            expect(card!.name).toBeTruthy();
            await tab.press('Escape');
          }
          const foreign = await tab.evaluate(() =>
            (window as unknown as { __mutations?: string[] }).__mutations?.filter(
              (record) => !record.includes('REPERES-CARD'),
            ),
          );
          expect(foreign).toEqual([]);
          // The page's own requests, refused or not found, are the browser's errors, not ours.
          expect(tab.errors.filter((error) => !REFUSED_REQUEST.test(error))).toEqual([]);
          expect(marks.length).toBeLessThan(2000);
          await tab.close();
        });
      }
    });
  });
}

/**
 * Runs in the page: the marks that sit in its chrome — navigation, sidebars,
 * menus, banners, or a header or footer outside any article or main.
 */
function marksInChrome(): string[] {
  const chrome =
    'nav, aside, menu, [role="navigation"], [role="complementary"], [role="menu"], [role="banner"], [role="contentinfo"]';
  return [...(CSS.highlights?.get('reperes') ?? [])].flatMap((range) => {
    const element = range.startContainer.parentElement;
    if (!element) return [];
    const inChrome =
      element.closest(chrome) !== null ||
      (element.closest('header, footer') !== null && element.closest('article, main') === null);
    return inChrome
      ? [`${element.tagName}: ${range.startContainer.textContent?.slice(0, 60)}`]
      : [];
  });
}

/** Runs in the page: scrolls the first mark into view and gives its centre, or null without marks. */
function firstMarkInView(): { x: number; y: number } | null {
  const [first] = [...(CSS.highlights?.get('reperes') ?? [])];
  if (!first) return null;
  first.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
  const live = document.createRange();
  live.setStart(first.startContainer, first.startOffset);
  live.setEnd(first.endContainer, first.endOffset);
  const rect = live.getClientRects()[0] ?? live.getBoundingClientRect();
  return { x: rect.left + Math.min(rect.width / 2, 8), y: rect.top + rect.height / 2 };
}

/** Runs in the page: the open card's name and whether it lies inside the viewport. */
function cardBox(): { name: string | null; inViewport: boolean } | null {
  const host = document.querySelector('reperes-card');
  const dialog = host?.shadowRoot?.querySelector<HTMLElement>('[role="dialog"]');
  if (!host || !dialog) return null;
  const rect = dialog.getBoundingClientRect();
  if (rect.width === 0 || getComputedStyle(dialog).visibility === 'hidden') return null;
  const labelId = dialog.getAttribute('aria-labelledby');
  return {
    name: (labelId && host.shadowRoot!.getElementById(labelId)?.textContent) || null,
    inViewport:
      rect.left >= 0 && rect.top >= 0 && rect.right <= innerWidth && rect.bottom <= innerHeight,
  };
}
