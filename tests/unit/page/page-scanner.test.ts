import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUNDLED_PACK, loadPacks, withHtmlDocument } from '@/lib/cli/scan-text';
import { compileMatcher, compilePacks, type MarkScope, type MatcherIndex } from '@/lib/match';
import { localMentionSource, type MatchSettings } from '@/lib/dom/page-matching';
import { MentionMap } from '@/lib/page/mention-map';
import type { MentionPainter } from '@/lib/page/painter';
import {
  FIRST_READ_CHARS,
  PageScanner,
  READ_AHEAD_CHARS,
  type ScanPolicy,
} from '@/lib/page/page-scanner';
import type { NearReader, ReaderWatch } from '@/lib/page/reader-position';
import { makePack } from '../support/packs';
import { entity } from '../match/helpers';

/** Records painted ranges the way the Highlight API would hold them. */
function recordingPainter() {
  const ranges = new Set<StaticRange>();
  const painter = {
    add: (range: StaticRange) => void ranges.add(range),
    delete: (range: StaticRange) => void ranges.delete(range),
  } as unknown as MentionPainter;
  return { painter, ranges };
}

// happy-dom has no StaticRange; the browser's is a plain record of its four boundaries.
if (typeof globalThis.StaticRange === 'undefined') {
  globalThis.StaticRange = class {
    readonly startContainer: Node;
    readonly startOffset: number;
    readonly endContainer: Node;
    readonly endOffset: number;
    constructor(init: StaticRangeInit) {
      ({
        startContainer: this.startContainer,
        startOffset: this.startOffset,
        endContainer: this.endContainer,
        endOffset: this.endOffset,
      } = init);
    }
  } as unknown as typeof StaticRange;
}

const matcher = compileMatcher(makePack({ entities: 2 }).entities);
const policy: ScanPolicy & MatchSettings = {
  firstMentionOnly: false,
  maxMentions: 10_000,
  scope: 'subject',
  host: 'example.org',
  muted: [],
};

/** A scanner over the document, matching in this thread as the background would. */
function scannerOf(
  index: MatcherIndex,
  painter: MentionPainter,
  mentions: MentionMap,
  options: ScanPolicy & MatchSettings = policy,
): PageScanner {
  return new PageScanner(document, localMentionSource(index, options), painter, mentions, options);
}

/** `count` paragraphs `p0`, `p1`…, each naming the two entities once. */
const paragraphs = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `<p id="p${i}">Paragraph ${i} on Entity E0 and Entity E1.</p>`,
  ).join('');

afterEach(() => vi.restoreAllMocks());

beforeEach(() => {
  document.body.innerHTML = paragraphs(300);
});

