/**
 * Whole-word search for folded phrases (context, veto and avoid words) in
 * folded text. A space in the phrase matches any white-space run.
 *
 * Written as a cursor (`nextOccurrence`, then `occurrence.end`) rather than
 * with callbacks: the matcher runs these checks around every mention of a
 * page, in a content script's mostly unoptimised code, where each closure
 * and substring allocated per check adds up.
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

/** Beyond this much text past the stretch searched, the search runs on a cut-out copy instead. */
const UNBOUNDED_SEARCH_SLACK = 1024;

/** Where the occurrence last returned by `nextOccurrence` ends. */
export const occurrence = { end: -1 };

/**
 * Start of the first whole-word occurrence of `phrase` in `folded` starting
 * in [from, to], or -1; its end is left in `occurrence.end`.
 */
export function nextOccurrence(folded: string, phrase: string, from: number, to: number): number {
  const first = Math.max(0, from);
  if (phrase === '' || first > to) return -1;
  const space = phrase.indexOf(' ');
  const head = space < 0 ? phrase : phrase.slice(0, space);
  const last = Math.min(folded.length, to + head.length);
  // indexOf runs to the end of the text when the head is absent: in a long
  // text, search only the stretch that matters.
  const cut = folded.length - last > UNBOUNDED_SEARCH_SLACK;
  const region = cut ? folded.slice(first, last) : folded;
  const offset = cut ? first : 0;
  for (let at = region.indexOf(head, first - offset); at >= 0; at = region.indexOf(head, at + 1)) {
    const start = offset + at;
    if (start > to) return -1;
    if (isWordBefore(folded, start)) continue;
    const end = phraseEndAt(folded, phrase, start);
    if (end >= 0) {
      occurrence.end = end;
      return start;
    }
  }
  return -1;
}

export function containsPhrase(folded: string, phrase: string): boolean {
  return nextOccurrence(folded, phrase, 0, folded.length) >= 0;
}
