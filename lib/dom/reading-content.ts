/**
 * A page's reading content as blocks, without walking its chrome. On news
 * pages, menus, footers and link lists hold most of the DOM (two thirds of
 * it on the saved real pages), and their text is never matched. The one
 * reason to read it is `readingBlocks`' safeguard for pages whose content
 * sits inside an element that looks like chrome, which needs to know how
 * much text the chrome holds. So the walk does not enter block-level chrome,
 * and bounds the text it left from above with native calls (`textContent`):
 * when that bound rules the safeguard out, as on most pages, the reading
 * blocks are already those of a full walk. Otherwise the chrome left unread
 * is walked too, and its blocks take their places in document order.
 */
import { iterateBlocks, type TextBlock } from './blocks';
import { FREE_SHARE, nonSpaceLength, readingBlocks, type PageChrome } from './chrome';

/**
 * The reading blocks of `doc`, exactly `readingBlocks` of a full walk;
 * yields once the chrome is judged and after each block walked, so that a
 * caller may pause.
 */
export function* readingContent(
  doc: Document,
  chrome: PageChrome,
): Generator<undefined, TextBlock[], undefined> {
  const unread: Element[] = [];
  /** `unread[i]` stands before `walked[unreadAt[i]]` in document order. */
  const unreadAt: number[] = [];
  const walked: TextBlock[] = [];
  // Judging the page's chrome up front is a step of its own (a few ms on a big page).
  const root = doc.documentElement;
  if (root) {
    chrome.judgeUnder(root as never, doc);
    yield;
  }
  const options = { chrome, unreadChrome: unread, chromeJudged: true };
  for (const block of iterateBlocks(doc, options)) {
    while (unreadAt.length < unread.length) unreadAt.push(walked.length);
    walked.push(block);
    yield;
  }
  while (unreadAt.length < unread.length) unreadAt.push(walked.length);
  if (!mayHoldTheContent(walked, unread)) return readingBlocks(walked, chrome);

  const all: TextBlock[] = [];
  let next = 0;
  for (let i = 0; i <= walked.length; i++) {
    for (; next < unread.length && unreadAt[next] === i; next++) {
      for (const block of iterateBlocks(unread[next]!, { chrome, chromeRoot: true })) {
        all.push(block);
        yield;
      }
    }
    if (i < walked.length) all.push(walked[i]!);
  }
  return readingBlocks(all, chrome);
}

/** `readingContent` in one go. */
export function readingContentNow(doc: Document, chrome: PageChrome): TextBlock[] {
  const walk = readingContent(doc, chrome);
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * Whether the chrome left unread may hold so much of the page's text that
 * `readingBlocks` would promote some of it to content. Its two tests, each
 * passed if the text outside chrome is at least FREE_SHARE of the whole,
 * are run against upper bounds of the chrome's text: `textContent` holds
 * every text node's data (visible lengths are trimmed), and its characters
 * other than white space plus one per element bound the letters (a block's
 * text adds at most one separator per element).
 */
function mayHoldTheContent(walked: readonly TextBlock[], unread: readonly Element[]): boolean {
  if (unread.length === 0) return false;
  const texts = unread.map((element) => element.textContent ?? '');
  let free = 0;
  for (const block of walked) free += block.visibleLength;
  const bound = sum(texts, (text) => text.length);
  if (isShareKept(free, bound)) return false;
  let freeLetters = 0;
  for (const block of walked) freeLetters += nonSpaceLength(block.text);
  const letters =
    sum(texts, nonSpaceLength) +
    sum(unread, (element) => element.getElementsByTagName('*').length + 1);
  return !isShareKept(freeLetters, letters);
}

/** Whether `free` is at least FREE_SHARE of `free + chrome`. */
const isShareKept = (free: number, chrome: number) => free >= (free + chrome) * FREE_SHARE;

function sum<T>(items: readonly T[], measure: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += measure(item);
  return total;
}
