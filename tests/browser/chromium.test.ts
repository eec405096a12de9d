import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlePage, defaultPackNames } from '../bench/corpus';
import { chromiumDriver, type Driver } from './driver';
import { launchChromium, type ChromiumSession } from './launch';
import {
  askTabAt,
  forcedColourStyles,
  openCardLayout,
  pointOfWord,
  systemColour,
} from './page-probes';
import type { PageMentionCount } from '@/lib/messaging';
import { serveFolder, type StaticServer } from './server';
import { cardsSuite } from './cards.suite';
import { glanceSuite } from './glance.suite';
import { extensionSuite } from './extension.suite';
import { pagesAxeSuite } from './pages-axe.suite';
import { popupSuite } from './popup.suite';
import { subscriptionSuite } from './subscriptions.suite';
import { realPagesSuite } from './real-pages.suite';

describe('Chromium', () => {
  extensionSuite(() => chromiumDriver());
});

/** A Chromium with the extension and the fixture site, for the tests of one describe block. */
function chromiumAndSite(): { session: ChromiumSession; site: StaticServer } {
  const env = {} as { session: ChromiumSession; site: StaticServer };
  beforeAll(async () => {
    env.site = await serveFolder('tests/fixtures/site');
    env.session = await launchChromium();
  });
  afterAll(async () => {
    await env.session?.close();
    await env.site?.close();
  });
  return env;
}

/** On the consortium fixture page: rests the pointer on "Stargate" until its card is open. */
async function openStargateCard(page: Page, site: StaticServer): Promise<void> {
  await page.goto(site.url + 'consortium.html');
  await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 3);
  const point = (await page.evaluate(pointOfWord, { elementId: 'stargate-p', word: 'Stargate' }))!;
  await page.mouse.move(point.x, point.y, { steps: 4 });
  await page.locator('reperes-card [role="dialog"]').waitFor();
}

describe('Chromium: marks and cards on web pages', () => {
  cardsSuite(() => chromiumDriver());
});

describe('Chromium: every card of the default pack at a glance', async () => {
  await glanceSuite(() => chromiumDriver());
});

describe('Chromium: pack subscriptions', () => {
  subscriptionSuite(() => chromiumDriver());
});

describe('Chromium: the toolbar popup', () => {
  popupSuite(() => chromiumDriver());
});

describe('Chromium: real news pages', () => {
  realPagesSuite(() => chromiumDriver());
});

// The extension's own pages under axe, in both themes and both languages (issue 15).
for (const lang of ['en-US', 'fr'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`Chromium: the popup and options page under axe (${lang}, ${colorScheme})`, () => {
      pagesAxeSuite(() => chromiumDriver({ lang, colorScheme }));
    });
  }
}

// Debian's Chromium carries every UI language; its Firefox ESR only English.
describe('Chromium in French', () => {
  let driver: Driver;
  beforeAll(async () => {
    driver = await chromiumDriver({ lang: 'fr' });
  });
  afterAll(() => driver?.close());

  it('shows the popup and the options page in French', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    expect(
      await popup.evaluate(() => ({
        lang: document.documentElement.lang,
        label: document.querySelector('input')!.ariaLabel,
        button: document.querySelector('button')!.textContent,
      })),
    ).toEqual({ lang: 'fr', label: 'Chercher dans tous les faits', button: 'Packs et réglages' });
    const options = await driver.openExtensionPage('options.html');
    expect(await options.evaluate(() => document.querySelector('h2')!.textContent)).toBe(
      'Packs de faits',
    );
    await popup.close();
    await options.close();
  });
});

