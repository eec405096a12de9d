/**
 * `npm run screenshots`: the card as readers see it, in light and dark mode,
 * for the README (docs/screenshots/). Builds, opens the demo page in
 * headless Chromium, rests the pointer on "Stargate" and captures the card
 * with its mention.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../browser/launch';
import { serveFolder } from '../browser/server';

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
mkdirSync('docs/screenshots', { recursive: true });
const site = await serveFolder('tests/demo');

for (const colorScheme of ['light', 'dark'] as const) {
  const session = await launchChromium({ colorScheme });
  try {
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 1000, height: 820 });
    await page.goto(site.url);
    await page.waitForFunction(() => (CSS.highlights.get('reperes')?.size ?? 0) > 10);
    const point = await page.evaluate(() => {
      const text = [...document.querySelectorAll('p')].find((p) =>
        p.textContent?.includes('Stargate'),
      );
      const node = [...(text?.childNodes ?? [])].find((n) => n.textContent?.includes('Stargate'));
      const range = document.createRange();
      const at = node!.textContent!.indexOf('Stargate');
      range.setStart(node!.firstChild ?? node!, node!.firstChild ? 0 : at);
      range.setEnd(node!.firstChild ?? node!, node!.firstChild ? 8 : at + 8);
      const box = range.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    await page.mouse.move(point.x, point.y, { steps: 5 });
    const dialog = page.locator('reperes-card [role="dialog"]');
    await dialog.waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    const card = (await dialog.boundingBox())!;
    const top = Math.max(0, Math.min(card.y, point.y) - 60);
    const path = `docs/screenshots/card-${colorScheme}.png`;
    await page.screenshot({
      path,
      clip: { x: 150, y: top, width: 850, height: Math.min(820 - top, card.height + 100) },
    });
    console.log(path);
  } finally {
    await session.close();
  }
}
await site.close();
