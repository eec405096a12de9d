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
  ReadingWalk,
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

/** Runs one `read` of a walk to its end and gives its blocks. */
function readSteps(part: Generator<undefined, TextBlock[], undefined>): TextBlock[] {
  for (;;) {
    const step = part.next();
    if (step.done) return step.value;
  }
}

/** Every reading block of `doc`, read `budget` characters at a time, in document order. */
function readInParts(doc: Document, budget: number): TextBlock[] {
  const walk = new ReadingWalk(doc, new PageChrome());
  const blocks: TextBlock[] = [];
  while (!walk.ended) blocks.push(...readSteps(walk.read(budget)));
  // Blocks a late promotion gives come last: put them in their places.
  return blocks.sort((a, b) =>
    a.nodes[0]!.compareDocumentPosition(b.nodes[0]!) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
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

  it('read in parts, stops near its budget, and says where a node stands against it', () => {
    document.body.innerHTML = `<nav><ul>${links(3, 'Menu')}</ul></nav><article id="a">${Array.from(
      { length: 20 },
      (_, i) => `<p id="p${i}">Paragraph ${i} is about Nvidia and its H800 chips.</p>`,
    ).join('')}</article>`;
    const walk = new ReadingWalk(document, new PageChrome());
    const first = [...readSteps(walk.read(90))];
    expect(first.map((b) => b.element?.id)).toEqual(['p0', 'p1']);
    expect(walk.ended).toBe(false);
    const at = (id: string) => walk.whereIs(document.getElementById(id)!);
    expect([
      at('p0'),
      at('p1'),
      at('p5'),
      at('a'),
      walk.whereIs(document.querySelector('nav')!),
    ]).toEqual(['read', 'read', 'unread', 'both', 'read']);
    expect(walk.frontier?.id).toBe('p1');
    const rest = [...readSteps(walk.read())];
    expect(rest.map((b) => b.element?.id)).toEqual(
      Array.from({ length: 18 }, (_, i) => `p${i + 2}`),
    );
    expect(walk.ended).toBe(true);
    expect([at('p5'), at('a')]).toEqual(['read', 'read']);
  });

  it('read in parts, still finds content inside chrome that comes after enough reading text', () => {
    // The first screens look like an ordinary page; the content's wrapper comes later.
    const paragraphs = Array.from(
      { length: 40 },
      (_, i) => `<p>Paragraph ${i}: Nvidia and OpenAI signed the Stargate deal with SoftBank.</p>`,
    ).join('');
    document.body.innerHTML = `<p>${'An opening line of the page. '.repeat(8)}</p>
      <div class="content-sidebar-wrap">${paragraphs}</div><nav><ul>${links(2, 'Home')}</ul></nav>`;
    expect(shape(readInParts(document, 100))).toEqual(shape(fullWalk(document)));
    expect(readInParts(document, 100).length).toBeGreaterThan(40);
  });

  it.skipIf(!existsSync(PAGES))(
    'gives every saved real page the same reading blocks as a full walk, read at once or in parts',
    async () => {
      const files = readdirSync(PAGES).filter((file) => file.endsWith('.html.gz'));
      expect(files.length).toBeGreaterThan(100);
      const differing: string[] = [];
      for (const file of files) {
        const html = gunzipSync(readFileSync(join(PAGES, file))).toString('utf8');
        await withHtmlDocument(html, (doc) => {
          const fast = shape(readingContentNow(doc, new PageChrome()));
          const full = shape(fullWalk(doc));
          const inParts = shape(readInParts(doc, 1500));
          try {
            expect(fast).toEqual(full);
            expect(inParts).toEqual(full);
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
