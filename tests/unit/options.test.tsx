import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Options } from '@/entrypoints/options/Options';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, listPacks, planImport } from '@/lib/store/packs';
import type { Pack } from '@/lib/pack/types';
import {
  encodeSignatureFile,
  fingerprint,
  generateKeyPair,
  shortFingerprint,
  signPack,
  type KeyPair,
} from '@/lib/pack/signature';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MATCHER_STAMP_KEY } from '@/lib/matcher-storage';
import { makePack } from './support/packs';
import { useLocale } from './support/fake-i18n';

let db: ReperesDatabase;
let notify: ReturnType<typeof vi.fn<() => Promise<unknown>>>;
let dbCount = 0;

beforeEach(() => {
  db = new ReperesDatabase(`options-${++dbCount}`);
  notify = vi.fn(() => Promise.resolve());
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

const fileOf = (pack: Pack | string, name = 'pack.json') =>
  new File([typeof pack === 'string' ? pack : JSON.stringify(pack)], name, {
    type: 'application/json',
  });

async function install(pack: Pack) {
  const result = await planImport(db, JSON.stringify(pack));
  if (!result.ok) throw new Error('invalid test pack');
  await applyImport(db, result.plan);
}

/** A drag event carrying files, as the browser dispatches it; returns whether it was not cancelled. */
function dragFiles(target: Element, type: 'dragover' | 'drop', files: File[]): boolean {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files } });
  let result = true;
  void act(() => {
    result = target.dispatchEvent(event);
  });
  return result;
}

function chooseFile(file: File) {
  const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
  fireEvent.change(input, { target: { files: [file] } });
}

