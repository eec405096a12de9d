/**
 * The one pack validator, used by the extension and by the CLI. Cheap checks
 * run first and stop early, so that hostile input is refused before it costs
 * much: size → nesting → parse → format and version → counts → keys and
 * strings → schema → ids and references. It never throws.
 */
import * as v from 'valibot';
import { packError, type PackError } from './errors';
import { issueToPackError, jsonTypeOf, quoteValue } from './issues';
import { LIMITS } from './limits';
import { checkReferences } from './references';
import { checkJsonValue, decodePackBytes, parsePackText, parseSizedText } from './safe-json';
import {
  EntitySchema,
  FactSchema,
  isPlainRecord,
  PackHeaderSchema,
  SourceSchema,
  withoutSchemaKey,
} from './schema';
import type { Pack } from './types';

export type { PackError, PackErrorCode, PackErrorParams } from './errors';
export { formatPackError, packErrorMessage, type MessageLanguage } from './messages';

export type ValidationResult = { ok: true; pack: Pack } | { ok: false; errors: PackError[] };

export interface ValidateOptions {
  /** Errors reported at most (default LIMITS.maxErrors); one more says how many were left out. */
  maxErrors?: number;
}

const SUPPORTED_FORMAT_VERSION = 1;

/**
 * Validates a pack given as JSON text, as UTF-8 bytes (Uint8Array or
 * ArrayBuffer, checked for size before decoding), or as an already parsed value.
 */
export function validatePack(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const maxErrors = Math.max(1, options.maxErrors ?? LIMITS.maxErrors);
  try {
    return validateUnsafe(input, maxErrors);
  } catch (error) {
    // A stack overflow, a throwing getter or a bug: refuse the pack, never crash the caller.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return fail([packError('', 'internal', { detail: detail.slice(0, 200) })], maxErrors);
  }
}

function validateUnsafe(input: unknown, maxErrors: number): ValidationResult {
  let value: unknown = input;
  let fromText = false;
  const bytes = asBytes(input);
  if (bytes) {
    const decoded = decodePackBytes(bytes);
    if (!decoded.ok) return decoded;
    value = decoded.text;
  }
  if (typeof value === 'string') {
    // Decoded bytes were measured before decoding; text given as text is measured here.
    const parsed = bytes ? parseSizedText(value) : parsePackText(value);
    if (!parsed.ok) return parsed;
    value = parsed.value;
    fromText = true;
  }

  if (!isPlainRecord(value)) {
    return fail(
      [packError('', 'type', { expected: 'object', received: jsonTypeOf(value) })],
      maxErrors,
    );
  }
  const gateErrors = checkFormatAndCounts(value);
  if (gateErrors.length > 0) return fail(gateErrors, maxErrors);

  // One more than shown, so that fail() knows that some were left out.
  const safetyErrors = checkJsonValue(value, fromText, maxErrors + 1);
  if (safetyErrors.length > 0) return fail(safetyErrors, maxErrors, false);

  const parsed = parseWithSchemas(value, maxErrors + 1);
  if (!parsed.ok) return fail(parsed.errors, maxErrors, false);

  const referenceErrors = checkReferences(parsed.pack);
  if (referenceErrors.length > 0) return fail(referenceErrors, maxErrors);
  return parsed;
}

const SCHEMA_CONFIG = { abortPipeEarly: true } as const;

/**
 * Runs the schemas item by item rather than in one call, so that a pack that
 * is wrong everywhere stops after `maxErrors` instead of building millions of
 * issues.
 */
function parseWithSchemas(root: Record<string, unknown>, maxErrors: number): ValidationResult {
  const errors: PackError[] = [];
  const header = v.safeParse(PackHeaderSchema, root, SCHEMA_CONFIG);
  if (!header.success) errors.push(...header.issues.map((issue) => issueToPackError(issue)));

  const parseList = <T>(
    key: 'sources' | 'entities' | 'facts',
    schema: v.GenericSchema<unknown, T>,
  ): T[] => {
    const items = root[key];
    const output: T[] = [];
    if (!Array.isArray(items)) return output;
    for (let i = 0; i < items.length && errors.length < maxErrors; i++) {
      const result = v.safeParse(schema, items[i], SCHEMA_CONFIG);
      if (result.success) output.push(result.output);
      else for (const issue of result.issues) errors.push(issueToPackError(issue, [key, i]));
    }
    return output;
  };
  const sources = parseList('sources', SourceSchema);
  const entities = parseList('entities', EntitySchema);
  const facts = parseList('facts', FactSchema);

  if (!header.success || errors.length > 0) return { ok: false, errors };
  const pack: Pack = { ...withoutSchemaKey(header.output), sources, entities, facts };
  return { ok: true, pack };
}

/** Bytes from a Uint8Array (or other view) or an ArrayBuffer, also from another realm. */
function asBytes(input: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(input))
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (Object.prototype.toString.call(input) === '[object ArrayBuffer]') {
    return new Uint8Array(input as ArrayBuffer);
  }
  return null;
}

/**
 * What decides whether to read any further: a pack of another format or
 * version has another shape, and too many items would cost too much to check.
 */
function checkFormatAndCounts(root: Record<string, unknown>): PackError[] {
  if (root.format !== 'reperes-pack') return [packError('format', 'not-a-pack', {})];
  const version = root.formatVersion;
  if (version !== SUPPORTED_FORMAT_VERSION) {
    const found =
      typeof version === 'string' ? version : (JSON.stringify(version) ?? String(version));
    return [
      packError('formatVersion', 'unsupported-format-version', {
        found: quoteValue(found),
        supported: SUPPORTED_FORMAT_VERSION,
      }),
    ];
  }
  const errors: PackError[] = [];
  const caps = [
    ['sources', LIMITS.maxSources],
    ['entities', LIMITS.maxEntities],
    ['facts', LIMITS.maxFacts],
  ] as const;
  for (const [key, max] of caps) {
    const items = root[key];
    if (Array.isArray(items) && items.length > max) {
      errors.push(packError(key, 'too-many', { count: items.length, max }));
    }
  }
  return errors;
}

/** `counted`: whether `errors` holds all the errors, or stopped past `maxErrors`. */
function fail(
  errors: PackError[],
  maxErrors: number,
  counted = true,
): { ok: false; errors: PackError[] } {
  if (errors.length <= maxErrors) return { ok: false, errors };
  const shown = errors.slice(0, maxErrors);
  shown.push(packError('', 'more-errors', { more: counted ? errors.length - maxErrors : null }));
  return { ok: false, errors: shown };
}

export { packStats, type PackStats } from './stats';
