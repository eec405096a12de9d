/**
 * Signed packs in the store (issue 16): a signature is checked before
 * anything is planned, the signer is kept with the pack, and an update by
 * another key (or none) waits for the reader's explicit yes.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReperesDatabase } from '@/lib/store/db';
import {
  applyConfirmed,
  applyImport,
  bringsNewSigner,
  ImportRefusedError,
  planImport,
  previousVersions,
  StalePlanError,
  syncBundledPack,
} from '@/lib/store/packs';
import {
  encodeSignatureFile,
  fingerprint,
  generateKeyPair,
  readPublicKeyFile,
  signPack,
  type KeyPair,
} from '@/lib/pack/signature';
import { makePack } from '../support/packs';

let db: ReperesDatabase;
let dbCount = 0;
beforeEach(() => {
  db = new ReperesDatabase(`signed-${++dbCount}`);
});
afterEach(() => db.delete());

const encode = (text: string) => new TextEncoder().encode(text);

async function signed(version: string, pair: KeyPair) {
  const text = JSON.stringify(makePack({ version }), null, 2);
  return { text, signature: encodeSignatureFile(await signPack(encode(text), pair)) };
}

async function plan(text: string, signature?: Uint8Array) {
  const result = await planImport(db, encode(text), signature && { signature });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

describe('a signed pack in the store', () => {
  it('is installed with its signer, checked', async () => {
    const pair = await generateKeyPair();
    const { text, signature } = await signed('1.0.0', pair);
    const planned = await plan(text, signature);
    expect(planned.signer?.fingerprint).toBe(await fingerprint(pair.publicKey));
    await applyImport(db, planned);
    expect((await db.packs.get('test-pack'))?.signer?.fingerprint).toBe(
      await fingerprint(pair.publicKey),
    );
  });

  it('is refused, with its reason and nothing written, when its bytes are not what was signed', async () => {
    const { text, signature } = await signed('1.0.0', await generateKeyPair());
    const result = await planImport(db, encode(text.replace('1.0.0', '1.0.1')), { signature });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: '', code: 'bad-signature', params: { problem: 'mismatch' } }],
    });
    const garbage = await planImport(db, encode(text), { signature: encode('{"format":"x"}') });
    expect(garbage).toMatchObject({ ok: false, errors: [{ params: { problem: 'malformed' } }] });
    expect(await db.packs.count()).toBe(0);
  });

  it('keeps an update to its key: another key, or none, waits for the reader’s yes', async () => {
    const [first, impostor] = [await generateKeyPair(), await generateKeyPair()];
    const v1 = await signed('1.0.0', first);
    await applyImport(db, await plan(v1.text, v1.signature));

    const byImpostor = await signed('1.1.0', impostor);
    const refused = await plan(byImpostor.text, byImpostor.signature);
    expect(refused.keyChange).toMatchObject({ ok: false, reason: 'key-changed' });
    await expect(applyImport(db, refused)).rejects.toThrow(ImportRefusedError);
    expect((await db.packs.get('test-pack'))?.version).toBe('1.0.0');

    const unsigned = await plan(JSON.stringify(makePack({ version: '1.2.0' })));
    expect(unsigned.keyChange).toMatchObject({ ok: false, reason: 'signature-removed' });

    // Same key: fine. Another key, accepted: the new key stands from then on.
    const v11 = await signed('1.1.0', first);
    expect((await plan(v11.text, v11.signature)).keyChange.ok).toBe(true);
    await applyImport(db, refused, { acceptSigner: true });
    expect((await db.packs.get('test-pack'))?.signer?.fingerprint).toBe(
      await fingerprint(impostor.publicKey),
    );
  });
});

describe('the same bytes again, now with a signature', () => {
  const signerOf = async () => (await db.packs.get('test-pack'))?.signer?.fingerprint;

  it('records the signer of a pack installed unsigned, and nothing else', async () => {
    const pair = await generateKeyPair();
    const { text, signature } = await signed('1.0.0', pair);
    await applyImport(db, await plan(text));
    const before = await db.packs.get('test-pack');
    const rows = await db.entities.where('packId').equals('test-pack').toArray();

    const again = await plan(text, signature);
    expect(again.kind).toBe('unchanged');
    expect(bringsNewSigner(again)).toBe(true);
    expect(again.keyChange.ok).toBe(true);
    expect(await applyImport(db, again)).toBe('written');
    expect(await signerOf()).toBe(await fingerprint(pair.publicKey));
    // The same pack otherwise: its rows, its dates, and no "previous version" to go back to.
    const after = await db.packs.get('test-pack');
    expect({ ...after, signer: undefined }).toEqual({ ...before, signer: undefined });
    expect(await db.entities.where('packId').equals('test-pack').toArray()).toEqual(rows);
    expect(await previousVersions(db)).toEqual(new Map());
    // Once recorded, the same signed bytes have nothing more to bring.
    expect(bringsNewSigner(await plan(text, signature))).toBe(false);
  });

  it('takes another key for the same bytes only as a key change the reader accepts', async () => {
    const [first, other] = [await generateKeyPair(), await generateKeyPair()];
    const v1 = await signed('1.0.0', first);
    await applyImport(db, await plan(v1.text, v1.signature));
    const byOther = encodeSignatureFile(await signPack(encode(v1.text), other));

    const refused = await plan(v1.text, byOther);
    expect(bringsNewSigner(refused)).toBe(true);
    expect(refused.keyChange).toMatchObject({ ok: false, reason: 'key-changed' });
    await expect(applyImport(db, refused)).rejects.toThrow(ImportRefusedError);
    expect(await signerOf()).toBe(await fingerprint(first.publicKey));

    // What the review's "Trust the new key" does.
    expect(await applyConfirmed(db, refused)).toBe('written');
    expect(await signerOf()).toBe(await fingerprint(other.publicKey));
  });

  it('keeps the signer when the same bytes come unsigned: nothing to do, nothing to warn of', async () => {
    const pair = await generateKeyPair();
    const { text, signature } = await signed('1.0.0', pair);
    await applyImport(db, await plan(text, signature));
    const unsigned = await plan(text);
    expect(unsigned.kind).toBe('unchanged');
    expect(bringsNewSigner(unsigned)).toBe(false);
    expect(unsigned.keyChange.ok).toBe(true);
    expect(await applyImport(db, unsigned)).toBe('unchanged');
    expect(await signerOf()).toBe(await fingerprint(pair.publicKey));
  });

  it('refuses a plan made before the installed pack got its signer: its key-change verdict no longer holds', async () => {
    const [first, other] = [await generateKeyPair(), await generateKeyPair()];
    const { text, signature } = await signed('1.0.0', first);
    await applyImport(db, await plan(text));
    // Planned while the pack is unsigned: neither is a key change then.
    const sameByOther = await plan(text, encodeSignatureFile(await signPack(encode(text), other)));
    const update = await signed('1.1.0', other);
    const updateByOther = await plan(update.text, update.signature);
    expect([sameByOther.keyChange.ok, updateByOther.keyChange.ok]).toEqual([true, true]);

    // Meanwhile, another context records `first` as the signer.
    await applyImport(db, await plan(text, signature));
    await expect(applyImport(db, sameByOther)).rejects.toThrow(StalePlanError);
    await expect(applyImport(db, updateByOther)).rejects.toThrow(StalePlanError);
    expect(await db.packs.get('test-pack')).toMatchObject({ version: '1.0.0' });
    expect(await signerOf()).toBe(await fingerprint(first.publicKey));
  });
});

describe('the bundled pack', () => {
  const pack = readFileSync('data/default-pack.json', 'utf8');
  const signature = readFileSync('data/default-pack.json.sig');
  const projectKey = readPublicKeyFile(readFileSync('data/reperes-pack-key.pub'));

  it('installs signed by the project key built into the extension', async () => {
    expect(await syncBundledPack(db, pack, { signature, key: projectKey })).toBe('install');
    const record = (await db.packs.toArray())[0]!;
    expect(record.signer?.fingerprint).toBe(await fingerprint(projectKey));
  });

  it('gets the project signature recorded when the same pack was installed unsigned', async () => {
    const unsigned = await planImport(db, pack);
    if (!unsigned.ok) throw new Error('invalid bundled pack');
    await applyImport(db, unsigned.plan, { bundled: true });
    expect(await syncBundledPack(db, pack, { signature, key: projectKey })).toBe('unchanged');
    expect((await db.packs.toArray())[0]!.signer?.fingerprint).toBe(await fingerprint(projectKey));
  });

  it('is not installed when signed by any other key', async () => {
    const other = (await generateKeyPair()).publicKey;
    expect(await syncBundledPack(db, pack, { signature, key: other })).toBe('invalid');
    expect(await db.packs.count()).toBe(0);
  });
});