describe('the options page', () => {
  it('lists installed packs with their counts', async () => {
    await install(makePack({ entities: 4, factsPerEntity: 3 }));
    render(<Options db={db} notifyPacksChanged={notify} />);
    const row = await screen.findByRole('row', { name: /Test pack/ });
    expect(within(row).getByText('test-pack')).toBeTruthy();
    expect(within(row).getByText('1.0.0')).toBeTruthy();
    expect(within(row).getByText('4')).toBeTruthy();
    expect(within(row).getByText('12')).toBeTruthy();
  });

  it('imports a chosen file after showing what it installs', async () => {
    render(<Options db={db} notifyPacksChanged={notify} />);
    await screen.findByText('No fact pack is installed yet.');
    chooseFile(fileOf(makePack()));
    expect(await screen.findByText('Install “Test pack”, version 1.0.0?')).toBeTruthy();
    expect(await listPacks(db)).toEqual([]); // nothing written before the reader agrees
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect(
      await screen.findByText('“Test pack” version 1.0.0 is installed: 3 entities, 6 facts.'),
    ).toBeTruthy();
    expect(await screen.findByRole('row', { name: /Test pack/ })).toBeTruthy();
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('follows the packs the background writes while it is open, and stops listening once closed', async () => {
    const view = render(<Options db={db} notifyPacksChanged={notify} />);
    await screen.findByText('No fact pack is installed yet.');
    const pair = await generateKeyPair();
    /** As the background writes a pack: signed, then a new matcher index published. */
    async function backgroundWrites(version: string) {
      const text = JSON.stringify(makePack({ version }), null, 2);
      const signature = encodeSignatureFile(await signPack(new TextEncoder().encode(text), pair));
      const result = await planImport(db, new TextEncoder().encode(text), { signature });
      if (!result.ok) throw new Error('invalid test pack');
      await applyImport(db, result.plan);
      await act(() => fakeBrowser.storage.local.set({ [MATCHER_STAMP_KEY]: `after-${version}` }));
    }

    // First run: the bundled pack, installed by the background.
    await backgroundWrites('1.0.0');
    const key = shortFingerprint(await fingerprint(pair.publicKey));
    const row = () => screen.findByRole('row', { name: /Test pack/ });
    expect(within(await row()).getByText('1.0.0')).toBeTruthy();
    expect(within(await row()).getByText(new RegExp(`Signed with key ${key}`))).toBeTruthy();

    // An update a subscription applied without asking: its version, and the way back.
    await backgroundWrites('1.1.0');
    expect(await within(await row()).findByText('1.1.0')).toBeTruthy();
    expect(
      within(await row()).getByRole('button', { name: /Restore version 1\.0\.0/ }),
    ).toBeTruthy();
    expect(notify).not.toHaveBeenCalled(); // followed the background, did not ask it to publish

    view.unmount();
    // Every panel's storage listener is gone with the page (the fake browser counts them).
    const changes = fakeBrowser.storage.onChanged as unknown as { hasListeners(): boolean };
    expect(changes.hasListeners()).toBe(false);
  });

  it('imports a file dropped anywhere on the page', async () => {
    render(<Options db={db} notifyPacksChanged={notify} />);
    const zone = (await screen.findByRole('heading', { name: 'Import a pack' })).parentElement!;
    // Far from the import panel: on the page's title.
    const title = screen.getByRole('heading', { level: 1 });
    expect(dragFiles(title, 'dragover', [])).toBe(false); // taken: the browser won't open it
    expect(zone.classList.contains('dragging')).toBe(true);
    dragFiles(title, 'drop', [fileOf(makePack())]);
    expect(await screen.findByText('Install “Test pack”, version 1.0.0?')).toBeTruthy();
    expect(zone.classList.contains('dragging')).toBe(false);
  });

  it('imports a file pasted anywhere outside a field, as if chosen', async () => {
    render(<Options db={db} notifyPacksChanged={notify} />);
    const title = await screen.findByRole('heading', { level: 1 });
    const event = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'clipboardData', {
      value: { files: [fileOf(makePack())], getData: () => '' },
    });
    let kept = true;
    void act(() => {
      kept = title.dispatchEvent(event);
    });
    expect(kept).toBe(false); // taken: nothing else reads this paste
    expect(await screen.findByText('Install “Test pack”, version 1.0.0?')).toBeTruthy();
  });

  it('shows every problem of an invalid file with its path, and installs nothing', async () => {
    const broken = makePack();
    broken.facts[1]!.source = 's9';
    render(<Options db={db} notifyPacksChanged={notify} />);
    chooseFile(fileOf(broken, 'broken.json'));
    expect(
      await screen.findByText(
        'broken.json is not a valid pack. Nothing was installed. Problems found:',
      ),
    ).toBeTruthy();
    expect(screen.getByText('facts[1].source: unknown source "s9"')).toBeTruthy();
    expect(await listPacks(db)).toEqual([]);
    expect(notify).not.toHaveBeenCalled();
  });

  it('explains problems in French to a French reader', async () => {
    useLocale('fr');
    render(<Options db={db} notifyPacksChanged={notify} />);
    chooseFile(fileOf('{"format": "reperes-pack"', 'cassé.json'));
    expect(await screen.findByText(/^cassé\.json n'est pas un pack valide/)).toBeTruthy();
  });

  it('shows what an update adds, changes and removes before applying it', async () => {
    await install(makePack({ entities: 3 }));
    const next = makePack({ version: '2.0.0', entities: 2 });
    next.facts[0]!.text.en = 'Corrected.';
    render(<Options db={db} notifyPacksChanged={notify} />);
    chooseFile(fileOf(next));
    expect(await screen.findByText('Update “Test pack” from version 1.0.0 to 2.0.0?')).toBeTruthy();
    expect(screen.getByText('Entities: 0 added, 0 changed, 1 removed.')).toBeTruthy();
    // e1's facts pointed at e2 (removed) and now at e0; e0-f0 was reworded.
    expect(screen.getByText(/^Facts: 0 added, \d+ changed, 2 removed\.$/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await screen.findByText(/version 2\.0\.0 is installed/);
    expect((await listPacks(db))[0]?.counts.entities).toBe(2);
  });

  it('asks before going back to an older version', async () => {
    await install(makePack({ version: '2.0.0' }));
    render(<Options db={db} notifyPacksChanged={notify} />);
    chooseFile(fileOf(makePack({ version: '1.0.0' })));
    expect(
      await screen.findByText(
        'Version 2.0.0 of “Test pack” is installed; this file is the older version 1.0.0. Go back to it?',
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect((await listPacks(db))[0]?.version).toBe('2.0.0');
  });

  it('removes a pack only once the reader confirms', async () => {
    await install(makePack());
    render(<Options db={db} notifyPacksChanged={notify} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Test pack' }));
    expect(screen.getByText('Remove “Test pack” and its 6 facts?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await listPacks(db)).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Remove Test pack' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('“Test pack” was removed.')).toBeTruthy();
    expect(await listPacks(db)).toEqual([]);
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('shows pack text as text, never as markup', async () => {
    const pack = makePack();
    pack.title = '<img src=x onerror="window.hacked=1">Evil';
    await install(pack);
    render(<Options db={db} notifyPacksChanged={notify} />);
    expect(await screen.findByText('<img src=x onerror="window.hacked=1">Evil')).toBeTruthy();
    expect(document.querySelector('img[src=x]')).toBeNull();
  });

  it('imports a pack chosen with its signature, shows its signer, and keeps an update to that key', async () => {
    const [publisher, impostor] = [await generateKeyPair(), await generateKeyPair()];
    const signedFiles = async (version: string, pair: KeyPair) => {
      const text = JSON.stringify({ ...makePack({ version }), publisher: 'Example Press' });
      const signature = encodeSignatureFile(await signPack(new TextEncoder().encode(text), pair));
      return [fileOf(text, 'pack.json'), new File([signature], 'pack.json.sig')];
    };
    const key = shortFingerprint(await fingerprint(publisher.publicKey));
    render(<Options db={db} notifyPacksChanged={notify} />);
    await screen.findByText('No fact pack is installed yet.');
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    fireEvent.change(input, { target: { files: await signedFiles('1.0.0', publisher) } });
    expect(
      await screen.findByText(`Signed with key ${key} · says it is from Example Press`),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    const row = await screen.findByRole('row', { name: /Test pack/ });
    expect(
      within(row).getByText(`Signed with key ${key} · says it is from Example Press`),
    ).toBeTruthy();

    // An update signed by another key: explained, and applied only on the explicit button.
    fireEvent.change(input, { target: { files: await signedFiles('1.1.0', impostor) } });
    expect(
      await screen.findByText(
        /^This update is signed by another key \(.+\) than the installed version/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Update' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Trust the new key and update' }));
    await screen.findByText(/version 1\.1\.0 is installed/);
    expect((await listPacks(db))[0]!.signer?.fingerprint).toBe(
      await fingerprint(impostor.publicKey),
    );
  });

  it('records the signer of a pack chosen again, the same bytes, now with its signature', async () => {
    const pair = await generateKeyPair();
    const text = JSON.stringify(makePack(), null, 2);
    const signature = encodeSignatureFile(await signPack(new TextEncoder().encode(text), pair));
    const key = shortFingerprint(await fingerprint(pair.publicKey));
    await install(JSON.parse(text) as Pack);
    render(<Options db={db} notifyPacksChanged={notify} />);
    expect(
      within(await screen.findByRole('row', { name: /Test pack/ })).getByText('Not signed'),
    ).toBeTruthy();

    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    const files = [fileOf(text), new File([signature], 'pack.json.sig')];
    fireEvent.change(input, { target: { files } });
    expect(
      await screen.findByText(
        '“Test pack” version 1.0.0 is installed with the same content, without this signature. Record who signed it?',
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Record the signature' }));
    expect(
      await screen.findByText(`The signature of “Test pack” is recorded: key ${key}.`),
    ).toBeTruthy();
    const row = await screen.findByRole('row', { name: /Test pack/ });
    expect(within(row).getByText(`Signed with key ${key}`)).toBeTruthy();
    expect(notify).toHaveBeenCalledTimes(1);

    // The same bytes once more without the .sig: nothing to do, and no warning of a lost signature.
    fireEvent.change(input, { target: { files: [fileOf(text)] } });
    expect(await screen.findByText(/is already installed, with the same content/)).toBeTruthy();
    expect(document.querySelector('.key-change')).toBeNull();
    expect(screen.queryByRole('button', { name: /Update without a signature/ })).toBeNull();
  });

  it('refuses a pack whose signature does not match it, and installs nothing', async () => {
    const pair = await generateKeyPair();
    const signature = encodeSignatureFile(
      await signPack(new TextEncoder().encode(JSON.stringify(makePack())), pair),
    );
    render(<Options db={db} notifyPacksChanged={notify} />);
    await screen.findByText('No fact pack is installed yet.');
    const tampered = JSON.stringify(makePack({ version: '1.0.1' }));
    fireEvent.change(document.querySelector<HTMLInputElement>('input[type=file]')!, {
      target: { files: [fileOf(tampered), new File([signature], 'pack.json.sig')] },
    });
    expect(await screen.findByText(/the signature does not match this pack/)).toBeTruthy();
    expect(await listPacks(db)).toEqual([]);
  });

  it('restores the version an update replaced, from its row', async () => {
    await install(makePack());
    await install(makePack({ version: '1.1.0' }));
    render(<Options db={db} notifyPacksChanged={notify} />);
    const row = await screen.findByRole('row', { name: /Test pack/ });
    expect(within(row).getByText('1.1.0')).toBeTruthy();
    fireEvent.click(
      within(row).getByRole('button', { name: 'Restore version 1.0.0 of “Test pack”' }),
    );
    expect(await screen.findByText('“Test pack” is back to version 1.0.0.')).toBeTruthy();
    expect((await listPacks(db))[0]!.version).toBe('1.0.0');
    expect(notify).toHaveBeenCalled();
    // And the restore can be undone from the same place.
    expect(
      await screen.findByRole('button', { name: 'Restore version 1.1.0 of “Test pack”' }),
    ).toBeTruthy();
  });
});
