import type { Browser } from 'webextension-polyfill';
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
import { startLoggingProxy, type LoggingProxy } from './logging-proxy';

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

// The privacy promise (README): without a subscription Repères makes no network request of its
// own. Every request Firefox sends goes through a proxy that writes it down.
describe('Firefox ESR: no request of its own', () => {
  let driver: Driver;
  let site: StaticServer;
  let proxy: LoggingProxy;
  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
    proxy = await startLoggingProxy();
    driver = await firefoxDriver({
      prefs: proxy.firefoxPrefs,
      env: { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    });
  });
  afterAll(async () => {
    await driver?.close();
    await proxy?.close();
    await site?.close();
  });

  it('sends nothing over the network while it marks pages, opens cards, the popup and the options', async () => {
    // The proxy sees the extension's own requests: one made on purpose from its page is caught.
    const options = await driver.openExtensionPage('options.html');
    const probe = `${site.url}index.html?from-the-extension`;
    await options.evaluate(
      (url) =>
        fetch(url).then(
          () => undefined,
          () => undefined,
        ),
      probe,
    );
    expect(proxy.log).toContain(probe);

    const page = await driver.openWebPage(site.url + 'consortium.html');
    await waitFor(page, markedTexts, (marks) => marks.includes('Stargate'));
    await hoverWord(page, 'stargate-p', 'Stargate');
    await waitFor(page, openCardLayout, (layout) => layout !== null);
    const dated = await driver.openWebPage(site.url + 'dated.html');
    await waitFor(dated, markedTexts, (marks) => marks.length > 0);
    const popup = await driver.openExtensionPage('popup.html');
    await popup.evaluate(() =>
      (document.querySelector('input[type=search]') as HTMLElement).focus(),
    );
    for (const key of 'stargate') await popup.press(key);
    await waitFor(
      popup,
      () => document.querySelectorAll('[role="option"]').length,
      (n) => n > 0,
    );
    const again = await driver.openExtensionPage('options.html');
    await waitFor(
      again,
      () => document.querySelectorAll('tbody tr').length,
      (n) => n > 0,
    );

    // The pages' own loads, from the fixture site, and the one made on purpose: nothing else,
    // from the start of the browser (the bundled pack's install included), but for Firefox's
    // own Remote Settings, at the address only its profile knows.
    const own = (url: string) =>
      url.startsWith(site.url) || url.startsWith(proxy.firefoxRemoteSettings);
    expect(proxy.log.filter((url) => !own(url))).toEqual([]);
    expect(proxy.log.filter((url) => url === probe)).toHaveLength(1);

    // And the proxy sees the background's requests: a subscription, made on purpose now, is
    // checked there on "Check now", and its request is caught.
    const subscribed = `${site.url}probe-pack.json`;
    await again.evaluate(async (url) => {
      const api = (globalThis as unknown as { browser: Browser }).browser;
      const subscription = { url, schedule: 'off', autoApply: false, failures: 0 };
      await api.storage.local.set({ subscriptions: [subscription] });
    }, subscribed);
    await waitFor(
      again,
      () => {
        const button = [...document.querySelectorAll('button')].find(
          (candidate) => candidate.textContent === 'Check now',
        );
        button?.click();
        return button !== undefined;
      },
      Boolean,
    );
    await expect.poll(() => proxy.log).toContain(subscribed);
    await Promise.all([options, page, dated, popup, again].map((tab) => tab.close()));
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
