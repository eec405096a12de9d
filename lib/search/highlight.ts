/**
 * Match positions in text, turned into pieces a component renders as text
 * nodes and <mark> elements: never an HTML string.
 */

/** A match: [start, end) in UTF-16 offsets of the text it belongs to. */
export type MatchRange = readonly [number, number];

/** Text with the ranges to emphasise. */
export interface Highlighted {
  text: string;
  matches: MatchRange[];
  /** The text's language, when known (for `lang` attributes). */
  lang?: string;
}

export interface Segment {
  text: string;
  mark: boolean;
}

/** Sorted, clamped, merged ranges (touching ranges join). */
export function normalizeRanges(ranges: readonly MatchRange[], length: number): MatchRange[] {
  const sorted = ranges
    .map(([start, end]): [number, number] => [
      Math.max(0, Math.min(start, length)),
      Math.max(0, Math.min(end, length)),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** The text cut into plain and marked pieces, in order; their texts join back to the text. */
export function segments(text: string, matches: readonly MatchRange[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const [start, end] of normalizeRanges(matches, text.length)) {
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}

const ELLIPSIS = '…';

/**
 * At most about `max` characters of the text around its first match, cut at
 * spaces, with an ellipsis where something was cut; the ranges follow.
 */
export function excerpt(value: Highlighted, max = 140): Highlighted {
  const { text } = value;
  if (text.length <= max) return value;
  const matches = normalizeRanges(value.matches, text.length);
  const first = matches[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(max / 3));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space !== -1 && space < first ? space + 1 : start;
  }
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + max / 2) end = space;
  }
  // Never cut inside a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? '')) end++;
  const head = start > 0 ? ELLIPSIS : '';
  const tail = end < text.length ? ELLIPSIS : '';
  const shift = head.length - start;
  return {
    ...value,
    text: head + text.slice(start, end) + tail,
    matches: matches
      .filter(([s, e]) => e > start && s < end)
      .map(([s, e]) => [Math.max(s, start) + shift, Math.min(e, end) + shift] as const),
  };
}
