/**
 * Detached Ed25519 signatures of packs (issue 16), with WebCrypto only, so
 * that the `pack` tool in Node and the extension in both browsers check them
 * with the same code.
 *
 * - A signature covers the pack file's exact bytes: no parsing, no
 *   re-serialising, no normalising of line ends or a byte-order mark. A pack
 *   that differs by one byte from what was signed fails.
 * - `FILE.sig` is a small JSON document: the signature and the signer's
 *   public key (raw 32 bytes, base64). The public key is what a reader trusts;
 *   its fingerprint (SHA-256 of the raw key, hex) is how it is shown.
 * - A key file (`pack keygen`) holds the private key (PKCS #8, base64) and
 *   its public key; `KEY.pub` holds the public key alone.
 *
 * Everything read here is untrusted: a malformed file gets a clear reason
 * (readers throw SignatureError; verifyPack answers), never an exception
 * from deep inside WebCrypto.
 */

export const SIGNATURE_FORMAT = 'reperes-signature';
export const KEY_FORMAT = 'reperes-key';
export const PUBLIC_KEY_FORMAT = 'reperes-public-key';
const ALGORITHM = 'Ed25519';
const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
/** A signature or key file is a few hundred bytes; anything much larger is not one. */
export const MAX_SIGNATURE_FILE_BYTES = 4096;

export interface PackSignature {
  signature: Uint8Array;
  publicKey: Uint8Array;
}

export interface KeyPair {
  /** PKCS #8. */
  privateKey: Uint8Array;
  /** Raw, 32 bytes. */
  publicKey: Uint8Array;
}

/** Why a signature, key or check was refused, in a sentence. */
export class SignatureError extends Error {}

export type Checked =
  | { ok: true; fingerprint: string; publicKey: Uint8Array }
  | { ok: false; problem: 'mismatch' | 'bad-key' | 'wrong-key'; reason: string };

/** WebCrypto takes views of plain ArrayBuffers: a copy, whatever the input's buffer. */
const buffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};

function fromBase64(text: unknown, what: string, length?: number): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new SignatureError(`${what} is not base64`);
  }
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (length !== undefined && bytes.length !== length) {
    throw new SignatureError(`${what} has ${bytes.length} bytes, not ${length}`);
  }
  return bytes;
}

/** A JSON document of one of our formats, or a SignatureError saying what it is not. */
function readDocument(bytes: Uint8Array, format: string, what: string): Record<string, unknown> {
  if (bytes.length > MAX_SIGNATURE_FILE_BYTES) {
    throw new SignatureError(`${what} is ${bytes.length} bytes: too large to be one`);
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SignatureError(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SignatureError(`${what} is not a JSON object`);
  }
  const record = value as Record<string, unknown>;
  if (record.format !== format) throw new SignatureError(`${what} is not a "${format}" file`);
  if (record.version !== 1) throw new SignatureError(`${what} has an unknown version`);
  if (record.algorithm !== ALGORITHM) throw new SignatureError(`${what} is not ${ALGORITHM}`);
  return record;
}

const encode = (record: Record<string, unknown>) =>
  new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);

/** SHA-256 of the raw public key, lowercase hex: how a key is named to a reader. */
export async function fingerprint(publicKey: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer(publicKey)));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A fingerprint as printed for a reader: its first 16 bytes, in groups of four hex digits. */
export function shortFingerprint(hex: string): string {
  return (hex.slice(0, 32).match(/.{4}/g) ?? []).join(' ');
}

export async function generateKeyPair(): Promise<KeyPair> {
  const pair = await crypto.subtle.generateKey({ name: ALGORITHM }, true, ['sign', 'verify']);
  return {
    privateKey: new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
    publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)),
  };
}

export function encodeKeyFile(pair: KeyPair): Uint8Array<ArrayBuffer> {
  return encode({
    format: KEY_FORMAT,
    version: 1,
    algorithm: ALGORITHM,
    privateKey: toBase64(pair.privateKey),
    publicKey: toBase64(pair.publicKey),
  });
}