// The reader's display preferences. Windows high contrast, as Chromium emulates it: the marks,
// the card and the focus rings take system colours (resolved by the page itself); reduced motion.
describe('Chromium under forced colours and reduced motion', () => {
  const env = chromiumAndSite();

  it('keeps marks, the hovered mark, the card and focus rings visible in system colours', async () => {
    const page = await env.session.context.newPage();
    await page.emulateMedia({ forcedColors: 'active' });
    await openStargateCard(page, env.site);
    const styles = await page.evaluate(forcedColourStyles);
    expect(styles.mark).toEqual([await page.evaluate(systemColour, 'LinkText'), '2px']);
    expect(styles.active).toEqual(['solid', '3px']);
    expect(styles.card).toEqual(['solid', await page.evaluate(systemColour, 'CanvasText')]);

    // A focus ring from the keyboard, in the popup, in the system's highlight colour.
    const popup = await env.session.context.newPage();
    await popup.emulateMedia({ forcedColors: 'active' });
    await popup.goto(env.session.extensionOrigin + 'popup.html');
    await popup.locator('input[type=search]').waitFor();
    await popup.keyboard.press('Tab');
    const ring = await popup.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { style: style.outlineStyle, width: style.outlineWidth, colour: style.outlineColor };
    });
    const highlight = await popup.evaluate(systemColour, 'Highlight');
    expect(ring).toEqual({ style: 'solid', width: '2px', colour: highlight });
    await popup.close();
    await page.close();
  });

  it('paints the hovered mark opaque, in its own text colour, so it stays legible on a dark page', async () => {
    const page = await env.session.context.newPage();
    await openStargateCard(page, env.site);
    const active = await page.evaluate(() => {
      document.body.style.cssText = 'background: #121212; color: #e5e5e5';
      const style = getComputedStyle(
        document.getElementById('stargate-p')!,
        '::highlight(reperes-active)',
      );
      return { background: style.backgroundColor, text: style.color };
    });
    expect(active).toEqual({ background: 'rgb(180, 83, 9)', text: 'rgb(255, 255, 255)' });
    await page.close();
  });

  // Reduced motion, emulated through CDP (Playwright has no switch for reduced transparency).
  it('opens a card without transitions, on an opaque background', async () => {
    const page = await env.session.context.newPage();
    const cdp = await env.session.context.newCDPSession(page);
    await cdp.send('Emulation.setEmulatedMedia', {
      features: [
        { name: 'prefers-reduced-motion', value: 'reduce' },
        { name: 'prefers-reduced-transparency', value: 'reduce' },
      ],
    });
    await openStargateCard(page, env.site);
    const card = await page.evaluate(() => {
      const root = document.querySelector('reperes-card')!.shadowRoot!;
      const dialog = root.querySelector<HTMLElement>('.rp-card')!;
      const buttons = [...dialog.querySelectorAll('button')];
      return {
        moving: buttons.filter((b) => parseFloat(getComputedStyle(b).transitionDuration) > 0)
          .length,
        background: getComputedStyle(dialog).backgroundColor,
      };
    });
    expect(card.moving).toBe(0);
    expect(card.background).toMatch(/^rgb\(/);
    await page.close();
  });
});

// The privacy promise (README): without a subscription Repères makes no network request of its own.
describe('Chromium: no request of its own', () => {
  const env = chromiumAndSite();

  it('sends nothing over the network while it marks pages, opens cards, the popup and the options', async () => {
    const requests: { url: string; fromWorker: boolean }[] = [];
    env.session.context.on('request', (request) =>
      requests.push({ url: request.url(), fromWorker: request.serviceWorker() !== null }),
    );
    // The watch sees the background's own requests: one made on purpose is caught.
    const [worker] = env.session.context.serviceWorkers();
    await worker!.evaluate((url) => fetch(url).then(() => undefined), env.site.url + 'index.html');
    await expect.poll(() => requests.filter((request) => request.fromWorker).length).toBe(1);
    requests.length = 0;

    const page = await env.session.context.newPage();
    await openStargateCard(page, env.site);
    await page.goto(env.site.url + 'dated.html');
    await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 0);
    const popup = await env.session.context.newPage();
    await popup.goto(env.session.extensionOrigin + 'popup.html');
    await popup.locator('input[type=search]').fill('stargate');
    await popup.locator('[role="option"]').first().waitFor();
    const options = await env.session.context.newPage();
    await options.goto(env.session.extensionOrigin + 'options.html');
    await options.locator('tbody tr').first().waitFor();

    const network = requests.filter((request) => /^(https?|wss?):/.test(request.url));
    expect(network.filter((request) => request.fromWorker)).toEqual([]);
    // The pages' own loads, from the fixture site, and nothing else.
    expect(network.filter((request) => !request.url.startsWith(env.site.url))).toEqual([]);
    await Promise.all([page.close(), popup.close(), options.close()]);
  });
});

// Larger text: a 24 px default font, and 200 % zoom (a 1280×800 window shows 640×400 CSS px).
describe('Chromium with larger text', () => {
  let site: StaticServer;
  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
  });
  afterAll(() => site?.close());

  for (const [what, options, scale] of [
    ['a 24 px default font', { defaultFontSize: 24 }, 1.5],
    ['200 % zoom', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }, 1],
  ] as const) {
    it(`with ${what}, the card grows with the text, fits the viewport and cuts no text`, async () => {
      const session = await launchChromium(options);
      try {
        const page = await session.context.newPage();
        await openStargateCard(page, site);
        await page.evaluate(
          () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
        const card = await page.evaluate(openCardLayout);
        expect(card).toMatchObject({ inViewport: true, bodyScrollsWhenNeeded: true, clipped: [] });
        expect(card!.factSize).toBeCloseTo(14 * scale, 0);

        // Unfolded, every fact shown: still within the viewport, the body scrolling.
        await page.locator('reperes-card .rp-more').click();
        await page.evaluate(
          () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
        expect(await page.evaluate(openCardLayout)).toMatchObject({
          inViewport: true,
          bodyScrollsWhenNeeded: true,
          clipped: [],
        });

        // The popup's text and its card follow the reader's font size too.
        const popup = await session.context.newPage();
        await popup.goto(session.extensionOrigin + 'popup.html');
        const popupSize = await popup.evaluate(() =>
          parseFloat(getComputedStyle(document.body).fontSize),
        );
        expect(popupSize).toBeCloseTo(14 * scale, 0);
        await popup.close();
      } finally {
        await session.close();
      }
    });
  }
});

