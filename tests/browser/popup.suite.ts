/**
 * The toolbar popup, as a reader uses it: search with typos, open a result's
 * card, and go from "On this page" to a card on the page. Identical in
 * Chromium and Firefox.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Driver, Tab } from './driver';
import { serveFolder, type StaticServer } from './server';
import { waitFor } from './page-probes';

export function popupSuite(startDriver: () => Promise<Driver>): void {
  let driver: Driver;
  let site: StaticServer;

  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
    driver = await startDriver();
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  async function typeQuery(popup: Tab, query: string): Promise<string[]> {
    await popup.evaluate(() =>
      (document.querySelector('input[type=search]') as HTMLElement).focus(),
    );
    for (const key of query) await popup.press(key);
    return waitFor(popup, optionNames, (names) => names.length > 0);
  }

  it('lists Stargate first for "stargat", and MiCA for "mica"', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    expect((await typeQuery(popup, 'stargat'))[0]).toMatch(/^Stargate/);
    await popup.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
      input.select();
    });
    expect(await typeQuery(popup, 'mica')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^MiCA/)]),
    );
    await popup.close();
  });

  it("opens a result's card with its facts and their sources", async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await typeQuery(popup, 'h800');
    await popup.press('ArrowDown');
    await popup.press('Enter');
    const card = await waitFor(popup, openCard, (state) => state !== null);
    expect(card!.name).toMatch(/H800/);
    expect(card!.facts).toBeGreaterThan(0);
    expect(card!.sources).toBe(card!.facts);
    await popup.close();
  });

  it('lists the entities of the reader’s page, and choosing one opens its card there', async () => {
    const page = await driver.openWebPage(site.url + 'consortium.html');
    await waitFor(
      page,
      () => CSS.highlights?.get('reperes')?.size ?? 0,
      (size) => size > 0,
    );
    const popup = await driver.openExtensionWindow('popup.html');
    const listed = await waitFor(
      popup,
      () => [...document.querySelectorAll('.page-entity .result-name')].map((n) => n.textContent),
      (names) => names.length > 0,
    );
    expect(listed).toEqual(expect.arrayContaining(['Stargate', 'OpenAI', 'H800']));
    await popup.evaluate(() => {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('.page-entity')];
      buttons.find((b) => b.querySelector('.result-name')?.textContent === 'H800')!.click();
    });
    const name = await waitFor(
      page,
      () => {
        const host = document.querySelector('reperes-card');
        const dialog = host?.shadowRoot?.querySelector('[role="dialog"]');
        const label = dialog?.getAttribute('aria-labelledby');
        return (label && host!.shadowRoot!.getElementById(label)?.textContent) || null;
      },
      (value) => value !== null,
    );
    expect(name).toMatch(/H800/);
    await page.close();
  });

  it('gives the page’s date under "On this page", and the settings switch the as-of card off', async () => {
    const page = await driver.openWebPage(site.url + 'dated.html');
    await waitFor(
      page,
      () => CSS.highlights?.get('reperes')?.size ?? 0,
      (size) => size > 0,
    );
    const dateLine = () => document.querySelector('.page-date')?.textContent ?? null;
    let popup = await driver.openExtensionWindow('popup.html');
    expect(await waitFor(popup, dateLine, (line) => line !== null)).toBe(
      'Article dated January 22, 2025 (from its structured data)',
    );
    await popup.close();

    // Switched off in the options page: the popup says so, and the card is as on an undated page.
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelector('input[name="asOfArticle"]') !== null);
    await options.evaluate(() =>
      document.querySelector<HTMLInputElement>('input[name="asOfArticle"]')!.click(),
    );
    popup = await driver.openExtensionWindow('popup.html');
    expect(await waitFor(popup, dateLine, (line) => line?.includes('off') ?? false)).toBe(
      'Article dated January 22, 2025 (from its structured data) Cards as of the article are off in the settings.',
    );
    await popup.close();
    const point = await page.evaluate(() => {
      const text = document.getElementById('nvidia-p')!.firstChild!;
      const at = text.textContent!.indexOf('Nvidia');
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 3);
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    });
    await page.pointTo(point.x, point.y);
    const asOf = await waitFor(
      page,
      () => {
        const dialog = document
          .querySelector('reperes-card')
          ?.shadowRoot?.querySelector('[role="dialog"]');
        return dialog
          ? {
              note: !!dialog.querySelector('.rp-as-of'),
              since: !!dialog.querySelector('.rp-since'),
            }
          : null;
      },
      (state) => state !== null,
    );
    expect(asOf).toEqual({ note: false, since: false });

    await options.evaluate(() =>
      document.querySelector<HTMLInputElement>('input[name="asOfArticle"]')!.click(),
    );
    await options.close();
    await page.close();
  });
}

// ---- Run in the page: self-contained functions only. ----

function optionNames(): string[] {
  const listbox = document.querySelector('[role="listbox"]');
  return [...(listbox?.querySelectorAll('[role="option"]') ?? [])].map(
    (option) => option.getAttribute('aria-label') ?? '',
  );
}

function openCard() {
  const dialog = document.querySelector('[role="dialog"]');
  if (!dialog) return null;
  const label = dialog.getAttribute('aria-labelledby');
  return {
    name: (label && document.getElementById(label)?.textContent) || null,
    facts: dialog.querySelectorAll('.rp-fact-text').length,
    sources: dialog.querySelectorAll('.rp-source').length,
  };
}
