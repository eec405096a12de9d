/**
 * Reading untrusted JSON without crashing or hanging: the size is checked
 * before decoding, the nesting before parsing, and the parsed value is walked
 * once, iteratively, for keys and strings that must not reach the rest of the
 * extension. Browser-safe.
 */
import { packError, type PackError } from './errors';
import { LIMITS } from './limits';
import { formatPath, type PathSegment } from './path';
import { isWellFormedText, utf8Length } from './text';

export type ReadResult = { ok: true; value: unknown } | { ok: false; errors: PackError[] };

/** Keys that reach an object's prototype when code copies or merges objects. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

const tooLarge = (size: number): PackError =>
  packError('', 'too-large', { size, max: LIMITS.maxPackBytes });

/** Raw bytes: size first, then strict UTF-8 (a byte-order mark is dropped). */
export function decodePackBytes(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; errors: PackError[] } {
  if (bytes.byteLength > LIMITS.maxPackBytes)
    return { ok: false, errors: [tooLarge(bytes.byteLength)] };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, errors: [packError('', 'invalid-utf8', {})] };
  }
}

/** JSON text: size (as UTF-8), nesting, then JSON.parse. */
export function parsePackText(text: string): ReadResult {
  // Each UTF-16 unit is at least one UTF-8 byte: a long string is refused unread.
  if (text.length > LIMITS.maxPackBytes) return { ok: false, errors: [tooLarge(text.length)] };
  const bytes = utf8Length(text, LIMITS.maxPackBytes);
  if (bytes > LIMITS.maxPackBytes) return { ok: false, errors: [tooLarge(bytes)] };
  return parseSizedText(text);
}

/**
 * JSON text already known to fit the size cap (decoded from bytes that were
 * measured: measuring its UTF-8 length again is a pass over every character
 * of a pack that may hold tens of megabytes): nesting, then JSON.parse.
 */
export function parseSizedText(text: string): ReadResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const depthError = findExcessNesting(source, LIMITS.maxDepth);
  if (depthError) return { ok: false, errors: [depthError] };
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [packError('', 'invalid-json', { detail: detail.slice(0, 200) })] };
  }
}

/**
 * Scans brackets outside strings, so that deeply nested text is refused before
 * any parser (some recurse) or walker sees it. Malformed text is left to JSON.parse.
 * Strings are most of a pack's text, and are skipped with native `indexOf`
 * from quote to quote rather than read character by character.
 */
function findExcessNesting(text: string, maxDepth: number): PackError | null {
  const tooDeep = () => packError('', 'too-deep', { max: maxDepth });
  let depth = 0;
  for (let i = 0; i < text.length;) {
    const open = text.indexOf('"', i);
    const end = open < 0 ? text.length : open;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (++depth > maxDepth) return tooDeep();
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    }
    if (open < 0) break;
    const close = closingQuote(text, open);
    if (close < 0) break;
    i = close + 1;
  }
  return null;
}

/** Where the string opened at `open` ends: the next quote not escaped (after an even run of backslashes), or -1. */
function closingQuote(text: string, open: number): number {
  for (let from = open + 1; ;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

interface Frame {
  value: object;
  parent: Frame | null;
  key: PathSegment;
  depth: number;
}

function framePath(frame: Frame | null, last?: PathSegment): string {
  const segments: PathSegment[] = last === undefined ? [] : [last];
  for (let f = frame; f && f.parent; f = f.parent) segments.push(f.key);
  return formatPath(segments.reverse());
}

/**
 * Walks a JSON-like value once, without recursion. Refuses forbidden keys and
 * lone surrogates anywhere, and bounds the number of values. For a value that
 * did not come from JSON.parse (`fromText` false) it also refuses what JSON
 * cannot hold: cycles, non-plain objects, functions,
 * undefined, non-finite numbers, excessive nesting.
 */
export function checkJsonValue(root: unknown, fromText: boolean, maxErrors: number): PackError[] {
  const errors: PackError[] = [];
  let values = 0;
  const stack: Frame[] = [];

  const visitLeaf = (value: unknown, parent: Frame | null, key: PathSegment | undefined): void => {
    if (typeof value === 'string') {
      if (!isWellFormedText(value))
        errors.push(packError(framePath(parent, key), 'lone-surrogate', {}));
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value))
        errors.push(packError(framePath(parent, key), 'not-json', { received: String(value) }));
    } else if (value !== null && typeof value !== 'boolean') {
      errors.push(packError(framePath(parent, key), 'not-json', { received: typeof value }));
    }
  };

  const visit = (value: unknown, parent: Frame | null, key: PathSegment): boolean => {
    values++;
    if (values > LIMITS.maxJsonValues) {
      errors.push(packError('', 'too-many-values', { max: LIMITS.maxJsonValues }));
      return false;
    }
    if (typeof value !== 'object' || value === null) {
      visitLeaf(value, parent, parent ? key : undefined);
      return true;
    }
    const depth = parent ? parent.depth + 1 : 1;
    const frame: Frame = { value, parent, key, depth };
    if (!fromText) {
      if (depth > LIMITS.maxDepth) {
        errors.push(packError(framePath(frame), 'too-deep', { max: LIMITS.maxDepth }));
        return true;
      }
      // Depth is capped, so looking up the ancestors is cheap. Shared (acyclic)
      // objects are allowed: the value budget bounds how often they are walked.
      for (let ancestor = parent; ancestor; ancestor = ancestor.parent) {
        if (ancestor.value === value) {
          errors.push(packError(framePath(frame), 'cycle', {}));
          return true;
        }
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
        const tag = Object.prototype.toString.call(value).slice(8, -1);
        errors.push(packError(framePath(frame), 'not-json', { received: tag }));
        return true;
      }
    }
    stack.push(frame);
    return true;
  };

  visit(root, null, '');
  while (stack.length > 0 && errors.length < maxErrors) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (Array.isArray(value)) {
      // Counted up front: a huge (or sparse) array is refused before it is read.
      if (values + value.length > LIMITS.maxJsonValues) {
        errors.push(packError('', 'too-many-values', { max: LIMITS.maxJsonValues }));
        break;
      }
      for (let i = value.length - 1; i >= 0; i--) {
        if (!visit(value[i], frame, i)) break;
      }
    } else {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (FORBIDDEN_KEYS.has(key)) {
          errors.push(packError(framePath(frame, key), 'forbidden-key', { key }));
          continue;
        }
        if (!isWellFormedText(key)) {
          errors.push(packError(framePath(frame, key), 'lone-surrogate', {}));
          continue;
        }
        if (!visit(record[key], frame, key)) break;
      }
    }
    if (values > LIMITS.maxJsonValues) break;
  }
  return errors.slice(0, maxErrors);
}
