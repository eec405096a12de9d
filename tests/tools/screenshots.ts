/**
 * `npm run screenshots`: the card as readers see it, for the README
 * (docs/screenshots/), in light and dark mode: at rest (`card-*.png`), with
 * the sources' comparison open (`card-compare-*.png`) and unfolded by "All
 * facts" (`card-all-*.png`); and at rest in forced colours, Windows' high
 * contrast as Chromium emulates it (`card-forced-colors.png`), and at 200 %
 * zoom (`card-zoom-200.png`); and Nvidia's card as of an article of
 * January 2025 (`card-as-of-article.png`) and on an undated page
 * (`card-undated.png`). Builds, opens the demo page in headless Chromium at
 * 1280×800, rests the pointer on "Stargate" and captures the card with its
 * mention after each step.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium } from '../browser/launch';
import { pointOfWord } from '../browser/page-probes';
import { serveFolder } from '../browser/server';

const VIEWPORT = { width: 1280, height: 800 };
const MENTION = 'Stargate';

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
mkdirSync('docs/screenshots', { recursive: true });
const site = await serveFolder('tests/demo');

/** Waits for the card to be placed for its latest size (two frames), then captures it with its mention. */
async function capture(
  page: Page,
  mention: { x: number; y: number },
  path: string,
  viewport = VIEWPORT,
) {
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  const card = (await page.locator('reperes-card [role="dialog"]').boundingBox())!;
  const top = Math.max(0, Math.min(card.y, mention.y) - 40);
  const bottom = Math.min(viewport.height, Math.max(card.y + card.height, mention.y) + 40);
  const left = Math.max(0, Math.min(card.x, mention.x) - 320);
  await page.screenshot({
    path,
    clip: { x: left, y: top, width: Math.min(760, viewport.width - left), height: bottom - top },
  });
  console.log(path);
}

for (const colorScheme of ['light', 'dark'] as const) {
  const session = await launchChromium({ colorScheme });
  try {
    const page = await session.context.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(site.url);
    await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 10);
    const mention = await page.evaluate(pointOfWord, { word: MENTION });
    if (!mention) throw new Error(`no "${MENTION}" on the demo page`);
    await page.mouse.move(mention.x, mention.y, { steps: 5 });
    const card = page.locator('reperes-card [role="dialog"]');
    await card.waitFor({ state: 'visible' });
    await capture(page, mention, `docs/screenshots/card-${colorScheme}.png`);

    await page.locator('reperes-card .rp-differ').first().click();
    await capture(page, mention, `docs/screenshots/card-compare-${colorScheme}.png`);
    // Folded again, so that "All facts" shows the card unfolded from rest.
    await page.locator('reperes-card .rp-differ').first().click();

    await page.locator('reperes-card .rp-more').click();
    // The pointer rests on the card's name, off the buttons' hover styles.
    await page.locator('reperes-card .rp-name').hover();
    await capture(page, mention, `docs/screenshots/card-all-${colorScheme}.png`);
  } finally {
    await session.close();
  }
}

// Forced colours, and 200 % zoom (the 1280×800 window shows 640×400 CSS pixels, twice as dense).
const ZOOMED = { width: 640, height: 400 };
for (const [file, launch, forced] of [
  ['card-forced-colors.png', {}, true],
  ['card-zoom-200.png', { viewport: ZOOMED, deviceScaleFactor: 2 }, false],
] as const) {
  const session = await launchChromium(launch);
  try {
    const page = await session.context.newPage();
    const viewport = 'viewport' in launch ? launch.viewport : VIEWPORT;
    await page.setViewportSize(viewport);
    if (forced) await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(site.url);
    await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 10);
    const mention = (await page.evaluate(pointOfWord, { word: MENTION }))!;
    await page.mouse.move(mention.x, mention.y, { steps: 5 });
    await page.locator('reperes-card [role="dialog"]').waitFor({ state: 'visible' });
    await capture(page, mention, `docs/screenshots/${file}`, viewport);
  } finally {
    await session.close();
  }
}
// Issue 17: Nvidia's card on an article of 22 January 2025, then on an undated page.
const fixtures = await serveFolder('tests/fixtures/site');
for (const [file, pageName, elementId] of [
  ['card-as-of-article.png', 'dated.html', 'nvidia-p'],
  ['card-undated.png', 'consortium.html', 'h800-p'],
] as const) {
  const session = await launchChromium();
  try {
    const page = await session.context.newPage();
    await page.setViewportSize(VIEWPORT);
    await page.goto(fixtures.url + pageName);
    await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 1);
    const mention = (await page.evaluate(pointOfWord, { elementId, word: 'Nvidia' }))!;
    await page.mouse.move(mention.x, mention.y, { steps: 5 });
    await page.locator('reperes-card [role="dialog"]').waitFor({ state: 'visible' });
    await capture(page, mention, `docs/screenshots/${file}`);
  } finally {
    await session.close();
  }
}
await fixtures.close();
await site.close();
