/**
 * The bench's output: a readable table, and the JSON object of the stable
 * interface (issue 8). Figures that could not be measured are null.
 */
import type { BareWorkResult } from './bare-work';
import type { CardResult } from './card';
import type { MatchResult } from './match';
import type { PageDetail, PageKey } from './page';
import type { PopupResult } from './popup';
import type { RealPagesResult } from './real-pages';
import type { SearchFigures } from './search';
import type { SizeResult } from './size';
import { round, roundOrNull, roundSignificant } from './stats';
import { COST_KINDS, type CostByKind } from './trace';

export interface BenchResults {
  machine: string;
  quick: boolean;
  match: MatchResult | null;
  pages: Record<PageKey, PageDetail | null>;
  /** The same pages walked and painted bare, without the extension (bare-work.ts). */
  bareWork: Record<PageKey, BareWorkResult | null>;
  /** A sample of saved real news pages (../shared/real-pages). */
  realPages: RealPagesResult | null;
  /** The 100k page's first mark with the background stopped before each load. */
  coldStart: { firstMarkMs: number | null; runs: number } | null;
  card: CardResult | null;
  search: { default: SearchFigures | null; '10k': SearchFigures | null } | null;
  importResult: { seconds: number | null; progressBarShown: boolean; fileMB: number } | null;
  /** The popup with the 10,000-entity pack installed. */
  popup: PopupResult | null;
  sizes: SizeResult | null;
  /** Why some figures are null, for the table. */
  notes: string[];
}

const PAGE_KEYS: PageKey[] = ['100k', '1M', '1M-50k-aliases'];

/** A cost breakdown for the JSON: every kind, ms, or null where it was not measured. */
const costJson = (cost: CostByKind | null | undefined) =>
  Object.fromEntries(COST_KINDS.map((kind) => [kind, roundOrNull(cost?.[kind])]));
const COUNTS = ['100', '5000', '50000'] as const;

