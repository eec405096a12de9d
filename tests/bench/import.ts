/**
 * Importing a large pack as a reader does, in Chromium: the options page's
 * file input gets the file (playwright's setInputFiles), the review appears,
 * "Install" is clicked, and the clock stops when the status says the pack is
 * installed. Reading, validating, planning, writing and republishing the
 * matcher index are all inside; the few milliseconds between the review
 * appearing and the click are too. Also notes whether a progress bar showed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pack } from '@/lib/pack/types';
import type { Profile } from './chromium';
import { progress } from './stats';

export interface ImportResult {
  seconds: number | null;
  progressBarShown: boolean;
  fileMB: number;
}

declare global {
  interface Window {
    __benchProgressSeen?: boolean;
  }
}

export async function measureImport(
  profile: Profile,
  pack: Pack,
  timeoutMs = 180_000,
): Promise<ImportResult> {
  const folder = mkdtempSync(join(tmpdir(), 'reperes-bench-pack-'));
  const file = join(folder, `${pack.id}.json`);
  const text = JSON.stringify(pack);
  writeFileSync(file, text);
  const fileMB = Buffer.byteLength(text) / 1_000_000;
  const page = await profile.context.newPage();
  try {
    await page.goto(`${profile.extensionOrigin}options.html`);
    await page.waitForSelector('input[type=file]', { state: 'attached' });
    await page.evaluate(() => {
      window.__benchProgressSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('progress')) window.__benchProgressSeen = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    progress(
      `import: ${pack.entities.length} entities, ${pack.facts.length} facts (${fileMB.toFixed(1)} MB)`,
    );
    const start = Date.now();
    await page.setInputFiles('input[type=file]', file);
    const install = page.getByRole('button', { name: 'Install', exact: true });
    await install.click({ timeout: timeoutMs });
    await page.waitForFunction(
      () => document.body.textContent?.includes('is installed:'),
      undefined,
      {
        timeout: timeoutMs,
        polling: 50,
      },
    );
    const seconds = (Date.now() - start) / 1000;
    const progressBarShown = await page.evaluate(() => window.__benchProgressSeen === true);
    return { seconds, progressBarShown, fileMB };
  } finally {
    await page.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
