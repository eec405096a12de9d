/**
 * Renders public/icon.svg, the single source image, to the PNG sizes the
 * manifest needs (public/icon/<size>.png, which WXT picks up). Run with
 * `npm run icons` after editing the SVG; the PNGs are committed.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_QUIET_ARGS, requireBrowser } from '../browser/browsers';

const SIZES = [16, 32, 48, 96, 128];
const svg = readFileSync('public/icon.svg', 'utf8');

const browser = await chromium.launch({
  executablePath: requireBrowser('chromium'),
  args: CHROMIUM_QUIET_ARGS,
});
try {
  const page = await browser.newPage();
  mkdirSync('public/icon', { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    const png = await page.screenshot({ omitBackground: true, type: 'png' });
    writeFileSync(`public/icon/${size}.png`, png);
    console.log(`public/icon/${size}.png`);
  }
} finally {
  await browser.close();
}
