/**
 * axe-core on the extension's own pages, in every state a reader meets
 * (issue 15): the popup empty, with results, with a result opened and with
 * none found; the options page at rest, previewing an update, and after a
 * file it refuses. The drivers give the theme and the language; a state
 * passes when axe finds no violation, and a failure names rule and node.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Pack } from '@/lib/pack/types';
import { axeViolations } from './axe';
import type { Driver, Tab } from './driver';
import { waitFor } from './page-probes';

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
  beforeAll(async () => {
    driver = await startDriver();
  });
  afterAll(() => driver?.close());

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
