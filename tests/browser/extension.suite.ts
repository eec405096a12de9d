/**
 * What a reader sees of the installed extension, asserted identically in
 * Chromium and Firefox (see chromium.test.ts and firefox.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import type { Driver, Tab } from './driver';
import { serveFolder, type StaticServer } from './server';

interface PageStatusReply {
  res?: { url: string };
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

  /** Asks every tab's content script where it runs, from an extension page. */
  async function contentScriptReplies(from: Tab): Promise<string[]> {
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
      reply?.res ? [reply.res.url] : [],
    );
  }

  describe('the built extension', () => {
    it('runs its content script on a page served from 127.0.0.1', async () => {
      const options = await driver.openExtensionPage('options.html');
      expect(await contentScriptReplies(options)).toContain(site.url);
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
      expect(headings).toEqual(['Repères — packs and settings', 'Fact packs']);
      expect(await options.evaluate(() => document.title)).toBe('Repères — packs and settings');
      expect(options.errors).toEqual([]);
      await options.close();
    });
  });
}
