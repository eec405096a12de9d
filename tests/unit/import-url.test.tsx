/**
 * Importing once from a pack's address (issue 16), in the options page's
 * import panel: typed into its field or pasted anywhere outside a field.
 * The browser is asked for that one origin at the gesture, the pack and its
 * `.sig` are fetched from a real server on 127.0.0.1 through the same
 * bounded fetch as a subscription, and the very same review as a chosen file
 * follows. Nothing is subscribed, and every failure is said with nothing
 * installed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImportPanel } from '@/entrypoints/options/ImportPanel';
import { LIMITS } from '@/lib/pack/limits';
import {
  encodeSignatureFile,
  generateKeyPair,
  shortFingerprint,
  fingerprint,
  signPack,
} from '@/lib/pack/signature';
import { ReperesDatabase } from '@/lib/store/db';
import { listPacks } from '@/lib/store/packs';
import { getSubscriptions, updateSubscriptions } from '@/lib/subscriptions';
import { makePack } from './support/packs';

/** What the server answers at /pack.json and /pack.json.sig, set by each test. */
let served: {
  pack?: string;
  signature?: Uint8Array;
  type?: string;
  status?: number;
  length?: number;
} = {};
let requests: string[] = [];
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    // The page here is happy-dom's, bound by CORS; the extension's options page is not
    // (its host permission lets it read the answer), so the server lets any origin read.
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    requests.push(request.url!);
    if (served.status) {
      response.writeHead(served.status, cors).end();
    } else if (request.url === '/pack.json' && served.pack !== undefined) {
      response.writeHead(200, {
        ...cors,
        'content-type': served.type ?? 'application/json',
        ...(served.length !== undefined && { 'content-length': String(served.length) }),
      });
      response.end(served.length === undefined ? served.pack : undefined);
    } else if (request.url === '/pack.json.sig' && served.signature) {
      response.writeHead(200, { ...cors, 'content-type': 'application/octet-stream' });
      response.end(Buffer.from(served.signature));
    } else {
      response.writeHead(404, cors).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((done) => server.close(done));
});

