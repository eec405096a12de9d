/** JSON paths as printed in errors: `facts[12].source`, `entities[0].description["pt-BR"]`. */

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    // JSON.stringify escapes quotes, control characters and lone surrogates,
    // so a hostile key cannot break the one-error-per-line output.
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function joinPath(base: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  if (PLAIN_KEY.test(segment)) return base === '' ? segment : `${base}.${segment}`;
  return `${base}[${JSON.stringify(segment)}]`;
}
