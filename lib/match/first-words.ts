/**
 * A native search for where an alias may start: the first words of all keys
 * in one regex, run over a block's folded text. It finds the same word starts
 * as the matcher's per-character loop with its Bloom filter (match.ts), but
 * in the browser's regex engine, which costs a content script's cold code
 * far less than a JavaScript loop over every character. Compiling it costs
 * about a millisecond, so it is built only once a page has shown enough
 * text to repay it, and never for an index with too many first words (the
 * alternation would get slower than the loop) or keys starting with a
 * non-word character.
 */

/** Text scanned with the loop before the regex is built: small pages never pay for it. */
export const REGEX_AFTER_CHARS = 10_000;

export class FirstWordSearch {
  private regex: RegExp | null | undefined;
  private scanned = 0;

  /** `words`: the distinct folded first words of the keys, or null when there is no such list. */
  constructor(private readonly words: readonly string[] | null) {}

  /**
   * The regex finding first words in folded text (global: set `lastIndex`),
   * or null while the loop should be used. Call once per block of text. A
   * match counts only as a whole word: no word character before or after it.
   */
  finder(textLength: number): RegExp | null {
    if (this.regex !== undefined || this.words === null || this.words.length === 0) {
      return this.regex ?? null;
    }
    this.scanned += textLength;
    if (this.scanned < REGEX_AFTER_CHARS) return null;
    // Word characters are letters, digits and marks: none needs escaping in a
    // regex. Longest first, so the match at a word start is the whole word
    // when it is listed. Word boundaries are checked by the caller: a
    // Unicode-property lookaround would cost this regex most of its compile time.
    const alternatives = [...this.words].sort((a, b) => b.length - a.length).join('|');
    this.regex = new RegExp(alternatives, 'g');
    return this.regex;
  }
}
