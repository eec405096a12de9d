// @vitest-environment node
/**
 * Subscriptions (issue 16): their stored state, and one check against a real
 * pack server on 127.0.0.1 started by the test. Each check leaves a status;
 * whatever fails, the installed pack is untouched.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeSignatureFile, generateKeyPair, signPack, type KeyPair } from '@/lib/pack/signature';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, planImport } from '@/lib/store/packs';
import { checkSubscription, isDue, pendingUpdate, runChecks } from '@/lib/subscription-check';
import {
  getSubscriptions,
  parseSubscriptions,
  updateSubscriptions,
  type Subscription,
} from '@/lib/subscriptions';
import { makePack } from './support/packs';

/** What the server serves, set by each test. */
let served: { pack?: string; signature?: Uint8Array; status?: number; etag?: string } = {};
let requests = 0;
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    const path = new URL(request.url!, 'http://x').pathname;
    if (served.status) {
      response.writeHead(served.status);
      response.end();
    } else if (path === '/pack.json' && served.pack !== undefined) {
      if (served.etag && request.headers['if-none-match'] === served.etag) {
        response.writeHead(304);
        response.end();
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(served.etag && { etag: served.etag }),
      });
      response.end(served.pack);
    } else if (path === '/pack.json.sig' && served.signature) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(Buffer.from(served.signature));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((done) => server.close(done)));

let db: ReperesDatabase;
let dbCount = 0;
beforeEach(() => {
  db = new ReperesDatabase(`subscriptions-${++dbCount}`);
  served = {};
  requests = 0;
});
afterEach(() => db.delete());

async function serve(version: string, pair?: KeyPair, etag?: string) {
  const text = JSON.stringify(makePack({ version }));
  const signature =
    pair && encodeSignatureFile(await signPack(new TextEncoder().encode(text), pair));
  served = { pack: text, signature, etag };
}

const subscription = (extra: Partial<Subscription> = {}): Subscription => ({
  url: `${base}/pack.json`,
  schedule: 'daily',
  autoApply: false,
  failures: 0,
  ...extra,
});
const allowed = { now: 1_000, mayReach: () => Promise.resolve(true) };
const installedVersion = async () => (await db.packs.get('test-pack'))?.version;

