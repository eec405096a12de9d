/**
 * The little the suites need from a browser, implemented once per automation
 * library, so Chromium and Firefox run the very same assertions.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromium, launchFirefox } from './launch';

export interface Tab {
  /** Runs a function in the page (main world) and returns its JSON result. */
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
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

function tabOf(page: PlaywrightPage | PuppeteerPage): Tab {
  return {
    evaluate: <R>(fn: () => R | Promise<R>) => (page as PlaywrightPage).evaluate<R>(fn),
    errors: watchErrors(page),
    close: () => page.close(),
  };
}

export async function chromiumDriver(options: { lang?: string } = {}): Promise<Driver> {
  const session = await launchChromium(options);
  const open = async (url: string) => {
    const page = await session.context.newPage();
    const tab = tabOf(page);
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
      const tab = tabOf(page);
      await page.goto(url);
      return tab;
    },
    openExtensionPage: async (path) => tabOf(await session.openExtensionPage(path)),
    close: () => session.close(),
  };
}
