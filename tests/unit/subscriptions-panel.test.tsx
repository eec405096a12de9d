/**
 * The options page's subscriptions (issue 16): the permission is asked for
 * the pack's one origin at the click, a refusal subscribes nothing, and an
 * update found is applied only after the same review as a chosen file.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscriptionsPanel } from '@/entrypoints/options/SubscriptionsPanel';
import { ReperesDatabase } from '@/lib/store/db';
import { listPacks } from '@/lib/store/packs';
import { getSubscriptions, updateSubscriptions } from '@/lib/subscriptions';
import { makePack } from './support/packs';

let db: ReperesDatabase;
let dbCount = 0;
beforeEach(() => {
  db = new ReperesDatabase(`subscriptions-panel-${++dbCount}`);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const URL_ = 'https://packs.example.org/ai.json';

function renderPanel(granted: boolean) {
  const requestOrigin = vi.fn(() => Promise.resolve(granted));
  const checkNow = vi.fn(() => Promise.resolve([]));
  const onImported = vi.fn(() => Promise.resolve());
  render(
    <SubscriptionsPanel
      db={db}
      packs={[]}
      onImported={onImported}
      checkNow={checkNow}
      requestOrigin={requestOrigin}
    />,
  );
  return { requestOrigin, checkNow, onImported };
}

function paste(url: string) {
  fireEvent.input(screen.getByRole('textbox', { name: 'Pack address' }), {
    target: { value: url },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Subscribe' }));
}

describe('subscribing on the options page', () => {
  it('asks for the pack’s one origin, then subscribes and checks at once', async () => {
    const { requestOrigin, checkNow } = renderPanel(true);
    paste(URL_);
    expect(requestOrigin).toHaveBeenCalledWith('https://packs.example.org/*');
    expect(await screen.findByText('Subscribed to packs.example.org. Checking now…')).toBeTruthy();
    expect((await getSubscriptions()).map((s) => s.url)).toEqual([URL_]);
    expect(checkNow).toHaveBeenCalledWith(URL_);
  });

  it('subscribes to nothing when the browser refuses the permission', async () => {
    const { checkNow } = renderPanel(false);
    paste(URL_);
    expect(
      await screen.findByText(
        'The browser did not allow Repères to reach packs.example.org: not subscribed.',
      ),
    ).toBeTruthy();
    expect(await getSubscriptions()).toEqual([]);
    expect(checkNow).not.toHaveBeenCalled();
  });

  it('refuses an address that is not https, without asking the browser', async () => {
    const { requestOrigin } = renderPanel(true);
    paste('http://packs.example.org/ai.json');
    expect(await screen.findByText('Updates come only from https addresses.')).toBeTruthy();
    expect(requestOrigin).not.toHaveBeenCalled();
  });

  it('shows an update found with the same review as a chosen file, and applies it on the reader’s word', async () => {
    const pack = JSON.stringify(makePack({ version: '1.2.0' }));
    await db.meta.put({
      key: `pendingUpdate:${URL_}`,
      value: { url: URL_, bytes: new TextEncoder().encode(pack), fetchedAt: 1 },
    });
    await updateSubscriptions(() => [
      {
        url: URL_,
        schedule: 'daily',
        autoApply: false,
        failures: 0,
        status: { kind: 'update-found', at: 1, version: '1.2.0' },
      },
    ]);
    const { onImported } = renderPanel(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Review version 1.2.0' }));
    expect(await screen.findByText('Install “Test pack”, version 1.2.0?')).toBeTruthy();
    expect(await listPacks(db)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect(await screen.findByText(/version 1\.2\.0 is installed/)).toBeTruthy();
    expect((await listPacks(db))[0]!.version).toBe('1.2.0');
    expect(onImported).toHaveBeenCalled();
    expect((await getSubscriptions())[0]!.status).toMatchObject({
      kind: 'applied',
      version: '1.2.0',
    });
    expect(await db.meta.get(`pendingUpdate:${URL_}`)).toBeUndefined();
  });

  it('unsubscribes, and gives the origin back when no other subscription needs it', async () => {
    await updateSubscriptions(() => [
      { url: URL_, schedule: 'daily', autoApply: false, failures: 0 },
      {
        url: 'https://packs.example.org/other.json',
        schedule: 'daily',
        autoApply: false,
        failures: 0,
      },
    ]);
    const releaseOrigin = vi.fn(() => Promise.resolve(true));
    render(
      <SubscriptionsPanel
        db={db}
        packs={[]}
        onImported={() => Promise.resolve()}
        checkNow={() => Promise.resolve([])}
        requestOrigin={() => Promise.resolve(true)}
        releaseOrigin={releaseOrigin}
      />,
    );
    const [first] = await screen.findAllByRole('button', { name: 'Unsubscribe' });
    fireEvent.click(first!);
    await vi.waitFor(async () => expect(await getSubscriptions()).toHaveLength(1));
    expect(releaseOrigin).not.toHaveBeenCalled(); // the other one still needs packs.example.org
    fireEvent.click(await screen.findByRole('button', { name: 'Unsubscribe' }));
    await vi.waitFor(async () => expect(await getSubscriptions()).toEqual([]));
    expect(releaseOrigin).toHaveBeenCalledWith('https://packs.example.org/*');
  });
});