describe('a subscription check', () => {
  it('finds an update and keeps it for the preview, with the validators of the answer', async () => {
    await serve('1.0.0', undefined, '"v1"');
    const { subscription: after, applied } = await checkSubscription(db, subscription(), allowed);
    expect(applied).toBe(false);
    expect(after).toMatchObject({
      packId: 'test-pack',
      etag: '"v1"',
      lastCheck: 1_000,
      failures: 0,
      status: { kind: 'update-found', version: '1.0.0' },
    });
    expect(await installedVersion()).toBeUndefined(); // nothing written before the reader agrees
    expect((await pendingUpdate(db, after.url))?.bytes.byteLength).toBeGreaterThan(0);

    // Asked again with its validators: 304, up to date.
    const again = await checkSubscription(db, after, { ...allowed, now: 2_000 });
    expect(again.subscription.status).toEqual({ kind: 'up-to-date', at: 2_000 });
  });

  it('applies a signed update at once when the reader chose so, but never one by another key', async () => {
    const [publisher, impostor] = [await generateKeyPair(), await generateKeyPair()];
    await serve('1.0.0', publisher);
    const first = await checkSubscription(db, subscription({ autoApply: true }), allowed);
    expect(first).toMatchObject({ applied: true, subscription: { status: { kind: 'applied' } } });
    expect(await installedVersion()).toBe('1.0.0');

    await serve('1.1.0', impostor);
    const second = await checkSubscription(db, first.subscription, allowed);
    expect(second).toMatchObject({
      applied: false,
      subscription: { status: { kind: 'update-found', version: '1.1.0' } },
    });
    expect(await installedVersion()).toBe('1.0.0');
  });

  it('records the signer of the installed version served again signed, asking first unless told not to', async () => {
    const publisher = await generateKeyPair();
    await serve('1.0.0');
    await checkSubscription(db, subscription({ autoApply: true }), allowed);
    expect((await db.packs.get('test-pack'))?.signer).toBeUndefined();

    await serve('1.0.0', publisher);
    const asked = await checkSubscription(db, subscription(), allowed);
    expect(asked).toMatchObject({
      applied: false,
      subscription: { status: { kind: 'update-found', version: '1.0.0' } },
    });
    expect((await db.packs.get('test-pack'))?.signer).toBeUndefined();

    const told = await checkSubscription(db, subscription({ autoApply: true }), allowed);
    expect(told).toMatchObject({ applied: true, subscription: { status: { kind: 'applied' } } });
    expect((await db.packs.get('test-pack'))?.signer?.publicKey).toBeTruthy();

    // Then it is up to date again.
    const again = await checkSubscription(db, told.subscription, allowed);
    expect(again.subscription.status).toMatchObject({ kind: 'up-to-date' });
  });

  it('leaves the installed pack untouched on a tampered signature, a server error or a body too big', async () => {
    const installed = await planImport(db, JSON.stringify(makePack()));
    if (!installed.ok) throw new Error('invalid test pack');
    await applyImport(db, installed.plan);
    const pair = await generateKeyPair();
    await serve('2.0.0', pair);
    served.pack = served.pack!.replace('2.0.0', '2.0.1'); // changed after signing
    const tampered = await checkSubscription(db, subscription(), allowed);
    expect(tampered.subscription).toMatchObject({ failures: 1, status: { kind: 'error' } });
    expect(
      tampered.subscription.status?.kind === 'error' && tampered.subscription.status.detail,
    ).toMatch(/signature does not match/);

    served = { status: 500 };
    const broken = await checkSubscription(db, tampered.subscription, allowed);
    expect(broken.subscription).toMatchObject({
      failures: 2,
      status: { kind: 'error', detail: 'the server answered 500' },
    });

    // Over the size cap: the download is cut, nothing is planned.
    served = {
      pack: JSON.stringify({
        ...makePack({ version: '3.0.0' }),
        padding: 'x'.repeat(40 * 1024 * 1024),
      }),
    };
    const huge = await checkSubscription(db, broken.subscription, allowed);
    expect(huge.subscription.status?.kind).toBe('error');
    expect(huge.subscription.status?.kind === 'error' && huge.subscription.status.detail).toMatch(
      /bytes/,
    );
    expect(await installedVersion()).toBe('1.0.0');
  }, 30_000);

  it('makes no request at all without the permission to reach the address', async () => {
    await serve('1.0.0');
    const denied = await checkSubscription(db, subscription(), {
      now: 1,
      mayReach: () => Promise.resolve(false),
    });
    expect(denied.subscription.status).toMatchObject({ kind: 'error' });
    expect(requests).toBe(0);
  });
});

describe('subscriptions as stored', () => {
  it('keep what is usable, one per address, and drop the rest', () => {
    const good = {
      url: 'https://packs.example/ai.json',
      schedule: 'off',
      autoApply: true,
      failures: 2,
    };
    expect(
      parseSubscriptions([
        good,
        { ...good, schedule: 'daily' }, // the same address again
        { url: 'http://packs.example/ai.json' }, // not https
        { url: 'https://packs.example/b.json', failures: -3, status: { kind: 'error', at: 5 } },
        'nonsense',
      ]),
    ).toEqual([
      { url: 'https://packs.example/ai.json', schedule: 'off', autoApply: true, failures: 2 },
      { url: 'https://packs.example/b.json', schedule: 'daily', autoApply: false, failures: 0 },
    ]);
    expect(parseSubscriptions({})).toEqual([]);
  });

  it('are due daily, sooner after a failure, never when off', () => {
    const HOUR = 3_600_000;
    expect(isDue(subscription(), 0)).toBe(true);
    expect(isDue(subscription({ lastCheck: 0 }), 23 * HOUR)).toBe(false);
    expect(isDue(subscription({ lastCheck: 0 }), 24 * HOUR)).toBe(true);
    expect(isDue(subscription({ lastCheck: 0, failures: 1 }), HOUR)).toBe(true);
    expect(isDue(subscription({ schedule: 'off' }), 0)).toBe(false);
  });

  it('are checked on schedule only when due, and each result is stored', async () => {
    await serve('1.0.0');
    await updateSubscriptions(() => [
      subscription(),
      subscription({ url: `${base}/other.json`, schedule: 'off' }),
    ]);
    const { subscriptions } = await runChecks(db, 'due', {
      mayReach: () => Promise.resolve(true),
      now: () => 5,
    });
    expect(subscriptions.map((s) => s.status?.kind)).toEqual(['update-found', undefined]);
    expect((await getSubscriptions())[0]!.lastCheck).toBe(5);
    expect(requests).toBe(2); // the pack and its (absent) signature, for the due one only
  });
});
