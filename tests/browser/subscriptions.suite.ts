/**
 * Subscriptions in a real browser (issue 16), against a pack server on
 * 127.0.0.1 started by the test: subscribe by pasting the address (the
 * permission asked at the click), an update found and previewed, then
 * applied; checked again, a 304 leaves it up to date. Identical in Chromium
 * and Firefox. Clicks are real pointer input: the browser grants permissions
 * only within a reader's gesture.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LIMITS } from '@/lib/pack/limits';
import { encodeSignatureFile, generateKeyPair, signPack, type KeyPair } from '@/lib/pack/signature';
import type { Browser } from 'webextension-polyfill';
import type { Driver, Tab } from './driver';
import { waitFor } from './page-probes';

const PACK = {
  format: 'reperes-pack',
  formatVersion: 1,
  id: 'subscribed-test-pack',
  version: '1.0.0',
  title: 'Subscribed test pack',
  language: 'en',
  publisher: 'Test Press',
  sources: [{ id: 's1', title: 'A source', publisher: 'Example', date: '2025-01', language: 'en' }],
  entities: [
    {
      id: 'frobnicator',
      type: 'product',
      name: 'Frobnicator',
      aliases: [],
      description: { en: 'A product that exists only in tests.' },
    },
  ],
  facts: [
    {
      id: 'f1',
      entities: ['frobnicator'],
      text: { en: 'The Frobnicator is a test product.' },
      source: 's1',
      evidence: 'a test product',
    },
  ],
};

export function subscriptionSuite(startDriver: () => Promise<Driver>): void {
  let driver: Driver;
  let server: Server;
  let url: string;
  const served = {
    pack: '',
    signature: new Uint8Array(),
    etag: '"v1"',
    /** A status to answer everything with (a server error), when set. */
    status: 0,
    /**
     * An answer larger than the pack size cap, when set: streamed in chunks with no
     * Content-Length, or announced by a Content-Length over the cap.
     */
    oversize: '' as '' | 'streamed' | 'announced',
    /** Bytes of the oversized body written before the client went away, and whether it all went. */
    oversizeSent: 0,
    oversizeFinished: false,
    /** Packs at other addresses, imported once (no subscription): path → body. */
    once: new Map<string, Uint8Array>(),
    requests: [] as string[],
  };
  /** The publisher's key, and another one. */
  let publisher: KeyPair;
  let impostor: KeyPair;

  /** Serves `version` signed by `pair`, under a new ETag; `tamper` changes it after signing. */
  async function serve(version: string, pair: KeyPair, etag: string, tamper = false) {
    const text = JSON.stringify({ ...PACK, version }, null, 2);
    served.signature = encodeSignatureFile(await signPack(new TextEncoder().encode(text), pair));
    served.pack = tamper ? text.replace('a test product.', 'a product.') : text;
    served.etag = etag;
    served.status = 0;
    served.oversize = '';
  }

  /** Twice the cap: a client that does not stop reading at the cap would get it all. */
  const OVERSIZE = 2 * LIMITS.maxPackBytes;

  /** Streams OVERSIZE bytes of a JSON-looking body, as fast as the client reads, until it goes away. */
  function streamOversized(response: ServerResponse) {
    served.oversizeSent = 0;
    served.oversizeFinished = false;
    const chunk = Buffer.alloc(256 * 1024, ' ');
    chunk.write('{"format":"reperes-pack","padding":"');
    let stopped = false;
    response.on('close', () => (stopped = true));
    const pump = () => {
      while (!stopped && served.oversizeSent < OVERSIZE) {
        served.oversizeSent += chunk.byteLength;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      if (!stopped) {
        served.oversizeFinished = true;
        response.end();
      }
    };
    pump();
  }

  beforeAll(async () => {
    [publisher, impostor] = [await generateKeyPair(), await generateKeyPair()];
    await serve('1.0.0', publisher, '"v1"');
    // Another pack, to import once from its address; and one tampered with after signing.
    const once = new TextEncoder().encode(
      JSON.stringify({ ...PACK, id: 'imported-once', title: 'Imported once', version: '2.0.0' }),
    );
    const onceSignature = encodeSignatureFile(await signPack(once, publisher));
    served.once.set('/once.json', once);
    served.once.set('/once.json.sig', onceSignature);
    const tampered = new TextEncoder().encode(
      new TextDecoder().decode(once).replace('a test product.', 'a product.'),
    );
    served.once.set('/tampered.json', tampered);
    served.once.set('/tampered.json.sig', onceSignature);
    served.once.set(
      '/pasted.json',
      new TextEncoder().encode(
        JSON.stringify({ ...PACK, id: 'pasted', title: 'Pasted pack', version: '3.0.0' }),
      ),
    );
    server = createServer((request, response) => {
      served.requests.push(`${request.url} ${request.headers['if-none-match'] ?? ''}`.trim());
      if (served.status) {
        response.writeHead(served.status);
        response.end();
      } else if (request.url === '/ai.json' && served.oversize === 'streamed') {
        // Chunked: the size is known only by reading, so the cap must cut the stream.
        response.writeHead(200, { 'content-type': 'application/json' });
        streamOversized(response);
      } else if (request.url === '/ai.json' && served.oversize === 'announced') {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(OVERSIZE),
        });
        streamOversized(response);
      } else if (request.url === '/ai.json') {
        if (request.headers['if-none-match'] === served.etag) {
          response.writeHead(304);
          response.end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json', etag: served.etag });
        response.end(served.pack);
      } else if (served.once.has(request.url!)) {
        const type = request.url!.endsWith('.sig')
          ? 'application/octet-stream'
          : 'application/json';
        response.writeHead(200, { 'content-type': type });
        response.end(Buffer.from(served.once.get(request.url!)!));
      } else if (request.url === '/ai.json.sig') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(Buffer.from(served.signature));
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ai.json`;
    driver = await startDriver();
  });
  afterAll(async () => {
    await driver?.close();
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });

  /** Runs `probe` in the page with `arg` until it answers something, or fails naming `what`. */
  async function poll<R, A>(
    tab: Tab,
    probe: (arg: A) => R | null | Promise<R | null>,
    arg: A,
    what: string,
  ): Promise<R> {
    const deadline = Date.now() + 8_000;
    for (;;) {
      const found = await tab.evaluate(probe, arg);
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  /** Clicks a button by its text with real pointer input (a reader's gesture). */
  async function clickButton(tab: Tab, label: string): Promise<void> {
    const point = await poll(
      tab,
      (wanted) => {
        for (const button of document.querySelectorAll('button')) {
          if (button.textContent?.trim() !== wanted) continue;
          button.scrollIntoView({ block: 'center' });
          const box = button.getBoundingClientRect();
          return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        }
        return null;
      },
      label,
      `a button "${label}"`,
    );
    await tab.click(point.x, point.y);
  }

  /** Waits until the text of `selector` (the whole page by default) includes `wanted`. */
  async function untilShown(tab: Tab, wanted: string, selector = 'body'): Promise<void> {
    await poll(
      tab,
      ([where, text]) => (document.querySelector(where)?.textContent?.includes(text) ? true : null),
      [selector, wanted] as const,
      `"${wanted}" in ${selector}`,
    );
  }

  it('subscribes to a pasted address, previews the update found, applies it, then is up to date', async () => {
    expect(served.requests).toEqual([]); // nothing before the reader subscribes
    const options = await driver.openExtensionPage('options.html');
    // The pack list renders after the store answers and moves what is below it: wait for it,
    // with the bundled pack the background installs on first run (the list follows it as it
    // lands, and a button about to be clicked would move).
    await waitFor(options, () => document.querySelector('table.packs tbody tr') !== null);
    await options.evaluate((address) => {
      const input = document.querySelector<HTMLInputElement>('input[name="subscribe-url"]')!;
      input.value = address;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, url);
    await clickButton(options, 'Subscribe');
    await untilShown(options, 'Version 1.0.0 found');
    expect(served.requests).toEqual(['/ai.json', '/ai.json.sig']);

    // The same review as a chosen file, the signer shown; nothing installed before "Install".
    await clickButton(options, 'Review version 1.0.0');
    await untilShown(options, 'Install “Subscribed test pack”, version 1.0.0?');
    expect(await options.evaluate(() => document.body.textContent)).toMatch(
      /Signed with key [0-9a-f ]+ · says it is from Test Press/,
    );
    expect(
      await options.evaluate(() => document.querySelector('tbody')?.textContent ?? ''),
    ).not.toContain('Subscribed test pack');
    await clickButton(options, 'Install');
    await untilShown(options, 'Version 1.0.0 applied');
    await untilShown(options, 'Subscribed test pack', 'tbody');

    // Checked again: a conditional request, and a 304 is "up to date".
    await clickButton(options, 'Check now');
    await untilShown(options, 'Up to date');
    expect(served.requests.at(-1)).toBe('/ai.json "v1"');
    expect(options.errors).toEqual([]);
    await options.close();
  });

  // Continues from the subscription above, version 1.0.0 installed, signed by the publisher.
  it('keeps the installed pack through a server error and a tampered update, asks before a new key, and rolls back', async () => {
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelector('table.packs') !== null);
    const status = () => document.querySelector('.subscription-status')?.textContent ?? '';
    const row = () =>
      [...document.querySelectorAll('tbody tr')].find((tr) =>
        tr.textContent?.includes('Subscribed test pack'),
      )?.textContent ?? '';

    served.status = 500;
    await clickButton(options, 'Check now');
    await untilShown(options, 'answered 500', '.subscription-status');
    expect(await options.evaluate(status)).toMatch(
      /^Check failed .*The installed pack is unchanged\.$/,
    );

    await serve('1.1.0', publisher, '"v2"', true);
    await clickButton(options, 'Check now');
    await untilShown(options, 'signature does not match', '.subscription-status');
    expect(await options.evaluate(row)).toContain('1.0.0');

    // Signed by another key: found, but applied only on the reader's explicit trust.
    await serve('1.1.0', impostor, '"v3"');
    await clickButton(options, 'Check now');
    await untilShown(options, 'Version 1.1.0 found', '.subscription-status');
    await clickButton(options, 'Review version 1.1.0');
    await untilShown(options, 'This update is signed by another key');
    expect(
      await options.evaluate(() =>
        [...document.querySelectorAll('button')].some((b) => b.textContent === 'Update'),
      ),
    ).toBe(false);
    await clickButton(options, 'Trust the new key and update');
    await untilShown(options, 'Version 1.1.0 applied', '.subscription-status');
    await waitFor(options, () =>
      [...document.querySelectorAll('tbody tr')].some(
        (tr) =>
          tr.textContent?.includes('Subscribed test pack') && tr.textContent.includes('1.1.0'),
      ),
    );

    // And back, in one step.
    await clickButton(options, 'Restore version 1.0.0');
    await untilShown(options, 'is back to version 1.0.0');
    expect(await options.evaluate(row)).toContain('1.0.0');
    expect(options.errors).toEqual([]);
    await options.close();
  });

  // Continues from above: version 1.0.0 installed, signed by the publisher, 1.1.0 kept as previous.
  it('stops an update larger than the size cap, streamed or announced, and keeps the installed pack', async () => {
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelector('table.packs') !== null);
    const row = () =>
      [...document.querySelectorAll('tbody tr')].find((tr) =>
        tr.textContent?.includes('Subscribed test pack'),
      )?.textContent ?? '';
    const before = await options.evaluate(row);
    expect(before).toContain('1.0.0');

    served.oversize = 'streamed';
    const started = Date.now();
    await clickButton(options, 'Check now');
    await untilShown(options, 'the download was stopped', '.subscription-status');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(
      await options.evaluate(() => document.querySelector('.subscription-status')?.textContent),
    ).toMatch(
      new RegExp(
        `^Check failed .*: more than ${LIMITS.maxPackBytes} bytes: the download was stopped\\. The installed pack is unchanged\\.$`,
      ),
    );
    // Cut at the cap, not read to the end: the server never got to write it all.
    await expect.poll(() => served.requests.at(-1)).toBe('/ai.json "v3"');
    expect(served.oversizeFinished).toBe(false);
    expect(served.oversizeSent).toBeGreaterThan(LIMITS.maxPackBytes);
    expect(await options.evaluate(row)).toBe(before);

    // A Content-Length over the cap is refused before the body is read at all.
    served.oversize = 'announced';
    await clickButton(options, 'Check now');
    await untilShown(options, `announces ${OVERSIZE} bytes`, '.subscription-status');
    expect(served.oversizeFinished).toBe(false);
    expect(served.oversizeSent).toBeLessThan(LIMITS.maxPackBytes);
    expect(await options.evaluate(row)).toBe(before);
    expect(options.errors).toEqual([]);
    await options.close();
  });

  /** Types an address into the import panel's field and clicks "Import", as a reader would. */
  async function importFromField(tab: Tab, address: string): Promise<void> {
    await tab.evaluate((value) => {
      const input = document.querySelector<HTMLInputElement>('input[name="import-url"]')!;
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, address);
    await clickButton(tab, 'Import');
  }

  it('imports once from an address: the same review as a file, no subscription, and clear refusals', async () => {
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelector('table.packs') !== null);
    const origin = new URL(url).origin;
    const status = () => document.querySelector('.import-status')?.textContent ?? '';
    const subscriptionsBefore = await options.evaluate(
      () => document.querySelectorAll('ul.subscriptions > li').length,
    );

    served.requests.length = 0;
    await importFromField(options, `${origin}/missing.json`);
    await untilShown(options, 'the server answered 404', '.import-status');
    expect(await options.evaluate(status)).toMatch(
      /^Could not import from .*Nothing was installed\.$/,
    );

    await importFromField(options, `${origin}/tampered.json`);
    await untilShown(options, 'is not a valid pack', '.import-status');
    expect(await options.evaluate(status)).toContain('signature');

    await importFromField(options, `${origin}/once.json`);
    await untilShown(options, 'Install “Imported once”, version 2.0.0?', '.import-status');
    expect(await options.evaluate(status)).toMatch(
      /Signed with key [0-9a-f ]+ · says it is from Test Press/,
    );
    expect(
      await options.evaluate(() => document.querySelector('tbody')?.textContent ?? ''),
    ).not.toContain('Imported once');
    await clickButton(options, 'Install');
    await untilShown(options, '“Imported once” version 2.0.0 is installed', '.import-status');
    await untilShown(options, 'Imported once', 'tbody');
    expect(served.requests).toEqual([
      '/missing.json',
      '/tampered.json',
      '/tampered.json.sig',
      '/once.json',
      '/once.json.sig',
    ]);
    // Once: nothing subscribed.
    expect(
      await options.evaluate(() => document.querySelectorAll('ul.subscriptions > li').length),
    ).toBe(subscriptionsBefore);
    // Chromium logs each 404 the page fetched (the missing pack, a pack without .sig): not errors of ours.
    expect(options.errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual(
      [],
    );
    await options.close();
  });

  it('imports from an address pasted anywhere on the page outside a field', async () => {
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelector('table.packs') !== null);
    const address = `${new URL(url).origin}/pasted.json`;
    // The address comes through the real clipboard: copied from a selection with the keyboard,
    // then pasted with the keyboard on the page's heading, a reader's gesture for the permission.
    await options.evaluate((text) => {
      const source = document.createElement('p');
      source.id = 'copy-me';
      source.textContent = text;
      document.body.append(source);
      getSelection()!.selectAllChildren(source);
    }, address);
    await options.press('Control+C');
    const heading = await options.evaluate(() => {
      getSelection()!.removeAllRanges();
      document.getElementById('copy-me')!.remove();
      const box = document.querySelector('h1')!.getBoundingClientRect();
      return { x: box.left + 2, y: box.top + box.height / 2 };
    });
    await options.click(heading.x, heading.y);
    served.requests.length = 0;
    await options.press('Control+V');
    await untilShown(options, 'Install “Pasted pack”, version 3.0.0?', '.import-status');
    expect(
      await options.evaluate(() => document.querySelector('.import-status')?.textContent),
    ).toContain('Not signed');
    expect(served.requests).toEqual(['/pasted.json', '/pasted.json.sig']);
    await clickButton(options, 'Install');
    await untilShown(options, 'Pasted pack', 'tbody');
    await options.close();
  });

  // Continues from above: version 1.0.0 of the subscribed pack installed, signed by the publisher.
  it('lists an update the background applied without asking, while the options page stays open', async () => {
    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => document.querySelector('table.packs') !== null);
    await options.evaluate(() => {
      const label = [...document.querySelectorAll('ul.subscriptions label')].find((element) =>
        element.textContent?.includes('Apply updates without asking'),
      );
      label!.querySelector('input')!.click();
    });
    // Stored before the background is asked to check.
    await poll(
      options,
      async () => {
        const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };
        const { subscriptions } = await (scope.browser ?? scope.chrome)!.storage.local.get(
          'subscriptions',
        );
        return (subscriptions as { autoApply: boolean }[])[0]?.autoApply ? true : null;
      },
      undefined,
      'auto-apply stored',
    );

    await serve('1.2.0', publisher, '"v4"');
    await clickButton(options, 'Check now');
    await untilShown(options, 'Version 1.2.0 applied', '.subscription-status');
    // The background wrote it; the page, never reloaded, lists it with the way back.
    await waitFor(options, () =>
      [...document.querySelectorAll('tbody tr')].some(
        (tr) =>
          tr.textContent?.includes('Subscribed test pack') &&
          tr.textContent.includes('1.2.0') &&
          tr.textContent.includes('Restore version 1.0.0'),
      ),
    );
    expect(options.errors).toEqual([]);
    await options.close();
  });
}
