/**
 * Text files and HTML files as the content script sees them, turned into
 * blocks and scanned with the same function the content script calls
 * (lib/dom scanBlocks). Used by the `scan` command and the quality test.
 * Node only (HTML is parsed with happy-dom; no script runs, nothing loads).
 *
 * Offsets:
 * - `.txt`: UTF-16 offsets into the file's text. A block is a paragraph:
 *   lines up to a blank line (a line of white space only). Inside a
 *   paragraph a line break is white space, so a name wrapped over two lines
 *   is found; a blank line ends the paragraph, and mentions never cross it.
 * - `.html`: UTF-16 offsets into the page's text as seen, which is the text
 *   of its reading blocks (lib/dom readingContent) joined by a blank line ("\n\n"):
 *   `htmlTextAsSeen` gives that text, so offsets can be checked against it.
 */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Window } from 'happy-dom';
import { publicationDate, type PageDate } from '../dom/page-date';
import { PageChrome } from '../dom/chrome';
import { readingContentNow } from '../dom/reading-content';
import { scanRelevant } from '../dom/scan';
import type { MatcherIndex } from '../match';
import type { MarkScope } from '../match/relevance';
import type { Pack } from '../pack/types';
import { formatPackError, validatePack } from '../pack/validate';

/** The pack `scan` uses when no --pack is given. */
export const BUNDLED_PACK = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../data/default-pack.json',
);

/** Placed between two blocks' texts in the HTML text as seen. */
export const BLOCK_JOINER = '\n\n';

/** A block of a file's text and where it starts in that text. */
export interface PlacedBlock {
  readonly text: string;
  readonly offset: number;
}

/** One mention, with offsets into the file's text (`.txt`) or its text as seen (`.html`). */
export interface TextMention {
  entity: string;
  text: string;
  start: number;
  end: number;
}

export type TextKind = 'txt' | 'html';

function isBlankLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c)) return false;
  }
  return true;
}

/** The paragraphs of a plain text (see the module comment), with their offsets. */
export function plainTextBlocks(text: string): PlacedBlock[] {
  const blocks: PlacedBlock[] = [];
  let start = -1; // start of the paragraph being read, -1 between paragraphs
  let end = 0; // end of its last non-blank line
  for (let line = 0; line <= text.length;) {
    let next = text.indexOf('\n', line);
    if (next < 0) next = text.length;
    if (isBlankLine(text, line, next)) {
      if (start >= 0) blocks.push({ text: text.slice(start, end), offset: start });
      start = -1;
    } else {
      if (start < 0) start = line;
      end = next;
    }
    line = next + 1;
  }
  if (start >= 0) blocks.push({ text: text.slice(start, end), offset: start });
  return blocks;
}

/** An HTML page's reading content, placed in its text as seen, and the host it was saved from. */
export interface HtmlPage {
  blocks: PlacedBlock[];
  /** From its canonical link or `og:url`; '' when it names none. */
  host: string;
}

/** The address a saved page names as its own (canonical link, then `og:url`), or ''. */
function savedUrl(document: Document): string {
  const canonical = document.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href');
  const og = document.querySelector('meta[property="og:url" i][content]')?.getAttribute('content');
  for (const url of [canonical, og]) {
    if (!url) continue;
    try {
      const { protocol } = new URL(url);
      if (protocol === 'http:' || protocol === 'https:') return url;
    } catch {
      // Not a URL: try the next.
    }
  }
  return '';
}

function savedHost(document: Document): string {
  const url = savedUrl(document);
  return url === '' ? '' : new URL(url).hostname;
}

/**
 * A saved page's publication date (lib/dom/page-date.ts). `url`: where it was
 * saved from, when known; else its own address (canonical link, `og:url`).
 */
export async function savedPageDate(
  html: string,
  { now = new Date(), url }: { now?: Date; url?: string } = {},
): Promise<PageDate | null> {
  return withHtmlDocument(html, (document) =>
    publicationDate(document, url ?? savedUrl(document), now),
  );
}

/**
 * The blocks of an HTML page as the content script reads them: its reading
 * content only (lib/dom chrome.ts), placed in its text as seen.
 */
