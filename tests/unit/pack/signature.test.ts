/**
 * Signed packs (issue 16): a detached Ed25519 signature over the pack file's
 * exact bytes, checked with WebCrypto as the extension checks it; the
 * key-change rule for updates; and the default pack, signed by the project.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyChange } from '@/lib/pack/key-change';
import {
  encodeSignatureFile,
  fingerprint,
  generateKeyPair,
  readKeyFile,
  readPublicKeyFile,
  readSignatureFile,
  encodeKeyFile,
  encodePublicKeyFile,
  shortFingerprint,
  signPack,
  SignatureError,
  verifyPack,
} from '@/lib/pack/signature';

const bytes = (text: string) => new TextEncoder().encode(text);
const PACK = '{\n  "format": "reperes-pack",\n  "id": "demo"\n}\n';

describe('a pack signature', () => {
  it('holds for the exact bytes signed, and for no byte more, less or changed', async () => {
    const pair = await generateKeyPair();
    const signature = await signPack(bytes(PACK), pair);
    expect((await verifyPack(bytes(PACK), signature)).ok).toBe(true);
    // The same JSON, other bytes: a line end, a byte-order mark, a space, key order.
    for (const other of [
      PACK.replace(/\n/g, '\r\n'),
      `\uFEFF${PACK}`,
      PACK.replace('"demo"', '"demo" '),
      PACK.trimEnd(),
      '{\n  "id": "demo",\n  "format": "reperes-pack"\n}\n',
    ]) {
      const checked = await verifyPack(bytes(other), signature);
      expect(checked).toMatchObject({ ok: false, problem: 'mismatch' });
    }
    const flipped = bytes(PACK);
    flipped[3]! ^= 1;
    expect((await verifyPack(flipped, signature)).ok).toBe(false);
  });

  it('names its signer by fingerprint, and can be held to an expected key', async () => {
    const [pair, other] = [await generateKeyPair(), await generateKeyPair()];
    const signature = await signPack(bytes(PACK), pair);
    const checked = await verifyPack(bytes(PACK), signature, pair.publicKey);
    expect(checked).toMatchObject({ ok: true, fingerprint: await fingerprint(pair.publicKey) });
    const wrongKey = await verifyPack(bytes(PACK), signature, other.publicKey);
    expect(wrongKey.ok).toBe(false);
    expect(!wrongKey.ok && wrongKey.reason).toMatch(
      /^signed by key [0-9a-f ]{39}, not by the expected key/,
    );
    expect(shortFingerprint(await fingerprint(pair.publicKey))).toMatch(
      /^([0-9a-f]{4} ){7}[0-9a-f]{4}$/,
    );
  });

  it('survives its own files: written, read back, and checked', async () => {
    const pair = await generateKeyPair();
    const keyFile = readKeyFile(encodeKeyFile(pair));
    expect(readPublicKeyFile(encodePublicKeyFile(pair.publicKey))).toEqual(pair.publicKey);
    const signature = readSignatureFile(encodeSignatureFile(await signPack(bytes(PACK), keyFile)));
    expect((await verifyPack(bytes(PACK), signature, pair.publicKey)).ok).toBe(true);
  });

  it('refuses malformed signature and key files with a reason, never a crash', async () => {
    const good = JSON.parse(
      new TextDecoder().decode(
        encodeSignatureFile(await signPack(bytes(PACK), await generateKeyPair())),
      ),
    ) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      ['not json', /is not JSON/],
      ['[]', /not a JSON object/],
      [JSON.stringify({ ...good, format: 'other' }), /not a "reperes-signature" file/],
      [JSON.stringify({ ...good, version: 2 }), /unknown version/],
      [JSON.stringify({ ...good, algorithm: 'RSA' }), /not Ed25519/],
      [JSON.stringify({ ...good, signature: 'AAAA' }), /has 3 bytes, not 64/],
      [JSON.stringify({ ...good, publicKey: '%%%' }), /not base64/],
      [JSON.stringify({ ...good, padding: 'x'.repeat(5000) }), /too large/],
    ];
    for (const [text, reason] of cases) {
      expect(() => readSignatureFile(bytes(text)), text.slice(0, 30)).toThrow(reason);
      expect(() => readSignatureFile(bytes(text))).toThrow(SignatureError);
    }
    // A public key of the right size that is no curve point is refused by the check, not thrown.
    const bogus = { signature: new Uint8Array(64), publicKey: new Uint8Array(32).fill(255) };
    expect((await verifyPack(bytes(PACK), bogus)).ok).toBe(false);
  });

  it('will not sign with a key file whose halves do not belong together', async () => {
    const [pair, other] = [await generateKeyPair(), await generateKeyPair()];
    await expect(signPack(bytes(PACK), { ...pair, publicKey: other.publicKey })).rejects.toThrow(
      "the key file's public key does not match its private key",
    );
  });
});

describe('an update and its signer', () => {
  it('keeps a signed pack to its key, unless the reader accepts the new one', () => {
    expect(keyChange('aaaa', 'aaaa')).toEqual({ ok: true });
    expect(keyChange('aaaa', 'bbbb')).toEqual({
      ok: false,
      reason: 'key-changed',
      installed: 'aaaa',
      update: 'bbbb',
    });
    expect(keyChange('aaaa', 'bbbb', 'bbbb')).toEqual({ ok: true });
    // Accepting one key is not accepting another.
    expect(keyChange('aaaa', 'bbbb', 'cccc').ok).toBe(false);
  });

  it('refuses an update that drops the signature, unless accepted as such', () => {
    expect(keyChange('aaaa', null)).toEqual({
      ok: false,
      reason: 'signature-removed',
      installed: 'aaaa',
    });
    expect(keyChange('aaaa', null, null)).toEqual({ ok: true });
  });

  it('judges a pack never signed, or not installed, on its content alone', () => {
    expect(keyChange(null, null)).toEqual({ ok: true });
    expect(keyChange(null, 'bbbb')).toEqual({ ok: true });
    expect(keyChange(undefined, 'bbbb')).toEqual({ ok: true });
  });
});

describe('the default pack', () => {
  it('ships signed by the project key in the repository', async () => {
    const pack = readFileSync('data/default-pack.json');
    const signature = readSignatureFile(readFileSync('data/default-pack.json.sig'));
    const projectKey = readPublicKeyFile(readFileSync('data/reperes-pack-key.pub'));
    const checked = await verifyPack(pack, signature, projectKey);
    // Edited without signing again? See README, "Signing a release".
    expect(checked).toMatchObject({ ok: true });
  });
});
