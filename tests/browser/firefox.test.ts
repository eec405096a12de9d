import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxDriver, type Driver } from './driver';
import { cardsSuite, hoverWord } from './cards.suite';
import { glanceSuite } from './glance.suite';
import { extensionSuite } from './extension.suite';
import { pagesAxeSuite } from './pages-axe.suite';
import { popupSuite } from './popup.suite';
import { markedTexts, openCardLayout, waitFor } from './page-probes';
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

describe('Firefox ESR: the toolbar popup', () => {
  popupSuite(() => firefoxDriver());
});

// Debian's Firefox ESR carries English only; the harness sets no colour scheme for it.
describe('Firefox ESR: the popup and options page under axe', () => {
  pagesAxeSuite(() => firefoxDriver());
});

describe('Firefox ESR with a 24 px default font', () => {
  let driver: Driver;
  let site: StaticServer;
  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
    driver = await firefoxDriver({ defaultFontSize: 24 });
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  it('grows the card with the text, keeps it in the viewport and cuts no text', async () => {
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
    expect(card!.factSize).toBeCloseTo(21, 0);
    await tab.close();
  });
});

describe('Firefox: real news pages', () => {
  realPagesSuite(() => firefoxDriver());
});