describe('the page scanner', () => {
  it('marks every mention once, and a block that changes during the first scan once more, not twice', async () => {
    const { painter, ranges } = recordingPainter();
    const mentions = new MentionMap();
    const scanner = scannerOf(matcher, painter, mentions);
    const full = scanner.scanAll();
    // The page changes while the full scan is still walking it.
    const changed = document.getElementById('p299')!;
    changed.textContent = 'Only Entity E1 now.';
    const partial = scanner.rescan([changed]);
    await Promise.all([full, partial]);
    expect(mentions.size).toBe(299 * 2 + 1);
    expect(ranges.size).toBe(mentions.size);
    expect(Object.fromEntries(mentions.countsByEntity())).toEqual({ e0: 299, e1: 300 });
  });

  it('respects the cap on marks and the first-mention-only setting', async () => {
    const capped = new MentionMap();
    await scannerOf(matcher, recordingPainter().painter, capped, {
      ...policy,
      maxMentions: 50,
    }).scanAll();
    expect(capped.size).toBe(50);

    const firstOnly = new MentionMap();
    await scannerOf(matcher, recordingPainter().painter, firstOnly, {
      ...policy,
      firstMentionOnly: true,
    }).scanAll();
    expect(Object.fromEntries(firstOnly.countsByEntity())).toEqual({ e0: 1, e1: 1 });
  });

  it('judges the whole page again when words a page-scoped rule missed arrive later', async () => {
    const pageRules = compileMatcher([
      entity('h800', 'H800', [], { context: ['Nvidia'], contextScope: 'page' }),
    ]);
    document.body.innerHTML = '<p id="a">The H800 chip.</p><p id="b">Nothing else.</p>';
    const { painter, ranges } = recordingPainter();
    const mentions = new MentionMap();
    const scanner = scannerOf(pageRules, painter, mentions);
    await scanner.scanAll();
    expect(mentions.size).toBe(0);

    // Content loaded later names the context: the earlier paragraph's mention now counts.
    const later = document.getElementById('b')!;
    later.textContent = 'Made by Nvidia, like the H800.';
    await scanner.rescan([later]);
    expect(mentions.size).toBe(2);
    expect(ranges.size).toBe(2);
    expect(mentions.inDocumentOrder().map((m) => m.block.id)).toEqual(['a', 'b']);

    // A further change repaints only its block, without duplicating any mark.
    later.textContent = 'Made by Nvidia, like the H800 and the H800.';
    await scanner.rescan([later]);
    expect(mentions.size).toBe(3);
    expect(ranges.size).toBe(3);
  });

  it('marks a background name only once the page shows its subject, and never on its own site', async () => {
    const topical = compilePacks([
      {
        topics: ['semiconductor'],
        entities: [
          entity('nvidia', 'Nvidia'),
          { ...entity('trump', 'Trump'), role: 'background' },
          { ...entity('wsj', 'WSJ'), role: 'background', domains: ['wsj.com'] },
        ],
      },
    ]);
    document.body.innerHTML =
      '<nav><p>Nvidia semiconductor news</p></nav>' +
      '<p id="a">Trump spoke to the WSJ.</p><p id="b">Nothing else.</p>';
    const mentions = new MentionMap();
    const scanner = scannerOf(topical, recordingPainter().painter, mentions, {
      ...policy,
      host: 'www.wsj.com',
    });
    await scanner.scanAll();
    // The menu's words do not make the page about chips: Trump waits, unmarked but listed.
    expect(mentions.size).toBe(0);
    expect(Object.fromEntries(scanner.unmarkedCounts())).toEqual({ trump: 1, wsj: 1 });
    // A block that changes again and again is listed once, not once per change.
    const lead = document.getElementById('a')!;
    for (const text of ['Trump spoke again to the WSJ.', 'Trump, once more, to the WSJ.']) {
      lead.textContent = text;
      await scanner.rescan([lead]);
    }
    expect(Object.fromEntries(scanner.unmarkedCounts())).toEqual({ trump: 1, wsj: 1 });

    const later = document.getElementById('b')!;
    later.textContent = 'Nvidia makes the semiconductor.';
    await scanner.rescan([later]);
    expect(Object.fromEntries(mentions.countsByEntity())).toEqual({ trump: 1, nvidia: 1 });
    expect(Object.fromEntries(scanner.unmarkedCounts())).toEqual({ wsj: 1 });

    const everything = new MentionMap();
    await scannerOf(topical, recordingPainter().painter, everything, {
      ...policy,
      scope: 'all',
    }).scanAll();
    expect(Object.fromEntries(everything.countsByEntity())).toEqual({
      trump: 1,
      wsj: 1,
      nvidia: 1,
    });
  });
  it('paints a page with few marks without reading its layout, and one with many from where the reader is', async () => {
    // Paragraph i sits 20 px below paragraph i - 1; the reader has scrolled halfway into paragraph 100.
    const geometry = vi
      .spyOn(Element.prototype, 'getBoundingClientRect')
      .mockImplementation(function (this: Element) {
        const top = (Number(this.id.slice(1)) - 100) * 20 - 10;
        return new DOMRect(0, top, 600, 20);
      });
    const order: string[] = [];
    const painter = {
      add: (range: StaticRange) => void order.push(range.startContainer.parentElement!.id),
      delete: () => undefined,
    } as unknown as MentionPainter;

    // 300 paragraphs, two marks each: painting them takes several slices, so the ones in view come first.
    const many = new MentionMap();
    await scannerOf(matcher, painter, many).scanAll();
    expect(many.size).toBe(600);
    expect(order.slice(0, 4)).toEqual(['p100', 'p100', 'p101', 'p101']);
    expect(new Set(order).size).toBe(300);

    // Ten paragraphs: all painted at once, in document order, and the layout is never read.
    document.body.innerHTML = paragraphs(10);
    geometry.mockClear();
    order.length = 0;
    const few = new MentionMap();
    await scannerOf(matcher, painter, few).scanAll();
    expect(few.size).toBe(20);
    expect(order.slice(0, 3)).toEqual(['p0', 'p0', 'p1']);
    expect(geometry).not.toHaveBeenCalled();
  });

  describe('following the reader', () => {
    /**
     * A reader the test moves: paragraph `p<i>` is near them once they have
     * come to paragraph i (other elements are near at once).
     */
    function movingReader(at: number) {
      let reached = at;
      const waiting: { index: number; arrive: () => void }[] = [];
      const watch: ReaderWatch = (element, signal): NearReader => {
        const index = /^p\d+$/.test(element.id) ? Number(element.id.slice(1)) : -1;
        const near = new Promise<void>((arrive) => {
          if (index <= reached) arrive();
          else waiting.push({ index, arrive });
          signal.addEventListener('abort', () => arrive());
        });
        return { now: Promise.resolve(index <= reached), near };
      };
      const moveTo = (index: number) => {
        reached = index;
        for (const wait of waiting.splice(0)) {
          if (wait.index <= reached) wait.arrive();
          else waiting.push(wait);
        }
      };
      return { watch, moveTo };
    }

    /** A scanner over the document that follows a reader standing at paragraph `at`. */
    function followingScanner(index: MatcherIndex = matcher, at = 0) {
      const reader = movingReader(at);
      const mentions = new MentionMap();
      const { painter, ranges } = recordingPainter();
      const scanner = scannerOf(index, painter, mentions, { ...policy, reader: reader.watch });
      return { scanner, mentions, ranges, reader };
    }

    const markedParagraphs = (mentions: MentionMap) =>
      new Set(mentions.inDocumentOrder().map((m) => Number(m.block.id.slice(1))));
    // Each paragraph is about 40 characters: the first read and each later one cover about this many.
    const firstRead = Math.floor(FIRST_READ_CHARS / 40);
    const perRead = Math.floor(READ_AHEAD_CHARS / 40);

    it('reads the first screens at once, and the rest as the reader gets there', async () => {
      document.body.innerHTML = paragraphs(600);
      const { scanner, mentions, ranges, reader } = followingScanner(matcher, 10);
      expect(await scanner.scanAll()).toBe(true);
      const first = markedParagraphs(mentions);
      expect(first.has(0) && first.has(firstRead - 5)).toBe(true);
      expect(Math.max(...first)).toBeLessThan(firstRead + 5);
      expect(scanner.readAll).toBe(false);

      // The reader comes near where the walk stopped: it reads on, a read ahead at a time.
      reader.moveTo(Math.max(...first) + 1);
      await vi.waitFor(() => expect(markedParagraphs(mentions).size).toBeGreaterThan(first.size));
      expect(Math.max(...markedParagraphs(mentions))).toBeLessThan(firstRead + perRead + 10);
      reader.moveTo(599);
      await vi.waitFor(() => expect(scanner.readAll).toBe(true));
      expect(mentions.size).toBe(1200);
      expect(ranges.size).toBe(1200);
    });

    it('reads the rest at once when asked, whatever the reader', async () => {
      document.body.innerHTML = paragraphs(600);
      const { scanner, mentions } = followingScanner();
      await scanner.scanAll();
      expect(mentions.size).toBeLessThan(600);
      expect(await scanner.readRest()).toBe(true);
      expect(scanner.readAll).toBe(true);
      expect(mentions.size).toBe(1200);
    });

    it('leaves changes where it has not read to the walk, rescans those it has, and never marks twice', async () => {
      document.body.innerHTML = paragraphs(600);
      const { scanner, mentions, ranges } = followingScanner();
      await scanner.scanAll();
      const before = mentions.size;
      const read = document.getElementById('p3')!;
      const unread = document.getElementById('p550')!;
      read.textContent = 'Only Entity E1 now.';
      unread.textContent = 'Only Entity E0 now, and Entity E0 again.';
      expect(await scanner.rescan([read, unread])).toBe(true);
      expect(mentions.size).toBe(before - 1);
      expect(markedParagraphs(mentions).has(550)).toBe(false);

      await scanner.readRest();
      expect(Object.fromEntries(mentions.countsByEntity())).toEqual({ e0: 600, e1: 599 });
      expect(ranges.size).toBe(mentions.size);
    });

    it('reads again from the top when a container the walk stands in changes', async () => {
      document.body.innerHTML = `<article id="a">${paragraphs(300)}</article>`;
      const { scanner, mentions, ranges } = followingScanner();
      await scanner.scanAll();
      const before = mentions.size;
      const article = document.getElementById('a')!;
      article.prepend(Object.assign(document.createElement('p'), { id: 'new' }));
      document.getElementById('new')!.textContent = 'News of Entity E0.';
      expect(await scanner.rescan([article])).toBe(true);
      expect(mentions.size).toBe(before + 1);
      expect(ranges.size).toBe(mentions.size);
      await scanner.readRest();
      expect(mentions.size).toBe(601);
      expect(ranges.size).toBe(601);
    });

    it('reads again from the top when the page took away where the walk had paused', async () => {
      document.body.innerHTML = `<div id="feed">${paragraphs(300)}</div>`;
      const { scanner, mentions, ranges, reader } = followingScanner();
      await scanner.scanAll();
      // A single-page app swaps the whole feed before the change is reported.
      document
        .getElementById('feed')!
        .replaceWith(Object.assign(document.createElement('div'), { innerHTML: paragraphs(300) }));
      reader.moveTo(299);
      await vi.waitFor(() => expect(scanner.readAll).toBe(true));
      await vi.waitFor(() => expect(mentions.size).toBe(600));
      expect(ranges.size).toBe(600);
      expect(mentions.inDocumentOrder().every((m) => m.block.isConnected)).toBe(true);
    });

    it('judges the page again when a later read brings words a page-scoped rule missed, once', async () => {
      const pageRules = compileMatcher([
        entity('h800', 'H800', [], { context: ['Nvidia'], contextScope: 'page' }),
      ]);
      const filler = Array.from(
        { length: 400 },
        (_, i) => `<p id="p${i + 1}">${'Filler text. '.repeat(4)}</p>`,
      );
      document.body.innerHTML = `<p id="p0">The H800 chip.</p>${filler.join('')}<p id="p401">Made by Nvidia.</p>`;
      const source = localMentionSource(pageRules, policy);
      const scanPage = vi.spyOn(source, 'scanPage');
      const reader = movingReader(0);
      const mentions = new MentionMap();
      const scanner = new PageScanner(document, source, recordingPainter().painter, mentions, {
        ...policy,
        reader: reader.watch,
      });
      await scanner.scanAll();
      expect(mentions.size).toBe(0);
      reader.moveTo(401);
      await vi.waitFor(() => expect(scanner.readAll).toBe(true));
      await vi.waitFor(() => expect(mentions.size).toBe(1));
      expect(mentions.inDocumentOrder()[0]!.block.id).toBe('p0');
      // Read again from the top once, as far as the first walk had gone: no loop.
      await new Promise((settle) => setTimeout(settle, 50));
      expect(scanPage).toHaveBeenCalledTimes(2);
    });

    it('marks a background name read early once a later read shows the page’s subject', async () => {
      const topical = compilePacks([
        {
          topics: ['semiconductor'],
          entities: [
            entity('nvidia', 'Nvidia'),
            { ...entity('trump', 'Trump'), role: 'background' },
          ],
        },
      ]);
      const filler = Array.from(
        { length: 400 },
        (_, i) => `<p id="p${i + 1}">${'Filler text. '.repeat(4)}</p>`,
      );
      document.body.innerHTML = `<p id="p0">Trump spoke.</p>${filler.join('')}<p id="p401">Nvidia chips, Nvidia servers.</p>`;
      const { scanner, mentions, reader } = followingScanner(topical);
      await scanner.scanAll();
      expect(mentions.size).toBe(0);
      expect(Object.fromEntries(scanner.unmarkedCounts())).toEqual({ trump: 1 });
      reader.moveTo(401);
      await vi.waitFor(() => expect(scanner.readAll).toBe(true));
      await vi.waitFor(() =>
        expect(Object.fromEntries(mentions.countsByEntity())).toEqual({ trump: 1, nvidia: 2 }),
      );
      expect(scanner.unmarkedCounts().size).toBe(0);
    });

    const PAGES = join(import.meta.dirname, '../../../../shared/real-pages');

    it.skipIf(!existsSync(PAGES))(
      'ends, on every saved real page read in parts down to its end, with the marks of a whole read',
      async () => {
        const defaultPack = compilePacks(loadPacks([BUNDLED_PACK]));
        const everywhere = movingReader(Number.POSITIVE_INFINITY).watch;
        const marksOf = async (doc: Document, scope: MarkScope, reader?: ReaderWatch) => {
          const mentions = new MentionMap();
          // A small read ahead: most saved pages are read in many parts.
          const options = { ...policy, scope, maxMentions: 2000, reader, readAhead: 300 };
          const source = localMentionSource(defaultPack, options);
          const painter = recordingPainter().painter;
          const scanner = new PageScanner(doc, source, painter, mentions, options);
          await scanner.scanAll();
          if (reader) await vi.waitFor(() => expect(scanner.readAll).toBe(true));
          const marked = mentions
            .inDocumentOrder()
            .map((m) => `${m.entityId}:${m.text}:${m.range.startOffset}`);
          const unmarked = Object.fromEntries(scanner.unmarkedCounts());
          return { marked, unmarked };
        };
        const files = readdirSync(PAGES).filter((file) => file.endsWith('.html.gz'));
        const differing: string[] = [];
        let marks = 0;
        for (const file of files) {
          const html = gunzipSync(readFileSync(join(PAGES, file))).toString('utf8');
          await withHtmlDocument(html, async (doc) => {
            for (const scope of ['subject', 'all'] as const) {
              const whole = await marksOf(doc, scope);
              const inParts = await marksOf(doc, scope, everywhere);
              marks += whole.marked.length;
              try {
                expect(inParts).toEqual(whole);
              } catch {
                differing.push(`${file} (${scope})`);
              }
            }
          });
        }
        expect(marks).toBeGreaterThan(100);
        expect(differing).toEqual([]);
      },
      300_000,
    );
  });
});
