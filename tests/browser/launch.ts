/**
 * Starts the real browsers with the built extension loaded. Chromium is driven
 * by playwright-core, Firefox ESR by puppeteer-core over WebDriver BiDi. Both
 * use the machine's own browsers: nothing is ever downloaded.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_QUIET_ARGS, requireBrowser } from './browsers';

export const CHROME_BUILD = resolve('.output/chrome-mv3');
export const FIREFOX_BUILD = resolve('.output/firefox-mv3');
/** Must match wxt.config.ts. */
export const GECKO_ID = 'reperes@reperes.invalid';
/** Fixed so tests can open moz-extension:// pages without discovering the random one. */
export const FIREFOX_EXTENSION_UUID = '6f1e0c1a-3b2d-4f5e-9a8b-7c6d5e4f3a2b';

export interface ChromiumSession {
  context: BrowserContext;
  /** chrome-extension://<id>/ */
  extensionOrigin: string;
  close(): Promise<void>;
}

export async function launchChromium(
  options: {
    headless?: boolean;
    lang?: string;
    extensionPath?: string;
    colorScheme?: 'light' | 'dark';
    /** The reader's default font size (chrome://settings/fonts), in px. */
    defaultFontSize?: number;
    /** CSS pixels of the viewport and device pixels per CSS pixel: 640×400 at 2 is a 1280×800 window at 200 % zoom. */
    viewport?: { width: number; height: number };
    deviceScaleFactor?: number;
  } = {},
): Promise<ChromiumSession> {
  const extensionPath = options.extensionPath ?? CHROME_BUILD;
  const profile = mkdtempSync(join(tmpdir(), 'reperes-chromium-'));
  if (options.defaultFontSize) {
    mkdirSync(join(profile, 'Default'));
    const preferences = { webkit: { webprefs: { default_font_size: options.defaultFontSize } } };
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBrowser('chromium'),
    headless: options.headless ?? true,
    locale: options.lang ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    ...(options.viewport && { viewport: options.viewport }),
    ...(options.deviceScaleFactor && { deviceScaleFactor: options.deviceScaleFactor }),
    args: [
      ...CHROMIUM_QUIET_ARGS,
      `--lang=${options.lang ?? 'en-US'}`,
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  // Node's URL has no origin for chrome-extension: URLs; the host is the id.
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}/`;
  return {
    context,
    extensionOrigin,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid>/ */
  extensionOrigin: string;
  /** Opens one of the extension's pages ("options.html") in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(
  options: {
    headless?: boolean;
    lang?: string;
    extensionPath?: string;
    /** The reader's default font size (Settings › Fonts), in px. */
    defaultFontSize?: number;
    /** Firefox's own high-contrast mode (Settings › Colours › Override: always): forced colours. */
    forcedColors?: boolean;
    /** More preferences of the profile (a proxy, for the test that watches every request). */
    prefs?: Record<string, string | number | boolean>;
    /** More environment variables for the browser's process. */
    env?: Record<string, string>;
  } = {},
): Promise<FirefoxSession> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: requireBrowser('firefox'),
    headless: options.headless ?? true,
    // Firefox 153+ lets WebDriver open moz-extension:// pages only with this flag.
    args: ['--remote-allow-system-access'],
    ...(options.env && { env: { ...process.env, ...options.env } }),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      'intl.locale.requested': options.lang ?? 'en-US',
      'intl.accept_languages': options.lang ?? 'en-US',
      ...(options.defaultFontSize && { 'font.size.variable.x-western': options.defaultFontSize }),
      ...(options.forcedColors && { 'browser.display.document_color_use': 2 }),
      // No network of its own: keep Firefox from phoning home during tests.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'extensions.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      ...options.prefs,
    },
  });
  await browser.installExtension(options.extensionPath ?? FIREFOX_BUILD);
  const extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}/`;
  return {
    browser,
    extensionOrigin,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      const url = extensionOrigin + path;
      page.goto(url).catch(() => undefined);
      await documentLoaded(page, url);
      return page;
    },
    close: () => browser.close(),
  };
}

/**
 * Waits until a page shows `url`, fully loaded. Firefox never reports
 * moz-extension:// navigations over BiDi, so the document itself is asked.
 */
export async function documentLoaded(page: Page, url: string): Promise<void> {
  await pollUntil(() =>
    page
      .evaluate(() => `${location.href}|${document.readyState}`)
      .then((state) => state === `${url}|complete`)
      .catch(() => false),
  );
}

async function pollUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
