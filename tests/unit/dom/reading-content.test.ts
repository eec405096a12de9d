/**
 * The walk that leaves page chrome unread (lib/dom/reading-content.ts): its
 * reading blocks must be exactly those of a walk that reads everything and
 * then drops the chrome (`readingBlocks`), on pages written here for each
 * case and on every saved real page of ../shared/real-pages.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { withHtmlDocument } from '../../../lib/cli/scan-text';
import {
  collectBlocks,
  iterateBlocks,
  PageChrome,
  readingBlocks,
  readingContentNow,
  type TextBlock,
} from '../../../lib/dom';

const PAGES = join(import.meta.dirname, '../../../../shared/real-pages');

/** What the reader's text and the painting depend on, block by block. */
const shape = (blocks: readonly TextBlock[]) =>
  blocks.map((b) => ({
    text: b.text,
    element: b.element,
    nodes: b.nodes,
    starts: b.starts,
    chrome: b.chrome,
    visibleLength: b.visibleLength,
    linkLength: b.linkLength,
  }));

function fullWalk(doc: Document): TextBlock[] {
  const chrome = new PageChrome();
  return readingBlocks(collectBlocks(doc, { chrome }), chrome);
}

const links = (n: number, word: string) =>
  Array.from({ length: n }, (_, i) => `<li><a href="/${i}">${word} ${i}</a></li>`).join('');

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('reading content without walking the chrome', () => {
  it('does not enter block-level chrome, and names what it left unread', () => {
    document.body.innerHTML = `<header class="site-header"><ul>${links(3, 'Menu')}</ul></header>
      <article><p>Nvidia ships the H800.</p><aside><p>Related: Nvidia</p></aside><p>The end.</p></article>
      <footer><p>© Publisher</p></footer>`;
    const unread: Element[] = [];
    const blocks = [...iterateBlocks(document, { chrome: new PageChrome(), unreadChrome: unread })];
    expect(unread.map((e) => e.localName)).toEqual(['header', 'aside', 'footer']);
    expect(blocks.map((b) => b.text.trim()).filter(Boolean)).toEqual([
      'Nvidia ships the H800.',
      'The end.',
    ]);
    expect(shape(readingContentNow(document, new PageChrome()))).toEqual(shape(fullWalk(document)));
  });

  it('keeps text around a chrome element in blocks of the element it stands in', () => {
    document.body.innerHTML = `<div>Before <nav><p>Home</p></nav> after, Nvidia.</div>`;
    const reading = readingContentNow(document, new PageChrome());
    expect(reading.map((b) => [b.text, b.element?.localName])).toEqual([
      ['Before ', 'div'],
      [' after, Nvidia.', 'div'],
    ]);
    expect(shape(reading)).toEqual(shape(fullWalk(document)));
  });

  it('reads chrome that holds the page’s content, in document order', () => {
    // A theme's wrapper whose class names a sidebar, around the whole article.
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) => `<p>Paragraph ${i}: Nvidia and OpenAI signed the Stargate deal with SoftBank.</p>`,
    ).join('');
    document.body.innerHTML = `<p>Top</p><div class="content-sidebar-wrap">${paragraphs}</div>
      <p>Bottom</p><nav><ul>${links(2, 'Home')}</ul></nav>`;
    const reading = readingContentNow(document, new PageChrome());
    const starts = reading.map((b) => b.text.trim().slice(0, 11)).filter(Boolean);
    expect(starts).toEqual([
      'Top',
      ...Array.from({ length: 6 }, (_, i) => `Paragraph ${i}`),
      'Bottom',
    ]);
    expect(shape(reading)).toEqual(shape(fullWalk(document)));
  });

  it('reads a page made only of chrome as the full walk does', () => {
    document.body.innerHTML = `<nav><ul>${links(40, 'Section')}</ul></nav><footer>${links(5, 'Legal')}</footer>`;
    expect(shape(readingContentNow(document, new PageChrome()))).toEqual(shape(fullWalk(document)));
  });

  it.skipIf(!existsSync(PAGES))(
    'gives every saved real page the same reading blocks as a full walk',
    async () => {
      const files = readdirSync(PAGES).filter((file) => file.endsWith('.html.gz'));
      expect(files.length).toBeGreaterThan(100);
      const differing: string[] = [];
      for (const file of files) {
        const html = gunzipSync(readFileSync(join(PAGES, file))).toString('utf8');
        await withHtmlDocument(html, (doc) => {
          const fast = shape(readingContentNow(doc, new PageChrome()));
          const full = shape(fullWalk(doc));
          try {
            expect(fast).toEqual(full);
          } catch {
            differing.push(file);
          }
        });
      }
      expect(differing).toEqual([]);
    },
    180_000,
  );
});