let db: ReperesDatabase;
let dbCount = 0;
beforeEach(() => {
  db = new ReperesDatabase(`import-url-${++dbCount}`);
  served = {};
  requests = [];
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const encode = (text: string) => new TextEncoder().encode(text);

function renderPanel({ granted = true, held = false } = {}) {
  const requestOrigin = vi.fn(() => Promise.resolve(granted));
  const releaseOrigin = vi.fn(() => Promise.resolve(true));
  const onImported = vi.fn(() => Promise.resolve());
  render(
    <div>
      <p>Some text on the page</p>
      <input name="elsewhere" />
      <ImportPanel
        db={db}
        onImported={onImported}
        requestOrigin={requestOrigin}
        holdsOrigin={() => Promise.resolve(held)}
        releaseOrigin={releaseOrigin}
      />
    </div>,
  );
  return { requestOrigin, releaseOrigin, onImported };
}

function importFrom(url: string) {
  fireEvent.input(screen.getByRole('textbox', { name: /import once from an address/ }), {
    target: { value: url },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Import' }));
}

/** A paste of `text` on `target`, as the browser dispatches it; returns whether it was not cancelled. */
function paste(target: Element, text: string): boolean {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', {
    value: { getData: (type: string) => (type === 'text/plain' ? text : '') },
  });
  let result = true;
  void act(() => {
    result = target.dispatchEvent(event);
  });
  return result;
}

describe('importing once from an address', () => {
  it('fetches the pack and its signature, shows the same review as a file, and installs on the reader’s word', async () => {
    const pair = await generateKeyPair();
    const text = JSON.stringify(makePack({ version: '1.2.0' }), null, 2);
    served = { pack: text, signature: encodeSignatureFile(await signPack(encode(text), pair)) };
    const { requestOrigin, releaseOrigin, onImported } = renderPanel();
    importFrom(`${base}/pack.json`);
    expect(requestOrigin).toHaveBeenCalledWith('http://127.0.0.1/*');

    expect(await screen.findByText('Install “Test pack”, version 1.2.0?')).toBeTruthy();
    const key = shortFingerprint(await fingerprint(pair.publicKey));
    expect(screen.getByText(`Signed with key ${key}`)).toBeTruthy();
    expect(requests).toEqual(['/pack.json', '/pack.json.sig']);
    expect(await listPacks(db)).toEqual([]); // nothing written before the reader agrees
    // Fetched once: the access is given back, and nothing is subscribed.
    expect(releaseOrigin).toHaveBeenCalledWith('http://127.0.0.1/*');
    expect(await getSubscriptions()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect(
      await screen.findByText('“Test pack” version 1.2.0 is installed: 3 entities, 6 facts.'),
    ).toBeTruthy();
    const [installed] = await listPacks(db);
    expect(installed?.version).toBe('1.2.0');
    expect(installed?.signer?.fingerprint).toBe(await fingerprint(pair.publicKey));
    expect(onImported).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(2); // the review's "Install" fetches nothing more
  });

  it('imports from an address pasted anywhere outside a field, and leaves a paste into a field alone', async () => {
    served = { pack: JSON.stringify(makePack()) };
    const { requestOrigin } = renderPanel();
    expect(paste(document.querySelector('input[name="elsewhere"]')!, `${base}/pack.json`)).toBe(
      true,
    );
    expect(paste(screen.getByText('Some text on the page'), 'not an address')).toBe(true);
    expect(requestOrigin).not.toHaveBeenCalled();

    expect(paste(screen.getByText('Some text on the page'), ` ${base}/pack.json\n`)).toBe(false);
    expect(requestOrigin).toHaveBeenCalledWith('http://127.0.0.1/*');
    expect(await screen.findByText('Install “Test pack”, version 1.0.0?')).toBeTruthy();
    expect(screen.getByText('Not signed')).toBeTruthy();
    expect(requests).toEqual(['/pack.json', '/pack.json.sig']);
  });

  it('keeps the origin when the extension held it before, or a subscription reaches it', async () => {
    served = { pack: JSON.stringify(makePack()) };
    const first = renderPanel({ held: true });
    importFrom(`${base}/pack.json`);
    await screen.findByText('Install “Test pack”, version 1.0.0?');
    expect(first.releaseOrigin).not.toHaveBeenCalled();
    cleanup();

    await updateSubscriptions(() => [
      { url: `${base}/other.json`, schedule: 'daily', autoApply: false, failures: 0 },
    ]);
    const second = renderPanel();
    importFrom(`${base}/pack.json`);
    await screen.findByText('Install “Test pack”, version 1.0.0?');
    expect(second.releaseOrigin).not.toHaveBeenCalled();
  });

  it.each([
    [
      'an address that is not https',
      'http://packs.example.org/pack.json',
      {},
      /^Packs are fetched only from https addresses/,
    ],
    [
      'a 404',
      '/pack.json',
      { status: 404 },
      /^Could not import from 127\.0\.0\.1:\d+: the server answered 404\. Nothing was installed\.$/,
    ],
    [
      'an HTML page',
      '/pack.json',
      { pack: '<html></html>', type: 'text/html' },
      /the server sent text\/html, not a pack\. Nothing was installed\.$/,
    ],
    [
      'a body announced over the size cap',
      '/pack.json',
      { pack: '', length: LIMITS.maxPackBytes + 1 },
      /the server announces \d+ bytes; the cap is \d+\. Nothing was installed\.$/,
    ],
  ])('says why it refuses %s, with nothing installed', async (_, address, answer, message) => {
    served = answer;
    const { requestOrigin } = renderPanel();
    importFrom(address.startsWith('/') ? base + address : address);
    expect(await screen.findByText(message)).toBeTruthy();
    if (!address.startsWith('/')) expect(requestOrigin).not.toHaveBeenCalled();
    expect(await listPacks(db)).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Install' })).toBeNull();
  });

  it('refuses a pack whose signature does not match its bytes, and one the browser may not reach', async () => {
    const text = JSON.stringify(makePack(), null, 2);
    const signature = encodeSignatureFile(await signPack(encode(text), await generateKeyPair()));
    served = { pack: text.replace('Fact 0', 'Fact zero'), signature };
    renderPanel();
    importFrom(`${base}/pack.json`);
    expect(
      await screen.findByText(
        `${base}/pack.json is not a valid pack. Nothing was installed. Problems found:`,
      ),
    ).toBeTruthy();
    expect(screen.getByText(/signature/)).toBeTruthy();
    expect(await listPacks(db)).toEqual([]);
    cleanup();

    requests = [];
    renderPanel({ granted: false });
    importFrom(`${base}/pack.json`);
    expect(
      await screen.findByText(
        `The browser did not allow Repères to reach ${new URL(base).host}: nothing was fetched.`,
      ),
    ).toBeTruthy();
    expect(requests).toEqual([]);
  });
});
