import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileMatcher, compilePacks, type MatcherIndex } from '@/lib/match';
import { localMentionSource, type MatchSettings } from '@/lib/dom/page-matching';
import { MentionMap } from '@/lib/page/mention-map';
import type { MentionPainter } from '@/lib/page/painter';
import { PageScanner, type ScanPolicy } from '@/lib/page/page-scanner';
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
});