// Chromium's accessibility tree, as a screen reader gets it (Playwright's aria snapshot).
describe('Chromium: the card for a screen reader', () => {
  const env = chromiumAndSite();

  it('is a dialog named after its entity, its facts a list with their dates, the rest one step away', async () => {
    const page = await env.session.context.newPage();
    await openStargateCard(page, env.site);
    const dialog = page.locator('reperes-card [role="dialog"]');

    const glance = await dialog.ariaSnapshot();
    expect(glance).toMatch(/^- dialog "Stargate":/);
    expect(glance).toContain('- heading "Stargate" [level=2]');
    expect(glance).toMatch(/- list:\n(\s+- listitem:\n(\s{6,}.*\n)+)+/);
    const facts = glance.match(/^ {4}- listitem:/gm) ?? [];
    expect(facts.length).toBeGreaterThanOrEqual(1);
    expect(facts.length).toBeLessThanOrEqual(3);
    // Each fact is read with its source and date.
    expect(glance.match(/- time: /g)?.length).toBe(facts.length);
    expect(glance).toMatch(/- button "All facts \(\d+\)"(?! \[expanded\])/);
    expect(glance).not.toContain('navigation "Related"');
    expect(glance).not.toContain('Not this entity here');
    // No landmarks of its own among the page's.
    expect(glance).not.toMatch(/banner|contentinfo/);

    await page.locator('reperes-card .rp-more').click();
    await expect.poll(() => dialog.ariaSnapshot()).toContain('- button "Show fewer" [expanded]');
    const complete = await dialog.ariaSnapshot();
    expect(complete).toMatch(
      /- group "Sources disagree":\n\s+- paragraph: Sources disagree\n\s+- list:/,
    );
    expect(complete).toContain('- navigation "Related":');
    expect(complete).toContain('- button "Not this entity here"');
    expect(complete).toContain('- button "Show the excerpt from Qant": Excerpt');
    await page.close();
  });
});

// The Long Tasks API exists in Chromium only.
describe('Chromium on a page of a million characters', () => {
  let driver: Driver;
  let site: StaticServer;
  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'reperes-big-'));
    // Records long tasks from the start, and when parsing ended: the content
    // script starts after DOMContentLoaded, so any long task from then on is ours.
    const recorder = `<script>window.__longTasks=[];new PerformanceObserver((list)=>{for(const e of list.getEntries())window.__longTasks.push({start:e.startTime,duration:e.duration})}).observe({type:'longtask',buffered:true});addEventListener('DOMContentLoaded',()=>{window.__parsed=performance.now()});</script>`;
    const page = articlePage(1_000_000, defaultPackNames()).replace('<head>', `<head>${recorder}`);
    writeFileSync(join(folder, 'big.html'), page);
    site = await serveFolder(folder);
    driver = await chromiumDriver();
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  it('marks its first screens, then all of it when asked, without ever blocking the page for more than 50 ms', async () => {
    const url = site.url + 'big.html';
    const tab = await driver.openWebPage(url);
    const marksWhenStill = async () => {
      let marks = -1;
      for (let stable = 0; stable < 3;) {
        await new Promise((done) => setTimeout(done, 400));
        const now = await tab.evaluate(() => CSS.highlights.get('reperes')?.size ?? 0);
        stable = now === marks && now > 0 ? stable + 1 : 0;
        marks = now;
      }
      return marks;
    };
    // The reader is at the top: the page is read a screen or so ahead of them.
    const atTop = await marksWhenStill();
    expect(atTop).toBeLessThan(100);
    // The popup's "On this page" asks for every name: the rest is read then.
    const options = await driver.openExtensionPage('options.html');
    const found = await options.evaluate(askTabAt<PageMentionCount[]>, {
      url,
      type: 'pageMentions',
    });
    expect(found?.length).toBeGreaterThan(10);
    const all = await marksWhenStill();
    const { parsed, tasks } = await tab.evaluate(() => {
      const page = window as unknown as {
        __parsed: number;
        __longTasks: { start: number; duration: number }[];
      };
      return { parsed: page.__parsed, tasks: page.__longTasks };
    });
    expect(all).toBeGreaterThan(500);
    expect(tasks.filter((task) => task.start >= parsed)).toEqual([]);
  });
});
