import { segments, type MatchRange } from '@/lib/search/highlight';

/** Text with its matches in <mark> elements, built from positions: text nodes only, never HTML. */
export function Marked({ text, matches }: { text: string; matches: readonly MatchRange[] }) {
  return (
    <>
      {segments(text, matches).map((piece, i) =>
        piece.mark ? <mark key={i}>{piece.text}</mark> : piece.text,
      )}
    </>
  );
}
