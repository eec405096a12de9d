/**
 * Signed packs in the store (issue 16): a signature is checked before
 * anything is planned, the signer is kept with the pack, and an update by
 * another key (or none) waits for the reader's explicit yes.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, ImportRefusedError, planImport, syncBundledPack } from '@/lib/store/packs';
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

describe('the bundled pack', () => {
  const pack = readFileSync('data/default-pack.json', 'utf8');
  const signature = readFileSync('data/default-pack.json.sig');
  const projectKey = readPublicKeyFile(readFileSync('data/reperes-pack-key.pub'));

  it('installs signed by the project key built into the extension', async () => {
    expect(await syncBundledPack(db, pack, { signature, key: projectKey })).toBe('install');
    const record = (await db.packs.toArray())[0]!;
    expect(record.signer?.fingerprint).toBe(await fingerprint(projectKey));
  });

  it('is not installed when signed by any other key', async () => {
    const other = (await generateKeyPair()).publicKey;
    expect(await syncBundledPack(db, pack, { signature, key: other })).toBe('invalid');
    expect(await db.packs.count()).toBe(0);
  });
});