export function toJson(results: BenchResults): object {
  const perCount = (figures: Record<string, number | null> | undefined) =>
    Object.fromEntries(COUNTS.map((count) => [count, roundSignificant(figures?.[count])]));
  const match = results.match;
  const page = (key: PageKey) => {
    const detail = results.pages[key];
    const bare = results.bareWork[key];
    return {
      extensionMs: roundOrNull(detail?.extensionMs),
      floorMs: roundOrNull(detail?.floorMs),
      parsingMs: roundOrNull(detail?.parsingMs),
      longestTaskMs: roundOrNull(detail?.longestTaskMs),
      longestRunMs: roundOrNull(detail?.longestRunMs),
      firstPaintMs: roundOrNull(detail?.firstPaintMs),
      firstMarkMs: roundOrNull(detail?.firstMarkMs),
      restMs: roundOrNull(detail?.restMs),
      phasesMs: {
        load: roundOrNull(detail?.phases?.load),
        walk: roundOrNull(detail?.phases?.walk),
        match: roundOrNull(detail?.phases?.match),
        message: roundOrNull(detail?.phases?.message),
        paint: roundOrNull(detail?.phases?.paint),
      },
      costByKindMs: costJson(detail?.costByKind),
      floorCostByKindMs: costJson(detail?.floorCostByKind),
      bareMs: {
        walk: roundOrNull(bare?.walkMs),
        serialise: roundOrNull(bare?.serialiseMs),
        paint: roundOrNull(bare?.paintMs),
      },
      bareRanges: bare?.ranges ?? null,
    };
  };
  const search = (figures: SearchFigures | null | undefined) => ({
    medianMs: roundOrNull(figures?.medianMs, 2),
    p95Ms: roundOrNull(figures?.p95Ms, 2),
  });
  const size = (key: keyof SizeResult) => ({
    min: roundOrNull(results.sizes?.[key]?.min),
    gzip: roundOrNull(results.sizes?.[key]?.gzip),
  });
  return {
    match: {
      ours: perCount(match?.ours),
      regex: perCount(match?.regex),
      markjs: perCount(match?.markjs),
      ahocorasick: perCount(match?.ahocorasick),
      compileMs50k: roundOrNull(match?.compileMs50k),
      ahocorasickCompileMs50k: roundOrNull(match?.ahocorasickCompileMs50k),
      heapMB50k: roundOrNull(match?.heapMB50k),
    },
    page: Object.fromEntries(PAGE_KEYS.map((key) => [key, page(key)])),
    realPages: {
      pages: results.realPages?.pages ?? 0,
      extensionMs: roundOrNull(results.realPages?.extensionMs),
      extensionMsP50: roundOrNull(results.realPages?.extensionMs),
      extensionMsP95: roundOrNull(results.realPages?.extensionMsP95),
      parsingMs: roundOrNull(results.realPages?.parsingMs),
      floorMsP50: roundOrNull(results.realPages?.floorMs),
      floorMsP95: roundOrNull(results.realPages?.floorMsP95),
      pageMs: roundOrNull(results.realPages?.pageMs),
      ratio: roundOrNull(results.realPages?.ratio, 3),
      pagesWithMarks: results.realPages?.pagesWithMarks ?? 0,
      firstMarkMsP50: roundOrNull(results.realPages?.firstMarkMs),
      firstMarkMsP95: roundOrNull(results.realPages?.firstMarkMsP95),
      restMsP50: roundOrNull(results.realPages?.restMs),
      restMsP95: roundOrNull(results.realPages?.restMsP95),
      longestTaskMs: roundOrNull(results.realPages?.longestTaskMs),
      longestRunMs: roundOrNull(results.realPages?.longestRunMs),
      falseAttributionMs: roundOrNull(results.realPages?.falseAttributionMs),
      phasesMs: {
        load: roundOrNull(results.realPages?.phases?.load),
        walk: roundOrNull(results.realPages?.phases?.walk),
        match: roundOrNull(results.realPages?.phases?.match),
        message: roundOrNull(results.realPages?.phases?.message),
        paint: roundOrNull(results.realPages?.phases?.paint),
      },
      costByKindMs: costJson(results.realPages?.costByKind),
      floorCostByKindMs: costJson(results.realPages?.floorCostByKind),
    },
    coldStart: { firstMarkMs100k: roundOrNull(results.coldStart?.firstMarkMs) },
    cardMs: roundOrNull(results.card?.cardMs),
    search: { default: search(results.search?.default), '10k': search(results.search?.['10k']) },
    popup: {
      firstResultMs10k: roundOrNull(results.popup?.firstResultMs),
      firstResultBuildMs10k: roundOrNull(results.popup?.firstResultBuildMs),
      floorMs: roundOrNull(results.popup?.floorMs),
    },
    importSeconds10k: roundOrNull(results.importResult?.seconds, 2),
    sizeKB: { content: size('content'), background: size('background'), popup: size('popup') },
  };
}

function show(value: number | null | undefined, unit = '', digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'null'
    : `${round(value, digits)}${unit}`;
}

function ratio(ours: number | null | undefined, other: number | null | undefined): string {
  return ours && other ? `×${round(ours / other, ours / other >= 10 ? 0 : 2)}` : '–';
}

