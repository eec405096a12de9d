/**
 * The little the suites need from a browser, implemented once per automation
 * library, so Chromium and Firefox run the very same assertions.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Browser } from 'webextension-polyfill';
import type { ElementHandle, KeyInput, Page as PuppeteerPage } from 'puppeteer-core';
import { documentLoaded, launchChromium, launchFirefox } from './launch';

export interface Tab {
  /** Runs a function in the page (main world) and returns its JSON result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Chooses a file in a file input, as the reader would with the picker. */
  chooseFile(selector: string, path: string): Promise<void>;
  /** Moves the pointer to a point of the viewport, in small steps like a hand would. */
  pointTo(x: number, y: number): Promise<void>;
  /** Clicks at a point of the viewport, the pointer getting there in small steps. */
  click(x: number, y: number): Promise<void>;
  /** Presses a key ("Escape", "Tab"), or one with modifiers held ("Control+V"), in the focused element. */
  press(key: string): Promise<void>;
  /** Sets the size of the page's viewport, in CSS pixels. */
  resize(width: number, height: number): Promise<void>;
  /** Errors the page's console showed, and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

export interface Driver {
  name: 'chromium' | 'firefox';
  openWebPage(url: string): Promise<Tab>;
  /** Opens an extension page ("popup.html") in a tab of its own. */
  openExtensionPage(path: string): Promise<Tab>;
  /**
   * Opens an extension page in a popup window of its own, the way the toolbar
   * popup sits beside the reader's tab rather than replacing it.
   */
  openExtensionWindow(path: string): Promise<Tab>;
  close(): Promise<void>;
}

/**
 * Runs in an extension page: makes the reader's page (the last web page
 * opened) the active tab again, as it is when a reader clicks the toolbar
 * button, then opens a URL in a popup window.
 */
async function openPopupWindow(url: string): Promise<void> {
  const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };
  const api = (scope.browser ?? scope.chrome)!;
  const pages = await api.tabs.query({ windowType: 'normal', url: ['http://*/*', 'https://*/*'] });
  const reader = pages.sort((a, b) => (a.id ?? 0) - (b.id ?? 0)).at(-1);
  if (reader?.id !== undefined) await api.tabs.update(reader.id, { active: true });
  await api.windows.create({ url, type: 'popup' });
}

function watchErrors(page: PlaywrightPage | PuppeteerPage): string[] {
  const errors: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') errors.push(message.text());
  };
  const onPageError = (error: unknown) => errors.push(String(error));
  // Both libraries emit the same two events with compatible payloads.
  (page as PlaywrightPage).on('console', onConsole);
  (page as PlaywrightPage).on('pageerror', onPageError);
  return errors;
}

function playwrightTab(page: PlaywrightPage): Tab {
  return {
    evaluate: (fn, arg) => page.evaluate(fn, arg as never),
    chooseFile: (selector, path) => page.setInputFiles(selector, path),
    pointTo: (x, y) => page.mouse.move(x, y, { steps: 4 }),
    async click(x, y) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
    },
    press: (key) => page.keyboard.press(key),
    resize: (width, height) => page.setViewportSize({ width, height }),
    errors: watchErrors(page),
    close: () => page.close(),
  };
}

function puppeteerTab(page: PuppeteerPage): Tab {
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg),
    async chooseFile(selector, path) {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector} on the page`);
      await (input as ElementHandle<HTMLInputElement>).uploadFile(path);
    },
    pointTo: (x, y) => page.mouse.move(x, y, { steps: 4 }),
    async click(x, y) {
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
    },
    async press(keys) {
      // Puppeteer presses one key at a time: modifiers are held down around the last one.
      const [key, ...modifiers] = keys.split('+').reverse() as KeyInput[];
      for (const modifier of modifiers) await page.keyboard.down(modifier);
      await page.keyboard.press(key!);
      for (const modifier of modifiers.reverse()) await page.keyboard.up(modifier);
    },
    resize: (width, height) => page.setViewport({ width, height }),
    errors: watchErrors(page),
    close: () => page.close(),
  };
}

export async function chromiumDriver(
  options: { lang?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<Driver> {
  const session = await launchChromium(options);
  const open = async (url: string) => {
    const page = await session.context.newPage();
    const tab = playwrightTab(page);
    await page.goto(url);
    return tab;
  };
  return {
    name: 'chromium',
    openWebPage: open,
    openExtensionPage: (path) => open(session.extensionOrigin + path),
    async openExtensionWindow(path) {
      const url = session.extensionOrigin + path;
      const opener = await session.context.newPage();
      await opener.goto(session.extensionOrigin + 'options.html');
      const [page] = await Promise.all([
        session.context.waitForEvent('page', (candidate) => candidate.url() === url),
        opener.evaluate(openPopupWindow, url),
      ]);
      await opener.close();
      await page.waitForLoadState();
      return playwrightTab(page);
    },
    close: () => session.close(),
  };
}

export async function firefoxDriver(
  options: {
    lang?: string;
    defaultFontSize?: number;
    forcedColors?: boolean;
    /** The web pages' viewport in CSS px; a device scale of 2 on half the window is 200 % zoom. */
    viewport?: { width: number; height: number; deviceScaleFactor: number };
    prefs?: Record<string, string | number | boolean>;
    env?: Record<string, string>;
  } = {},
): Promise<Driver> {
  const session = await launchFirefox(options);
  return {
    name: 'firefox',
    async openWebPage(url) {
      const page = await session.browser.newPage();
      if (options.viewport) await page.setViewport(options.viewport);
      const tab = puppeteerTab(page);
      await page.goto(url);
      return tab;
    },
    openExtensionPage: async (path) => puppeteerTab(await session.openExtensionPage(path)),
    async openExtensionWindow(path) {
      const url = session.extensionOrigin + path;
      const opener = await session.openExtensionPage('options.html');
      const before = new Set(await session.browser.pages());
      await opener.evaluate(openPopupWindow, url);
      // The new window's URL is not reported over BiDi: find it as the new page.
      let page: PuppeteerPage | undefined;
      for (let tries = 0; !page && tries < 100; tries++) {
        page = (await session.browser.pages()).find((candidate) => !before.has(candidate));
        if (!page) await new Promise((done) => setTimeout(done, 50));
      }
      if (!page) throw new Error(`no window opened for ${url}`);
      await documentLoaded(page, url);
      await opener.close();
      return puppeteerTab(page);
    },
    close: () => session.close(),
  };
}
