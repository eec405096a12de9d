// @vitest-environment node
/**
 * Fetching a pack's update (issue 16), against a real HTTP server on
 * 127.0.0.1 started by the test: conditional requests, the size cap on a
 * streamed body, timeouts, and every answer a pack server should not give.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPackUpdate, nextCheckAt } from '@/lib/pack/update-check';
import { updateUrlAllowed } from '@/lib/pack/update-url';

const PACK = JSON.stringify({ format: 'reperes-pack', id: 'demo', version: '1.0.0' });
const SIG = '{"format":"reperes-signature"}';
const ETAG = '"v1"';

type Route = (request: IncomingMessage, response: ServerResponse) => void;
const json =
  (body: string, headers: Record<string, string> = {}): Route =>
  (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json', ...headers });
    response.end(body);
  };
let endless = { closed: false, sent: 0 };
const routes: Record<string, Route> = {
  '/pack.json': (request, response) => {
    if (request.headers['if-none-match'] === ETAG) {
      response.writeHead(304);
      response.end();
      return;
    }
    json(PACK, { etag: ETAG, 'last-modified': 'Mon, 01 Dec 2025 10:00:00 GMT' })(request, response);
  },
  '/pack.json.sig': (_, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.end(SIG);
  },
  '/unsigned.json': json(PACK),
  '/announced-huge.json': (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '999999999' });
    response.write('{');
  },
  '/endless.json': (_, response) => {
    // No length announced: a body that never ends, unless the client stops reading.
    endless = { closed: false, sent: 0 };
    response.on('close', () => (endless.closed = true));
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = 'x'.repeat(64 * 1024);
    const pump = () => {
      while (!endless.closed && endless.sent < 50_000_000 && response.write(chunk))
        endless.sent += chunk.length;
      if (!endless.closed && endless.sent < 50_000_000) response.once('drain', pump);
    };
    pump();
  },
  '/page.json': (_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<html>Please log in</html>');
  },
  '/moved.json': (_, response) => {
    response.writeHead(302, { location: 'https://elsewhere.example/pack.json' });
    response.end();
  },
  '/broken.json': (_, response) => {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end('{}');
  },
  '/slow.json': () => undefined, // never answers
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[new URL(request.url!, 'http://x').pathname];
    if (route) return route(request, response);
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const fetchUpdate = (
  path: string,
  extra: { etag?: string; maxBytes?: number; timeoutMs?: number } = {},
) => fetchPackUpdate({ url: base + path, maxBytes: 1_000_000, timeoutMs: 3_000, ...extra });

describe('fetching a pack update', () => {
  it('brings the pack, its signature and the validators of a conditional request', async () => {
    const fetched = await fetchUpdate('/pack.json');
    expect(fetched).toMatchObject({
      kind: 'fetched',
      etag: ETAG,
      lastModified: 'Mon, 01 Dec 2025 10:00:00 GMT',
    });
    if (fetched.kind !== 'fetched') throw new Error('not fetched');
    expect(new TextDecoder().decode(fetched.bytes)).toBe(PACK);
    expect(new TextDecoder().decode(fetched.signature)).toBe(SIG);
  });

  it('asks with If-None-Match, and a 304 changes nothing', async () => {
    expect(await fetchUpdate('/pack.json', { etag: ETAG })).toEqual({ kind: 'not-modified' });
  });

  it('takes a pack without a signature beside it as unsigned', async () => {
    const fetched = await fetchUpdate('/unsigned.json');
    expect(fetched.kind).toBe('fetched');
    expect(fetched.kind === 'fetched' && fetched.signature).toBeUndefined();
  });

  it('refuses a body over the cap: at once when announced, by cutting the stream otherwise', async () => {
    expect(await fetchUpdate('/announced-huge.json')).toMatchObject({
      kind: 'failed',
      problem: 'too-large',
    });
    expect(await fetchUpdate('/endless.json')).toMatchObject({
      kind: 'failed',
      problem: 'too-large',
    });
    // The download was stopped, not read to its end.
    await new Promise((done) => setTimeout(done, 50));
    expect(endless.closed).toBe(true);
    expect(endless.sent).toBeLessThan(20_000_000);
  });

  it('refuses an HTML page, a redirect elsewhere and a server error, each with its reason', async () => {
    expect(await fetchUpdate('/page.json')).toMatchObject({
      kind: 'failed',
      problem: 'content-type',
    });
    expect(await fetchUpdate('/moved.json')).toMatchObject({ kind: 'failed', problem: 'redirect' });
    expect(await fetchUpdate('/broken.json')).toEqual({
      kind: 'failed',
      problem: 'status',
      detail: 'the server answered 500',
    });
    expect(await fetchUpdate('/missing.json')).toMatchObject({ kind: 'failed', problem: 'status' });
  });

  it('gives up on a server that does not answer in time', async () => {
    const started = Date.now();
    expect(await fetchUpdate('/slow.json', { timeoutMs: 300 })).toMatchObject({
      kind: 'failed',
      problem: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fetches only from https, or the loopback address', async () => {
    expect(updateUrlAllowed('https://packs.example/ai.json')).toBe(true);
    expect(updateUrlAllowed('http://127.0.0.1:8080/ai.json')).toBe(true);
    expect(updateUrlAllowed('http://packs.example/ai.json')).toBe(false);
    expect(updateUrlAllowed('https://user:secret@packs.example/ai.json')).toBe(false);
    expect(updateUrlAllowed('file:///etc/passwd')).toBe(false);
    expect(
      await fetchPackUpdate({ url: 'http://packs.example/a.json', maxBytes: 1, timeoutMs: 1 }),
    ).toMatchObject({
      kind: 'failed',
      problem: 'not-https',
    });
  });
});

describe('when to check again', () => {
  const HOUR = 3_600_000;
  it('is a day after a check that worked, and backs off after failures, never past a day', () => {
    expect(nextCheckAt(0, 0)).toBe(24 * HOUR);
    expect([1, 2, 3, 4, 5, 6, 9].map((failures) => nextCheckAt(0, failures) / HOUR)).toEqual([
      1, 2, 4, 8, 16, 24, 24,
    ]);
  });
});
