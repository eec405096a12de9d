/**
 * axe-core on the extension's own pages, in every state a reader meets
 * (issue 15): the card on a page (at rest, compared, unfolded, with an
 * excerpt open), the popup empty, with results, with a result opened and
 * with none found; the options page at rest, previewing an update, and after
 * a file it refuses. The drivers give the theme and the language; a state
 * passes when axe finds no violation, and a failure names rule and node.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Pack } from '@/lib/pack/types';
import { axeViolations } from './axe';
import { cardAxeStates, hoverWord } from './cards.suite';
import type { Driver, Tab } from './driver';
import { markedTexts, waitFor } from './page-probes';
import { serveFolder, type StaticServer } from './server';

/** Types a query into the popup's search field, as the reader would. */
async function search(popup: Tab, query: string): Promise<void> {
  await popup.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
    input.focus();
    input.select();
  });
  for (const key of query) await popup.press(key);
}

const optionCount = () => document.querySelectorAll('[role="option"]').length;

/** The bundled pack with a newer version, one fact changed and one entity more: an update to preview. */
function writeUpdateFile(): string {
  const pack = JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack;
  const [first] = pack.entities;
  const updated: Pack = {
    ...pack,
    version: '99.0.0',
    entities: [
      ...pack.entities,
      { ...first!, id: 'axe-audit-entity', name: 'Axe Audit Entity', aliases: [] },
    ],
  };
  const file = join(mkdtempSync(join(tmpdir(), 'reperes-axe-')), 'update.json');
  writeFileSync(file, JSON.stringify(updated));
  return file;
}

function writeBrokenFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'reperes-axe-')), 'broken.json');
  writeFileSync(file, '{ "format": "reperes-pack", "entities": [');
  return file;
}

export function pagesAxeSuite(startDriver: () => Promise<Driver>): void {
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

  it('the card on a page passes axe at rest, compared, unfolded and with an excerpt open', async () => {
    const tab = await driver.openWebPage(site.url + 'consortium.html');
    await waitFor(tab, markedTexts, (marks) => marks.includes('Stargate'));
    await hoverWord(tab, 'stargate-p', 'Stargate');
    expect(await cardAxeStates(tab)).toEqual({ rest: [], compared: [], unfolded: [], excerpt: [] });
    await tab.close();
  });

  it('the popup passes axe empty, with results, with a result opened and with none found', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await waitFor(popup, () => document.querySelector('input[type=search]') !== null);
    const states: Record<string, string[]> = {};
    states.empty = await axeViolations(popup, 'html');

    await search(popup, 'deepseek');
    await waitFor(popup, optionCount, (count) => count > 1);
    states.results = await axeViolations(popup, 'html');

    await search(popup, 'stargate');
    await waitFor(popup, optionCount, (count) => count > 0);
    await popup.press('ArrowDown');
    await popup.press('Enter');
    await waitFor(popup, () => document.querySelector('.popup-card') !== null);
    states.opened = await axeViolations(popup, 'html');

    await popup.press('Escape');
    await search(popup, 'qqqzzzxxw');
    await waitFor(popup, optionCount, (count) => count === 0);
    states.none = await axeViolations(popup, 'html');
    expect(states).toEqual({ empty: [], results: [], opened: [], none: [] });
    await popup.close();
  });

  it('the popup and the options page: every control reachable by Tab, with a visible ring, and no trap', async () => {
    for (const [path, least] of [
      ['popup.html', 3],
      ['options.html', 5],
    ] as const) {
      const page = await driver.openExtensionPage(path);
      await waitFor(page, () => document.querySelectorAll('button, input').length > 2);
      const walk = await tabWalk(page);
      expect(walk.reached.length).toBeGreaterThanOrEqual(least);
      expect({ path, withoutRing: walk.withoutRing, cameBack: walk.cameBack }).toEqual({
        path,
        withoutRing: [],
        cameBack: true,
      });
      await page.close();
    }
  });

  it('the options page passes axe at rest, previewing an update, and after a file it refuses', async () => {
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelectorAll('tbody tr').length > 0);
    const states: Record<string, string[]> = {};
    states.rest = await axeViolations(options, 'html');

    await options.chooseFile('input[type=file]', writeUpdateFile());
    await waitFor(options, () => document.querySelector('.import-status .review') !== null);
    states.preview = await axeViolations(options, 'html');

    await options.chooseFile('input[type=file]', writeBrokenFile());
    await waitFor(options, () => document.querySelector('.import-status .error') !== null);
    states.error = await axeViolations(options, 'html');
    expect(states).toEqual({ rest: [], preview: [], error: [] });
    await options.close();
  });
}

/**
 * Presses Tab until focus comes back to where it started (or `most` times):
 * every element reached, whether its focus ring shows, and whether the walk
 * came back (no keyboard trap).
 */
export async function tabWalk(
  tab: Tab,
  most = 60,
): Promise<{ reached: string[]; withoutRing: string[]; cameBack: boolean }> {
  const reached: string[] = [];
  const withoutRing: string[] = [];
  // From the top of the page, as a reader arriving by keyboard: a click on its
  // corner (nothing focusable there) moves where Tab starts from.
  await tab.click(2, 2);
  for (let i = 0; i < most; i++) {
    await tab.press('Tab');
    const focused = await tab.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      // A visually hidden control (the file input) shows its ring on the label around it.
      const shown = element.classList.contains('visually-hidden')
        ? element.parentElement!
        : element;
      const style = getComputedStyle(shown);
      const ring =
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
        style.boxShadow !== 'none';
      // Its place in the document tells two unnamed controls apart.
      const place = [...document.querySelectorAll('*')].indexOf(element);
      const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40);
      return { key: `${place}:${element.localName}:${name ?? ''}`, ring };
    });
    if (focused === null) continue;
    if (reached.includes(focused.key)) return { reached, withoutRing, cameBack: true };
    reached.push(focused.key);
    if (!focused.ring) withoutRing.push(focused.key);
  }
  return { reached, withoutRing, cameBack: false };
}
