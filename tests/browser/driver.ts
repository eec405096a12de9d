/**
 * The little the suites need from a browser, implemented once per automation
 * library, so Chromium and Firefox run the very same assertions.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { ElementHandle, KeyInput, Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromium, launchFirefox } from './launch';

export interface Tab {
  /** Runs a function in the page (main world) and returns its JSON result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Chooses a file in a file input, as the reader would with the picker. */
  chooseFile(selector: string, path: string): Promise<void>;
  /** Moves the pointer to a point of the viewport, in small steps like a hand would. */
  pointTo(x: number, y: number): Promise<void>;
  /** Presses a key ("Escape", "Tab") in the focused element. */
  press(key: string): Promise<void>;
  /** Errors the page's console showed, and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

export interface Driver {
  name: 'chromium' | 'firefox';
  openWebPage(url: string): Promise<Tab>;
  /** Opens an extension page ("popup.html") in a tab of its own. */
  openExtensionPage(path: string): Promise<Tab>;
  close(): Promise<void>;
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
    press: (key) => page.keyboard.press(key),
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
    press: (key) => page.keyboard.press(key as KeyInput),
    errors: watchErrors(page),
    close: () => page.close(),
  };
}

export async function chromiumDriver(options: { lang?: string } = {}): Promise<Driver> {
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
    close: () => session.close(),
  };
}

export async function firefoxDriver(options: { lang?: string } = {}): Promise<Driver> {
  const session = await launchFirefox(options);
  return {
    name: 'firefox',
    async openWebPage(url) {
      const page = await session.browser.newPage();
      const tab = puppeteerTab(page);
      await page.goto(url);
      return tab;
    },
    openExtensionPage: async (path) => puppeteerTab(await session.openExtensionPage(path)),
    close: () => session.close(),
  };
}