function table(title: string, header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  return [
    `\n${title}`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** How much of the card's time is the hover delay the reader can set, and how much is work. */
function cardDelay(card: CardResult | null): string {
  if (!card?.cardMs || card.hoverDelayMs === null) return '';
  return `, of which ${card.hoverDelayMs} ms is the default hover delay and ${show(card.cardMs - card.hoverDelayMs, ' ms')} the rest`;
}

export function toTable(results: BenchResults): string {
  const out: string[] = [`Repères bench${results.quick ? ' (--quick)' : ''} — ${results.machine}`];
  const m = results.match;
  if (m) {
    out.push(
      table(
        `Matching, ${(m.textBytes / 1e6).toFixed(2)} MB of prose (MB/s, higher is better; ratio = ours ÷ baseline)`,
        [
          'aliases',
          'ours',
          'regex',
          'mark.js-style',
          'aho-corasick',
          'ours/regex',
          'ours/mark.js',
          'ours/aho',
          'mentions (ours/regex/aho)',
        ],
        COUNTS.map((count) => [
          Number(count).toLocaleString('en'),
          show(m.ours[count]),
          show(m.regex[count]),
          `${show(m.markjs[count], '', 3)} (on ${Math.round((m.markjsBytes[count] ?? 0) / 1000)} kB)`,
          show(m.ahocorasick[count]),
          ratio(m.ours[count], m.regex[count]),
          ratio(m.ours[count], m.markjs[count]),
          ratio(m.ours[count], m.ahocorasick[count]),
          `${m.mentions.ours[count] ?? 'null'}/${m.mentions.regex[count] ?? 'null'}/${m.mentions.ahocorasick[count] ?? 'null'}`,
        ]),
      ),
      `compile at 50,000 aliases: ${show(m.compileMs50k, ' ms')} (modern-ahocorasick: ${show(m.ahocorasickCompileMs50k, ' ms')}); index heap: ${show(m.heapMB50k, ' MB')}`,
      '("aho-corasick": modern-ahocorasick 3, Unicode word boundaries, leftmost-longest matches)',
    );
  } else out.push('\nMatching: null');

  out.push(
    table(
      "Pages in Chromium (ms; extension = busy with − busy without after the page's parse, median of paired loads)",
      [
        'page',
        'extension',
        'floor',
        'parse',
        'longest task',
        'ours in it',
        'first paint',
        'first mark',
        'rest',
        'busy with',
        'busy without',
        'ext. tasks',
        'check',
        'loads',
      ],
      PAGE_KEYS.map((key) => {
        const p = results.pages[key];
        return [
          key,
          show(p?.extensionMs),
          show(p?.floorMs),
          show(p?.parsingMs),
          show(p?.longestTaskMs),
          show(p?.longestRunMs),
          show(p?.firstPaintMs),
          show(p?.firstMarkMs),
          show(p?.restMs),
          show(p?.busyWithMs),
          show(p?.busyWithoutMs),
          show(p?.extensionTasksMs),
          show(p?.falseAttributionMs),
          String(p?.runs ?? 0),
        ];
      }),
    ),
    '("floor": the same difference with a content script that does nothing; "parse": with − without until DOMContentLoaded and the layout of the last part parsed, where no extension code runs (the page is parsed and laid out in chunks that fall differently at each load: noise, left out of "extension"); "longest task": the longest task in which extension code ran; "ours in it": the most extension code V8 sampled inside one task; "first mark": after the load event; "rest": the page\'s busy time while the rest of it is read at once, after "extension" has caught up with the reader (what the popup\'s "On this page" asks for; a reader who scrolls pays it a screen at a time); "ext. tasks": tasks where extension code demonstrably ran; "check": the same rule on loads without the extension)',
  );
  out.push(
    table(
      'Where the scan spends its time (ms per phase, median of loads; the bench build times them)',
      ['page', 'index load (bg)', 'walk', 'match (bg)', 'message', 'paint'],
      [
        ...PAGE_KEYS.map((key) => [key, results.pages[key]?.phases] as const),
        ['saved real pages (median)', results.realPages?.phases] as const,
      ].map(([key, phases]) => [
        key,
        show(phases?.load),
        show(phases?.walk),
        show(phases?.match),
        show(phases?.message),
        show(phases?.paint),
      ]),
    ),
    '(in the page: "walk", the DOM into blocks and their chrome; "paint", ranges, the mention map and the highlight. In the background (bg), off the page\'s thread: "index load", 0 once loaded; "match", finding and judging mentions. "message": the round trip less the background\'s work, wall time)',
  );
  out.push(
    table(
      'The floor of walking and painting in the page (ms, median of fresh loads without the extension: bare-work.ts)',
      ['page', 'bare walk', 'texts to JSON', 'bare paint', 'ranges', 'loads'],
      PAGE_KEYS.map((key) => {
        const bare = results.bareWork[key];
        return [
          key,
          show(bare?.walkMs),
          show(bare?.serialiseMs),
          show(bare?.paintMs),
          show(bare?.ranges, '', 0),
          show(bare?.runs, '', 0),
        ];
      }),
    ),
    '("bare walk": every node and its text read once, cold, nothing judged; "texts to JSON": the least a message of the texts costs; "bare paint": the page\'s names, found beforehand, painted as highlights, up to the extension\'s 2,000; compare with "walk", "message" and "paint" above)',
  );
  out.push(
    table(
      'What that time is made of (ms, with − without, by kind of work; each kind is its own median, so they need not add up)',
      ['page', 'script load', 'javascript', 'style & layout', 'paint', 'gc', 'other'],
      [
        ...PAGE_KEYS.flatMap((key) => [
          [key, results.pages[key]?.costByKind] as const,
          [`${key}, floor`, results.pages[key]?.floorCostByKind] as const,
        ]),
        ['saved real pages (median)', results.realPages?.costByKind] as const,
        ['saved real pages, floor', results.realPages?.floorCostByKind] as const,
      ].map(([key, cost]) => [key, ...COST_KINDS.map((kind) => show(cost?.[kind]))]),
    ),
    '("script load": compiling and evaluating the extension\'s scripts; "javascript": running scripts otherwise, which with − without is the extension\'s code, as the pages have no scripts of their own; "style & layout": style, layout, pre-paint; "paint": paint, layerize, commit; "gc": garbage collection; "other": parsing, the scheduler, messages; "floor": a content script that does nothing)',
  );
  out.push(
    '',
    `First mark on the 100k page with the background asleep (stopped before each load, so that the page's message wakes it and it loads its index): ` +
      `${show(results.coldStart?.firstMarkMs, ' ms')} after the load event (median of ${results.coldStart?.runs ?? 0}), ` +
      `against ${show(results.pages['100k']?.firstMarkMs, ' ms')} awake`,
  );
  const real = results.realPages;
  out.push(
    '',
    `Saved real pages (${real?.pages ?? 0} of ../shared/real-pages, ${real?.runs ?? 0} paired load each, scan end signalled): ` +
      `extension p50 ${show(real?.extensionMs, ' ms')}, p95 ${show(real?.extensionMsP95, ' ms')} after the page's parse (during it, with − without p50 ${show(real?.parsingMs, ' ms')}), against the page's own ${show(real?.pageMs, ' ms')} ` +
      `and a content script doing nothing p50 ${show(real?.floorMs, ' ms')}, p95 ${show(real?.floorMsP95, ' ms')} ` +
      `(median ratio ${show(real?.ratio === null || real?.ratio === undefined ? null : real.ratio * 100, ' %', 1)}); ` +
      `longest task with extension code ${show(real?.longestTaskMs, ' ms')}${real?.longestTaskPage ? ` (${real.longestTaskPage})` : ''}, ` +
      `the most extension code sampled in one task ${show(real?.longestRunMs, ' ms')}${real?.longestRunPage ? ` (${real.longestRunPage})` : ''}, ` +
      `the same rule without the extension ${show(real?.falseAttributionMs, ' ms')}; ` +
      `first mark after the load event on the ${real?.pagesWithMarks ?? 0} pages with marks: p50 ${show(real?.firstMarkMs, ' ms')}, p95 ${show(real?.firstMarkMsP95, ' ms')}; ` +
      `the rest of the page read at once afterwards: p50 ${show(real?.restMs, ' ms')}, p95 ${show(real?.restMsP95, ' ms')}`,
  );

  const s = results.search;
  out.push(
    table(
      'Popup search (ms per query)',
      ['records', 'median', 'p95', 'index build', 'queries'],
      (['default', '10k'] as const).map((key) => [
        key === 'default' ? 'default pack' : '10,000 entities / 100,000 facts',
        show(s?.[key]?.medianMs, '', 2),
        show(s?.[key]?.p95Ms, '', 2),
        show(s?.[key]?.buildMs),
        String(s?.[key]?.queries ?? 0),
      ]),
    ),
  );

  const popup = results.popup;
  out.push(
    `Popup at 10,000 entities / 100,000 facts: first result ${show(popup?.firstResultMs, ' ms')} after opening with the stored index, ` +
      `${show(popup?.firstResultBuildMs, ' ms')} when it builds its own (median of ${popup?.samples ?? 0} openings); ` +
      `floor ${show(popup?.floorMs, ' ms')} (an extension page that lists a result at once, opened in turn)`,
  );

  const imported = results.importResult;
  out.push(
    '',
    `Card: ${show(results.card?.cardMs, ' ms')} from the pointer at rest to the card visible (median of ${results.card?.samples ?? 0} hovers)${cardDelay(results.card)}`,
    `Import of 10,000 entities / 100,000 facts (${show(imported?.fileMB, ' MB')}): ${show(imported?.seconds, ' s', 2)}, progress bar ${imported?.progressBarShown ? 'shown' : 'not seen'}`,
  );

  const sizes = results.sizes;
  out.push(
    table(
      'Size (KB = 1,024 bytes)',
      ['part', 'minified', 'gzip'],
      (['content', 'background', 'popup'] as const).map((key) => [
        key,
        show(sizes?.[key]?.min),
        show(sizes?.[key]?.gzip),
      ]),
    ),
  );
  if (results.notes.length > 0) out.push('', 'Notes:', ...results.notes.map((note) => `- ${note}`));
  return out.join('\n');
}