export async function readHtmlPage(html: string): Promise<HtmlPage> {
  return withHtmlDocument(html, (document) => {
    const blocks: PlacedBlock[] = [];
    let offset = 0;
    for (const block of readingContentNow(document, new PageChrome())) {
      if (blocks.length > 0) offset += BLOCK_JOINER.length;
      blocks.push({ text: block.text, offset });
      offset += block.text.length;
    }
    return { blocks, host: savedHost(document) };
  });
}

/**
 * Parses a saved page with happy-dom (no script runs, nothing is fetched)
 * and gives its document to `read`; the window is closed afterwards.
 */
export async function withHtmlDocument<T>(
  html: string,
  read: (document: Document) => T,
): Promise<T> {
  const window = new Window({
    // A saved page's relative and protocol-relative URLs (preloads, icons)
    // need a base; nothing is ever fetched from it.
    url: 'https://saved-page.invalid/',
    settings: {
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      fetch: {
        interceptor: {
          beforeAsyncRequest: ({ window }) =>
            Promise.resolve(new window.Response(null, { status: 404 })),
        },
      },
    },
  });
  try {
    const parser = new window.DOMParser();
    // Awaited here: a reader that works asynchronously needs the window open until it is done.
    return await read(parser.parseFromString(html, 'text/html') as unknown as Document);
  } finally {
    await window.happyDOM.close();
  }
}

/** An HTML page's text as seen: its blocks' texts joined by BLOCK_JOINER. */
export async function htmlTextAsSeen(html: string): Promise<string> {
  return (await readHtmlPage(html)).blocks.map((b) => b.text).join(BLOCK_JOINER);
}

/** What a path holds by its name: `.txt`, `.html` or `.htm`, each possibly gzipped (`.gz`). */
export function kindOfPath(path: string): TextKind | null {
  const lower = path.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.txt')) return 'txt';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  return null;
}

/**
 * A file's text, gunzipped first when its name ends in `.gz` (saved pages
 * are often kept so). Throws Failure when it cannot be read or decompressed.
 */
export function readTextFile(path: string): string {
  try {
    const bytes = readFileSync(path);
    return (path.toLowerCase().endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new Failure(
      `${path}: cannot read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export interface ScanTextOptions {
  /** The page's host, for entities not marked on their own site; default: what an HTML page names. */
  host?: string;
  /** Mark the packs' subject names (default), or every name they know. */
  scope?: MarkScope;
}

/** A file's text as the matcher reads it (see the module comment) and its mentions in it. */
export interface ScannedFile {
  text: string;
  mentions: TextMention[];
}

/**
 * Scans one file's content: the mentions the extension would mark, in order,
 * offsets into `text` (the file's text, or an HTML page's text as seen).
 */
export async function scanFile(
  kind: TextKind,
  content: string,
  matcher: MatcherIndex,
  options: ScanTextOptions = {},
): Promise<ScannedFile> {
  let blocks: PlacedBlock[];
  let host = options.host ?? '';
  if (kind === 'txt') {
    blocks = plainTextBlocks(content);
  } else {
    const page = await readHtmlPage(content);
    blocks = page.blocks;
    host = options.host ?? page.host;
  }
  const { marked } = scanRelevant(blocks, matcher, { host, scope: options.scope ?? 'subject' });
  return {
    text: kind === 'txt' ? content : blocks.map((b) => b.text).join(BLOCK_JOINER),
    mentions: marked.map((m) => ({
      entity: m.entityId,
      text: m.text,
      start: m.block.offset + m.start,
      end: m.block.offset + m.end,
    })),
  };
}

/** The mentions of `scanFile`, without the text. */
export async function scanText(
  kind: TextKind,
  content: string,
  matcher: MatcherIndex,
  options: ScanTextOptions = {},
): Promise<TextMention[]> {
  return (await scanFile(kind, content, matcher, options)).mentions;
}

/** A problem to report on stderr, ending the command with exit 1. */
export class Failure extends Error {}

/** Reads and validates packs; throws Failure with every error, one per line. */
export function loadPacks(paths: readonly string[]): Pack[] {
  const packs: Pack[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      problems.push(
        `${path}: cannot read: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const result = validatePack(bytes);
    if (result.ok) packs.push(result.pack);
    else
      for (const error of result.errors) problems.push(`${path}: ${formatPackError(error, 'en')}`);
  }
  if (problems.length > 0) throw new Failure(problems.join('\n'));
  return packs;
}
