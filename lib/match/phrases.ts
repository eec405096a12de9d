/**
 * Whole-word search for folded phrases (context, veto and avoid words) in
 * folded text. A space in the phrase matches any white-space run.
 */

import { isSpaceCode, isWordAt, isWordBefore } from './chars';

/** End of `phrase` if it occurs at `at` in `folded` as whole words, else -1. */
function phraseEndAt(folded: string, phrase: string, at: number): number {
  let p = at;
  for (let k = 0; k < phrase.length; k++) {
    const unit = phrase.charCodeAt(k);
    if (unit === 0x20) {
      if (!isSpaceCode(folded.charCodeAt(p))) return -1;
      p++;
      while (p < folded.length && isSpaceCode(folded.charCodeAt(p))) p++;
    } else {
      if (folded.charCodeAt(p) !== unit) return -1;
      p++;
    }
  }
  return isWordAt(folded, p) ? -1 : p;
}

/**
 * Calls `visit(start, end)` for each occurrence starting in [from, to], in
 * order, until it returns true. Only that stretch of text is searched.
 */
function scanPhrase(
  folded: string,
  phrase: string,
  from: number,
  to: number,
  visit: (start: number, end: number) => boolean,
): void {
  if (phrase === '') return;
  const first = Math.max(0, from);
  const space = phrase.indexOf(' ');
  const head = space < 0 ? phrase : phrase.slice(0, space);
  // indexOf on the whole block would run to its end when the head is absent.
  const region = folded.slice(first, Math.min(folded.length, to + head.length));
  for (let at = region.indexOf(head); at >= 0; at = region.indexOf(head, at + 1)) {
    const start = first + at;
    if (isWordBefore(folded, start)) continue;
    const end = phraseEndAt(folded, phrase, start);
    if (end >= 0 && visit(start, end)) return;
  }
}

/** Whether some occurrence starting in [from, to] satisfies `test(start, end)`. */
export function somePhraseOccurrence(
  folded: string,
  phrase: string,
  from: number,
  to: number,
  test: (start: number, end: number) => boolean,
): boolean {
  let found = false;
  scanPhrase(folded, phrase, from, to, (start, end) => (found = test(start, end)));
  return found;
}

export function containsPhrase(folded: string, phrase: string): boolean {
  return somePhraseOccurrence(folded, phrase, 0, folded.length, () => true);
}
