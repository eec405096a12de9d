/** Turns valibot issues (whose messages are our codes, see schema.ts) into PackErrors. */
import type * as v from 'valibot';
import { packError, type PackError } from './errors';
import { formatPath, type PathSegment } from './path';
import { codePointLength } from './text';

/** Long values in error parameters are cut: an error must stay one readable line. */
const MAX_QUOTED = 80;

export function quoteValue(value: string): string {
  return value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
}

/** The JSON type of a value, as errors name it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `prefix`: the path of the value that was validated on its own ("facts", 12). */
export function issueToPackError(
  issue: v.BaseIssue<unknown>,
  prefix: readonly PathSegment[] = [],
): PackError {
  const segments: PathSegment[] = [
    ...prefix,
    ...(issue.path ?? []).map((item) =>
      typeof item.key === 'number' ? item.key : String(item.key),
    ),
  ];
  const path = formatPath(segments);
  const input = issue.input;
  const separator = issue.message.indexOf(':');
  const code = separator < 0 ? issue.message : issue.message.slice(0, separator);
  const argument = separator < 0 ? '' : issue.message.slice(separator + 1);

  // An object schema reports a missing key and an unknown key under its own message.
  if (issue.type === 'strict_object' || issue.type === 'object') {
    if (issue.expected === 'never')
      return packError(path, 'unknown-key', { key: quoteValue(String(segments.at(-1))) });
    if (input === undefined && segments.length > 0) return packError(path, 'required', {});
  }

  switch (code) {
    case 'type':
      return packError(path, 'type', { expected: argument, received: jsonTypeOf(input) });
    case 'too-long':
      return packError(path, 'too-long', {
        length: typeof input === 'string' ? codePointLength(input) : 0,
        max: Number(argument),
      });
    case 'too-many': {
      const count = Array.isArray(input)
        ? input.length
        : typeof input === 'object' && input !== null
          ? Object.keys(input).length
          : 0;
      return packError(path, 'too-many', { count, max: Number(argument) });
    }
    case 'not-allowed':
      return packError(path, 'not-allowed', {
        received: quoteValue(
          typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input)),
        ),
        allowed: argument.split('|'),
      });
    case 'out-of-range': {
      const [min = '', max = ''] = argument.split('|');
      return packError(path, 'out-of-range', {
        value: Number(input),
        min: Number(min),
        max: Number(max),
      });
    }
    case 'not-integer':
      return packError(path, 'not-integer', { value: Number(input) });
    case 'empty':
      return packError(path, 'empty', {});
    case 'not-a-pack':
      return packError(path, 'not-a-pack', {});
    case 'unsupported-format-version':
      return packError(path, 'unsupported-format-version', {
        found: quoteValue(JSON.stringify(input) ?? String(input)),
        supported: 1,
      });
    case 'bad-id':
    case 'bad-pack-id':
    case 'bad-version':
    case 'bad-date':
    case 'bad-datetime':
    case 'bad-language':
    case 'bad-url':
    case 'bad-update-url':
    case 'bad-sha256':
    case 'bad-domain':
      return packError(path, code, { value: quoteValue(String(input)) });
    default:
      // A message we did not write: a schema without a code. Report it, never hide it.
      return packError(path, 'internal', { detail: issue.message });
  }
}