export function encodePublicKeyFile(publicKey: Uint8Array): Uint8Array<ArrayBuffer> {
  return encode({
    format: PUBLIC_KEY_FORMAT,
    version: 1,
    algorithm: ALGORITHM,
    publicKey: toBase64(publicKey),
  });
}

export function readKeyFile(bytes: Uint8Array): KeyPair {
  const record = readDocument(bytes, KEY_FORMAT, 'the key file');
  return {
    privateKey: fromBase64(record.privateKey, 'its private key'),
    publicKey: fromBase64(record.publicKey, 'its public key', PUBLIC_KEY_BYTES),
  };
}

export function readPublicKeyFile(bytes: Uint8Array): Uint8Array {
  const record = readDocument(bytes, PUBLIC_KEY_FORMAT, 'the public key file');
  return fromBase64(record.publicKey, 'its public key', PUBLIC_KEY_BYTES);
}

export function encodeSignatureFile(signature: PackSignature): Uint8Array<ArrayBuffer> {
  return encode({
    format: SIGNATURE_FORMAT,
    version: 1,
    algorithm: ALGORITHM,
    publicKey: toBase64(signature.publicKey),
    signature: toBase64(signature.signature),
  });
}

export function readSignatureFile(bytes: Uint8Array): PackSignature {
  const record = readDocument(bytes, SIGNATURE_FORMAT, 'the signature file');
  return {
    publicKey: fromBase64(record.publicKey, 'its public key', PUBLIC_KEY_BYTES),
    signature: fromBase64(record.signature, 'its signature', SIGNATURE_BYTES),
  };
}

/** Signs a pack's exact bytes with a key file's pair; the private key must match its public key. */
export async function signPack(bytes: Uint8Array, pair: KeyPair): Promise<PackSignature> {
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('pkcs8', buffer(pair.privateKey), ALGORITHM, false, [
      'sign',
    ]);
  } catch {
    throw new SignatureError('the key file holds no usable Ed25519 private key');
  }
  const signature = new Uint8Array(await crypto.subtle.sign(ALGORITHM, privateKey, buffer(bytes)));
  // A key file whose halves do not belong together would sign what no reader can check.
  const check = await verifyPack(bytes, { signature, publicKey: pair.publicKey });
  if (!check.ok)
    throw new SignatureError("the key file's public key does not match its private key");
  return { signature, publicKey: pair.publicKey };
}

/**
 * Whether `signature` was made over exactly `bytes` by the key it names
 * (and, given `expectedKey`, that this is the key).
 */
export async function verifyPack(
  bytes: Uint8Array,
  signature: PackSignature,
  expectedKey?: Uint8Array,
): Promise<Checked> {
  const name = async (key: Uint8Array) => shortFingerprint(await fingerprint(key));
  if (expectedKey !== undefined && !sameBytes(expectedKey, signature.publicKey)) {
    return {
      ok: false,
      problem: 'wrong-key',
      reason: `signed by key ${await name(signature.publicKey)}, not by the expected key ${await name(expectedKey)}`,
    };
  }
  let valid: boolean;
  try {
    const key = await crypto.subtle.importKey(
      'raw',
      buffer(signature.publicKey),
      ALGORITHM,
      false,
      ['verify'],
    );
    valid = await crypto.subtle.verify(ALGORITHM, key, buffer(signature.signature), buffer(bytes));
  } catch (error) {
    const unsupported = error instanceof Error && error.name === 'NotSupportedError';
    return {
      ok: false,
      problem: 'bad-key',
      reason: unsupported
        ? 'this browser cannot check Ed25519 signatures'
        : 'the signature names no usable Ed25519 public key',
    };
  }
  if (!valid) {
    return {
      ok: false,
      problem: 'mismatch',
      reason: "the signature does not match the pack's bytes",
    };
  }
  return {
    ok: true,
    fingerprint: await fingerprint(signature.publicKey),
    publicKey: signature.publicKey,
  };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
