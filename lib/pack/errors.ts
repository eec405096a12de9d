/**
 * Pack validation errors: a code, its parameters and the JSON path where the
 * problem is. Codes and parameters are data so that the extension can render
 * them in the reader's language (see messages.ts).
 */

/** Parameters of each error code. */
export interface PackErrorParams {
  /** The file or string is bigger than the cap (UTF-8 bytes). */
  'too-large': { size: number; max: number };
  'invalid-utf8': Record<string, never>;
  /** JSON.parse refused the text; `detail` is the engine's own (English) message. */
  'invalid-json': { detail: string };
  'too-deep': { max: number };
  'too-many-values': { max: number };
  /** `__proto__`, `constructor` or `prototype` used as an object key. */
  'forbidden-key': { key: string };
  /** A string (or key) holds an unpaired UTF-16 surrogate. */
  'lone-surrogate': Record<string, never>;
  /** A value that JSON cannot hold (function, undefined, Date, NaN, ...). */
  'not-json': { received: string };
  /** An object that contains itself. */
  cycle: Record<string, never>;
  'not-a-pack': Record<string, never>;
  'unsupported-format-version': { found: string; supported: number };
  'too-many': { count: number; max: number };
  'too-long': { length: number; max: number };
  type: { expected: string; received: string };
  required: Record<string, never>;
  'unknown-key': { key: string };
  'not-allowed': { received: string; allowed: string[] };
  empty: Record<string, never>;
  'bad-id': { value: string };
  'bad-pack-id': { value: string };
  'bad-version': { value: string };
  'bad-date': { value: string };
  'bad-datetime': { value: string };
  'bad-language': { value: string };
  'bad-url': { value: string };
  /** `updateUrl`: https only (or the loopback address), without credentials. */
  'bad-update-url': { value: string };
  'bad-sha256': { value: string };
  'bad-domain': { value: string };
  'out-of-range': { value: number; min: number; max: number };
  'not-integer': { value: number };
  'duplicate-id': { id: string; first: string };
  'duplicate-reference': { id: string };
  'self-reference': { id: string };
  'unknown-source': { id: string };
  'unknown-entity': { id: string };
  'unknown-fact': { id: string };
  'too-many-aliases': { count: number; max: number };
  /**
   * The pack's signature file is refused: `malformed` (not a signature file),
   * `mismatch` (not the signature of these bytes), `bad-key` (names no usable
   * key), `wrong-key` (not by the key it must be by), `no-bytes` (the pack
   * was given parsed, its bytes unknown).
   */
  'bad-signature': {
    problem: 'malformed' | 'mismatch' | 'bad-key' | 'wrong-key' | 'no-bytes';
    detail: string;
  };
  /** More errors than reported: `more` were left out (null: at least one, not counted). */
  'more-errors': { more: number | null };
  /** A bug in the validator, caught so that it never throws. */
  internal: { detail: string };
}

export type PackErrorCode = keyof PackErrorParams;

/** One problem, at `path` ("facts[12].source"; "" is the whole document). */
export type PackError = {
  [C in PackErrorCode]: { path: string; code: C; params: PackErrorParams[C] };
}[PackErrorCode];

export function packError<C extends PackErrorCode>(
  path: string,
  code: C,
  params: PackErrorParams[C],
): PackError {
  return { path, code, params } as PackError;
}
