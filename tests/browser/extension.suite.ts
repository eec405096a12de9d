/**
 * What a reader sees of the installed extension, asserted identically in
 * Chromium and Firefox (see chromium.test.ts and firefox.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PageStatus } from '@/lib/messaging';
import type { Pack } from '@/lib/pack/types';
import type { Driver, Tab } from './driver';
import { serveFolder, type StaticServer } from './server';
import { markedTexts, waitFor } from './page-probes';

/** The project key's fingerprint, as readers see it (docs/pack-format.md). */
const PROJECT_KEY = '79a2 8e6f 7a89 65c7 2fab 896f 2e1e cead';

interface PageStatusReply {
  res?: PageStatus;
}

declare global {
  interface Window {
    __mutations: string[];
  }
}

export function extensionSuite(startDriver: () => Promise<Driver>): void {
  let driver: Driver;
  let site: StaticServer;
  let article: Tab;

  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
    driver = await startDriver();
    article = await driver.openWebPage(site.url);
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  /** Asks every tab's content script how it is, from an extension page. */
  async function contentScriptStatuses(from: Tab): Promise<PageStatus[]> {
    const replies = await from.evaluate(async () => {
      // Firefox names the API `browser`, Chromium `chrome`; the calls used here are the same.
      const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };
      const api = (scope.browser ?? scope.chrome)!;
      const tabs = await api.tabs.query({});
      return Promise.all(
        tabs.map((tab) =>
          api.tabs
            .sendMessage(tab.id ?? -1, { id: 1, type: 'pageStatus', timestamp: Date.now() })
            .catch(() => undefined),
        ),
      );
    });
    return (replies as (PageStatusReply | undefined)[]).flatMap((reply) =>
      reply?.res ? [reply.res] : [],
    );
  }

  async function articleStatus(from: Tab): Promise<PageStatus | undefined> {
    return (await contentScriptStatuses(from)).find((status) => status.url === site.url);
  }

  describe('the built extension', () => {
    it('runs its content script on a page served from 127.0.0.1', async () => {
      const options = await driver.openExtensionPage('options.html');
      expect(await articleStatus(options)).toMatchObject({ url: site.url });
      await options.close();
    });

    it('changes nothing in the page it runs on and logs no error there', async () => {
      expect(await article.evaluate(() => window.__mutations)).toEqual([]);
      expect(await article.evaluate(() => document.querySelector('textarea')!.value)).toBe(
        'Stargate in a textarea',
      );
      expect(article.errors).toEqual([]);
    });

    it('opens the popup with the search field focused', async () => {
      const popup = await driver.openExtensionPage('popup.html');
      const focused = await popup.evaluate(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return { tag: active?.tagName, type: active?.type, label: active?.ariaLabel };
      });
      expect(focused).toEqual({ tag: 'INPUT', type: 'search', label: 'Search every fact' });
      expect(popup.errors).toEqual([]);
      await popup.close();
    });

    it('opens the options page', async () => {
      const options = await driver.openExtensionPage('options.html');
      const headings = await options.evaluate(() =>
        [...document.querySelectorAll('h1, h2')].map((h) => h.textContent),
      );
      expect(headings).toEqual([
        'Repères — packs and settings',
        'Fact packs',
        'Import a pack',
        'Updates from publishers',
        'On web pages',
      ]);
      expect(await options.evaluate(() => document.title)).toBe('Repères — packs and settings');
      expect(options.errors).toEqual([]);
      await options.close();
    });

    it('installs the bundled pack on first run, its signature checked against the project key', async () => {
      const options = await driver.openExtensionPage('options.html');
      const bundled = JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack;
      const rows = await waitFor(
        options,
        () => [...document.querySelectorAll('tbody tr')].map((tr) => tr.textContent ?? ''),
        (found) => found.length > 0,
      );
      expect(rows.join('\n')).toContain(bundled.id);
      expect(rows.join('\n')).toContain(bundled.version);
      // WebCrypto's Ed25519 in the browser's own background, against data/reperes-pack-key.pub.
      const signer = await options.evaluate(
        () => document.querySelector('tbody tr .signer')?.textContent ?? null,
      );
      expect(signer).toBe(`Signed with key ${PROJECT_KEY} · says it is from ${bundled.publisher}`);
      expect((await articleStatus(options))?.indexEntities).toBeGreaterThanOrEqual(
        bundled.entities.length,
      );
      await options.close();
    });

    it('imports a pack through the options page, and an open tab takes it up without reloading', async () => {
      await article.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      expect(await article.evaluate(markedTexts)).not.toContain('Zorglub Industries');
      const options = await driver.openExtensionPage('options.html');
      const before = (await articleStatus(options))!.indexEntities;
      await options.chooseFile('input[type=file]', writePackFile());
      await waitFor(options, () =>
        document.body.textContent?.includes('Install “Browser test pack”'),
      );
      await options.evaluate(() => {
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Install')!.click();
      });
      await waitFor(options, () => document.body.textContent?.includes('is installed: 2 entities'));
      const after = await waitFor(
        options,
        async () => {
          // Runs in the options page: ask the article's tab again until its index changed.
          const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };
          const api = (scope.browser ?? scope.chrome)!;
          const tabs = await api.tabs.query({});
          for (const tab of tabs) {
            const reply = (await api.tabs
              .sendMessage(tab.id ?? -1, { id: 2, type: 'pageStatus', timestamp: Date.now() })
              .catch(() => undefined)) as PageStatusReply | undefined;
            if (reply?.res?.url.startsWith('http://127.0.0.1')) return reply.res.indexEntities;
          }
          return 0;
        },
        (count) => count !== before,
      );
      expect(after).toBe(before + 2);
      // The open page marks the new names, without a reload.
      const marks = await waitFor(article, markedTexts, (found) => found.includes('Quuxcoin'));
      expect(marks).toEqual(expect.arrayContaining(['Zorglub Industries', 'Quuxcoin']));
      expect(
        await article.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBe(true);
      expect(options.errors).toEqual([]);
      await options.close();
    });
  });
}

/** A small valid pack with two entities the bundled pack does not have. */
function writePackFile(): string {
  const pack: Pack = {
    format: 'reperes-pack',
    formatVersion: 1,
    id: 'browser-test',
    version: '1.0.0',
    title: 'Browser test pack',
    language: 'en',
    sources: [{ id: 's', title: 'Test', publisher: null, date: '2025', language: 'en' }],
    entities: [
      {
        id: 'zorglub',
        name: 'Zorglub Industries',
        type: 'company',
        aliases: [],
        description: { en: 'A test company.' },
      },
      {
        id: 'quuxcoin',
        name: 'Quuxcoin',
        type: 'token',
        aliases: ['QXC'],
        description: { en: 'A test token.' },
      },
    ],
    facts: [
      {
        id: 'z1',
        entities: ['zorglub'],
        text: { en: 'Zorglub makes tests.' },
        source: 's',
        evidence: 'tests',
      },
      {
        id: 'q1',
        entities: ['quuxcoin'],
        text: { en: 'Quuxcoin is a test.' },
        source: 's',
        evidence: 'test',
      },
    ],
  };
  const path = join(mkdtempSync(join(tmpdir(), 'reperes-pack-')), 'browser-test.json');
  writeFileSync(path, JSON.stringify(pack));
  return path;
}
