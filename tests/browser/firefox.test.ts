import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxDriver, type Driver } from './driver';
import { cardsSuite, hoverWord } from './cards.suite';
import { glanceSuite } from './glance.suite';
import { extensionSuite } from './extension.suite';
import { pagesAxeSuite } from './pages-axe.suite';
import { popupSuite } from './popup.suite';
import { subscriptionSuite } from './subscriptions.suite';
import {
  forcedColourStyles,
  markedTexts,
  openCardLayout,
  systemColour,
  waitFor,
} from './page-probes';
import { realPagesSuite } from './real-pages.suite';
import { serveFolder, type StaticServer } from './server';

describe('Firefox ESR', () => {
  extensionSuite(() => firefoxDriver());
});

describe('Firefox ESR: marks and cards on web pages', () => {
  cardsSuite(() => firefoxDriver());
});

describe('Firefox ESR: every card of the default pack at a glance', async () => {
  await glanceSuite(() => firefoxDriver());
});

describe('Firefox ESR: pack subscriptions', () => {
  subscriptionSuite(() => firefoxDriver());
});

describe('Firefox ESR: the toolbar popup', () => {
  popupSuite(() => firefoxDriver());
});

// Debian's Firefox ESR carries English only; the harness sets no colour scheme for it.
describe('Firefox ESR: the popup and options page under axe', () => {
  pagesAxeSuite(() => firefoxDriver());
});

// Firefox's own high-contrast mode (colours overridden always) is real forced colours, not an emulation.
describe('Firefox ESR under forced colours', () => {
  let driver: Driver;
  let site: StaticServer;
  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
    driver = await firefoxDriver({ forcedColors: true });
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  it('keeps marks, the hovered mark, the card and focus rings visible in system colours', async () => {
    const tab = await driver.openWebPage(site.url + 'consortium.html');
    await waitFor(tab, markedTexts, (marks) => marks.includes('Stargate'));
    await hoverWord(tab, 'stargate-p', 'Stargate');
    await waitFor(tab, openCardLayout, (layout) => layout !== null);
    const styles = await tab.evaluate(forcedColourStyles);
    expect(styles.forced).toBe(true);
    expect(styles.mark).toEqual([await tab.evaluate(systemColour, 'LinkText'), '2px']);
    expect(styles.active).toEqual(['solid', '3px']);
    expect(styles.card).toEqual(['solid', await tab.evaluate(systemColour, 'CanvasText')]);
    await tab.close();

    // A focus ring from the keyboard, in the popup, in the system's highlight colour.
    const popup = await driver.openExtensionPage('popup.html');
    await waitFor(popup, () => document.querySelector('input[type=search]') !== null, Boolean);
    await popup.press('Tab');
    const ring = await popup.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, colour: style.outlineColor };
    });
    expect(ring).toEqual({
      style: 'solid',
      colour: await popup.evaluate(systemColour, 'Highlight'),
    });
    await popup.close();
  });
});

// Larger text: a 24 px default font, and 200 % zoom (a 1280×800 window shows 640×400 CSS px).
for (const [what, options, factSize] of [
  ['a 24 px default font', { defaultFontSize: 24 }, 21],
  ['200 % zoom', { viewport: { width: 640, height: 400, deviceScaleFactor: 2 } }, 14],
] as const) {
  describe(`Firefox ESR with ${what}`, () => {
    let driver: Driver;
    let site: StaticServer;
    beforeAll(async () => {
      site = await serveFolder('tests/fixtures/site');
      driver = await firefoxDriver(options);
    });
    afterAll(async () => {
      await driver?.close();
      await site?.close();
    });

    it('grows the card with the text, keeps it in the viewport and cuts no text, folded or not', async () => {
      const tab = await driver.openWebPage(site.url + 'consortium.html');
      await waitFor(tab, markedTexts, (marks) => marks.includes('Stargate'));
      await hoverWord(tab, 'stargate-p', 'Stargate');
      await waitFor(tab, openCardLayout, (layout) => layout !== null);
      // Placed and sized for its content: two frames after it appeared.
      await tab.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      const card = await tab.evaluate(openCardLayout);
      expect(card).toMatchObject({ inViewport: true, bodyScrollsWhenNeeded: true, clipped: [] });
      expect(card!.factSize).toBeCloseTo(factSize, 0);
      if ('viewport' in options) {
        expect(await tab.evaluate(() => [innerWidth, devicePixelRatio])).toEqual([640, 2]);
      }

      // Unfolded, every fact shown: still within the viewport, the body scrolling.
      const more = await tab.evaluate(() => {
        const button = document
          .querySelector('reperes-card')!
          .shadowRoot!.querySelector('.rp-more')!;
        const box = button.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      });
      await tab.click(more.x, more.y);
      await waitFor(tab, openCardLayout, (layout) => layout?.unfolded === true);
      await tab.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      expect(await tab.evaluate(openCardLayout)).toMatchObject({
        inViewport: true,
        bodyScrollsWhenNeeded: true,
        clipped: [],
      });
      await tab.close();
    });
  });
}

describe('Firefox: real news pages', () => {
  realPagesSuite(() => firefoxDriver());
});
