/**
 * Comparing pack versions (Semantic Versioning 2.0.0 precedence), for the
 * update rules of docs/pack-format.md. Versions are assumed valid (validated).
 */
import { SEMVER_PATTERN } from './schema';

/** Negative when a < b, 0 when they have the same precedence, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const ma = SEMVER_PATTERN.exec(a);
  const mb = SEMVER_PATTERN.exec(b);
  if (!ma || !mb) throw new Error(`not a semantic version: ${!ma ? a : b}`);
  for (let i = 1; i <= 3; i++) {
    const diff = compareNumeric(ma[i] ?? '0', mb[i] ?? '0');
    if (diff !== 0) return diff;
  }
  const pa = ma[4];
  const pb = mb[4];
  // A pre-release comes before its release; build metadata does not count.
  if (pa === undefined || pb === undefined) {
    return pa === pb ? 0 : pa === undefined ? 1 : -1;
  }
  const ia = pa.split('.');
  const ib = pb.split('.');
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const diff = compareIdentifier(ia[i] ?? '', ib[i] ?? '');
    if (diff !== 0) return diff;
  }
  return ia.length - ib.length;
}

/** Digit strings of any length, without leading zeros (the pattern forbids them). */
function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentifier(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return compareNumeric(a, b);
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
