import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumDriver, type Driver } from './driver';
import { cardsSuite } from './cards.suite';
import { extensionSuite } from './extension.suite';
import { popupSuite } from './popup.suite';

describe('Chromium', () => {
  extensionSuite(() => chromiumDriver());
});

describe('Chromium: marks and cards on web pages', () => {
  cardsSuite(() => chromiumDriver());
});

describe('Chromium: the toolbar popup', () => {
  popupSuite(() => chromiumDriver());
});

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
  });
});
