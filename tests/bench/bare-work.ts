/**
 * The floor of any design that walks and paints in the page: the same
 * generated page, in a profile without the extension, walked bare (every
 * node and its text read once, nothing judged), its texts serialised once
 * (what a message to the background costs at least), and the same names
 * painted as highlights without a walk (their ranges found beforehand, out
 * of the timing). Each load is a fresh page, so that the probe meets the DOM
 * cold as the content script does: the first read of each node builds its
 * JavaScript wrapper. It runs in the page's main world, the content script
 * in an isolated one; both pay for wrappers and DOM calls alike.
 *
 * The browser's own work for the painted highlights (style, pre-paint,
 * paint) is not in these figures: the trace's "style & layout" and "paint"
 * kinds show it for the extension's loads, and any design that marks as
 * many names pays it too.
 */
import { MAX_MENTIONS } from '@/lib/page/page-scanner';
import type { Profile } from './chromium';
import type { PageKey, PageSite } from './page';
import { NAME_HELPER, median, progress } from './stats';

export interface BareWork {
  walkMs: number;
  serialiseMs: number;
  paintMs: number;
  /** Ranges painted: every occurrence of the page's names within one text node, up to the extension's cap. */
  ranges: number;
}

export interface BareWorkResult extends BareWork {
  runs: number;
}

/** Runs in the page (serialised by Playwright): self-contained. */
export function bareWorkProbe({ names, maxRanges }: { names: string[]; maxRanges: number }) {
  const top = document.documentElement;
  const walkStart = performance.now();
  const texts: string[] = [];
  const textNodes: Text[] = [];
  let node: Node | null = top;
  while (node !== null) {
    const type = node.nodeType;
    // 3: a text node, 1: an element (constants, as lib/dom reads them).
    if (type === 3) {
      texts.push((node as Text).data);
      textNodes.push(node as Text);
    } else if (type === 1) {
      void (node as Element).localName;
    }
    let next: Node | null = node.firstChild;
    if (next === null) {
      let up: Node | null = node;
      while (up !== null && up !== top && up.nextSibling === null) up = up.parentNode;
      next = up === null || up === top ? null : up.nextSibling;
    }
    node = next;
  }
  const walkMs = performance.now() - walkStart;

  const serialiseStart = performance.now();
  void JSON.stringify(texts);
  const serialiseMs = performance.now() - serialiseStart;

  const found: [Text, number, number][] = [];
  for (let i = 0; i < textNodes.length && found.length < maxRanges; i++) {
    for (const name of names) {
      for (let at = texts[i]!.indexOf(name); at !== -1; at = texts[i]!.indexOf(name, at + 1)) {
        if (found.length < maxRanges) found.push([textNodes[i]!, at, at + name.length]);
      }
    }
  }
  const paintStart = performance.now();
  const highlight = new Highlight();
  for (const [text, start, end] of found) {
    highlight.add(
      new StaticRange({
        startContainer: text,
        startOffset: start,
        endContainer: text,
        endOffset: end,
      }),
    );
  }
  CSS.highlights.set('bench-bare', highlight);
  const paintMs = performance.now() - paintStart;
  return { walkMs, serialiseMs, paintMs, ranges: found.length };
}

/** Median of `runs` fresh loads of the page at `key`, in `profile` (one without the extension). */
export async function measureBareWork(
  site: PageSite,
  key: PageKey,
  profile: Profile,
  options: { quick: boolean },
): Promise<BareWorkResult> {
  const runs = options.quick ? 1 : 5;
  progress(`page ${key}: bare walk and paint, ${runs} fresh loads without the extension`);
  const loads: BareWork[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await profile.context.newPage();
    await page.addInitScript(NAME_HELPER);
    await page.goto(site.url(key), { waitUntil: 'load', timeout: 120_000 });
    loads.push(
      await page.evaluate(bareWorkProbe, {
        names: site.namesOn(key),
        maxRanges: MAX_MENTIONS,
      }),
    );
    await page.close();
  }
  const of = (pick: (load: BareWork) => number) => median(loads.map(pick));
  return {
    walkMs: of((load) => load.walkMs),
    serialiseMs: of((load) => load.serialiseMs),
    paintMs: of((load) => load.paintMs),
    ranges: of((load) => load.ranges),
    runs,
  };
}
