/**
 * `npm start`: builds the extension, serves the demo page on 127.0.0.1 and
 * opens Chromium with the extension loaded on it.
 *
 * With a display, the browser stays open until you close it. Without one (or
 * with --headless), it rests the pointer on a mention, writes demo.png and
 * prints the text of the card that opened.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../browser/launch';
import { pointOfWord } from '../browser/page-probes';
import { serveFolder } from '../browser/server';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const MENTION = 'Stargate';
const SCREENSHOT = resolve('demo.png');

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const site = await serveFolder('tests/demo');
const session = await launchChromium({ headless });
const page = await session.context.newPage();
await page.setViewportSize({ width: 1100, height: 900 });
await page.goto(site.url);
console.log(`Demo page: ${site.url} (Chromium, extension ${session.extensionOrigin})`);

if (!headless) {
  console.log('Close the browser window to stop.');
  await new Promise<void>((done) => session.context.on('close', () => done()));
  await site.close();
  process.exit(0);
}

try {
  const card = await hoverAndReadCard(page, MENTION);
  await page.screenshot({ path: SCREENSHOT });
  console.log(`Screenshot: ${SCREENSHOT}`);
  if (card) {
    console.log(`\nCard for "${MENTION}":\n${card}`);
  } else {
    console.log(`\nNo card opened on "${MENTION}".`);
    process.exitCode = 1;
  }
} finally {
  await session.close();
  await site.close();
}

/** Rests the pointer on the first occurrence of `word`; returns the card's text, if one opens. */
async function hoverAndReadCard(page: Page, word: string): Promise<string | null> {
  // On a fresh profile the bundled pack is still being installed: wait for the first marks.
  await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 0, undefined, {
    timeout: 15_000,
  });
  const box = await page.evaluate(pointOfWord, { word });
  if (!box) throw new Error(`"${word}" is not on the demo page`);
  await page.mouse.move(box.x, box.y, { steps: 5 });
  const dialog = page.locator('reperes-card [role="dialog"]');
  try {
    await dialog.waitFor({ state: 'visible', timeout: 3_000 });
  } catch {
    return null;
  }
  return dialog.innerText();
}
