/**
 * Case rules (see CaseRule in lib/pack/types.ts), checked on the normalised
 * text of a candidate whose lowercase fold already equals the alias key.
 */

import type { CaseRule } from '../pack/types';
import { isSpaceCode, lowerCodeUnit, upperCodeUnit } from './chars';
import type { MatcherIndex } from './trie';

/**
 * Whether text[start, end) has the case the rule asks of output `output`.
 * The alias form is its folded key with the output's mask positions in
 * uppercase; a white-space run in the text counts as one key position.
 */
export function caseAllows(
  index: MatcherIndex,
  output: number,
  rule: CaseRule,
  text: string,
  start: number,
  end: number,
): boolean {
  if (rule === 'any') return true;
  let mask = index.maskStart[output]!;
  const maskEnd = index.maskStart[output + 1]!;
  let nextUpper = mask < maskEnd ? index.maskPos[mask]! : -1;
  let asWritten = true;
  let hasLowercase = false;
  let keyPos = 0;
  let p = start;
  while (p < end) {
    const actual = text.charCodeAt(p);
    if (isSpaceCode(actual)) {
      while (p < end && isSpaceCode(text.charCodeAt(p))) p++;
      if (keyPos === nextUpper) nextUpper = ++mask < maskEnd ? index.maskPos[mask]! : -1;
      keyPos++;
      continue;
    }
    const lower = lowerCodeUnit(actual);
    const upper = upperCodeUnit(lower);
    let expected = lower;
    if (keyPos === nextUpper) {
      expected = upper;
      nextUpper = ++mask < maskEnd ? index.maskPos[mask]! : -1;
    }
    if (actual !== expected) asWritten = false;
    // A lowercase letter: the text shows its folded form and an uppercase form exists.
    if (actual === lower && upper !== lower) hasLowercase = true;
    p++;
    keyPos++;
  }
  if (asWritten) return true;
  return rule === 'auto' && !hasLowercase;
}
