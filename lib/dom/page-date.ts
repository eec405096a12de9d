/**
 * When a page's article was published (issue 17), read from what the page
 * says of itself, in order of trust: its JSON-LD (`datePublished` of an
 * Article, NewsArticle or BlogPosting, in `@graph` and arrays too), its meta
 * tags, a `<time datetime>` in the article's header, and a date in its URL.
 * Modified dates are kept apart. Dates in the future or before 1990 are
 * ignored, and a page that shows no article gets no date: none is better
 * than a wrong one. Reads the DOM, never changes it; bounded on hostile pages.
 */

export type DateSource = 'json-ld' | 'meta' | 'time' | 'url';

export interface PageDate {
  /** The day it was published, as written by the publisher: YYYY-MM-DD. */
  published: string;
  from: DateSource;
  /** Which field gave it: "datePublished", "article:published_time", "time", "url"… */
  field: string;
  /** The day it was last modified, when the page says so (never taken for the published date). */
  modified?: string;
}

/** Published-date meta tags, most trusted first: [attribute, value]. */
const META_PUBLISHED: [string, string][] = [
  ['property', 'article:published_time'],
  ['property', 'og:published_time'],
  ['itemprop', 'datePublished'],
  ['name', 'parsely-pub-date'],
  ['name', 'sailthru.date'],
  ['name', 'dc.date'],
  ['name', 'DC.date.issued'],
  ['name', 'date'],
];
const META_MODIFIED: [string, string][] = [
  ['property', 'article:modified_time'],
  ['property', 'og:updated_time'],
  ['itemprop', 'dateModified'],
];
const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'BlogPosting',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'LiveBlogPosting',
  'TechArticle',
]);

/** Bounds on what a hostile page can make us read. */
const MAX_JSON_LD_SCRIPTS = 20;
const MAX_JSON_LD_CHARS = 1_000_000;
const MAX_JSON_DEPTH = 8;
const MAX_TIME_ELEMENTS = 50;
const EARLIEST_YEAR = 1990;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  janv: 1,
  fev: 2,
  fevr: 2,
  mars: 3,
  avr: 4,
  mai: 5,
  juin: 6,
  juil: 7,
  aout: 8,
  sept: 9,
};

/**
 * The day a date string says, as written (a time zone offset does not move
 * it: "2025-01-22T23:30-05:00" was the 22nd where it was published), or
 * null. ISO 8601 and its compact and slashed forms, and "22 January 2025",
 * "January 22, 2025", "Wed, 22 Jan 2025 10:00:00 GMT".
 */
export function dayOf(text: string): string | null {
  const value = text.trim().slice(0, 100);
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/.exec(value);
  if (match) return validDay(+match[1]!, +match[2]!, +match[3]!);
  match = /^(\d{4})(\d{2})(\d{2})(?:T|$)/.exec(value);
  if (match) return validDay(+match[1]!, +match[2]!, +match[3]!);
  const folded = value
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  match = /(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})/.exec(folded);
  if (match) return validDay(+match[3]!, monthOf(match[2]!), +match[1]!);
  match = /([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/.exec(folded);
  if (match) return validDay(+match[3]!, monthOf(match[1]!), +match[2]!);
  return null;
}

function monthOf(name: string): number {
  return MONTHS[name] ?? MONTHS[name.slice(0, 4)] ?? MONTHS[name.slice(0, 3)] ?? 0;
}

function validDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null; // 31 February
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The publication date of the page's article, and where it came from; null when it has none we trust. */
export function publicationDate(doc: Document, url: string, now = new Date()): PageDate | null {
  // A day ahead of now: a page published "tomorrow" in a zone east of ours is not in the future.
  const latest = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const plausible = (day: string | null): day is string =>
    day !== null && day <= latest && Number(day.slice(0, 4)) >= EARLIEST_YEAR;
  const first = (values: Iterable<[string, string]>) => {
    for (const [field, raw] of values) {
      const day = dayOf(raw);
      if (plausible(day)) return { day, field };
    }
    return null;
  };

  const linked = articlesInJsonLd(doc);
  const meta = (pairs: [string, string][]) =>
    pairs.flatMap(([attribute, value]) =>
      [...doc.querySelectorAll(`meta[${attribute}="${value}" i]`)].map(
        (element): [string, string] => [
          value,
          element.getAttribute('content') ?? element.getAttribute('datetime') ?? '',
        ],
      ),
    );
  const modified =
    first(linked.flatMap((article) => field(article, 'dateModified'))) ??
    first(meta(META_MODIFIED));
  const withModified = (found: { day: string; field: string }, from: DateSource): PageDate => ({
    published: found.day,
    from,
    field: found.field,
    ...(modified && { modified: modified.day }),
  });

  const fromJsonLd = first(linked.flatMap((article) => field(article, 'datePublished')));
  if (fromJsonLd) return withModified(fromJsonLd, 'json-ld');
  if (!showsAnArticle(doc, linked.length > 0, url)) return null;
  const fromMeta = first(meta(META_PUBLISHED));
  if (fromMeta) return withModified(fromMeta, 'meta');
  const fromTime = first(timesInArticleHeader(doc));
  if (fromTime) return withModified(fromTime, 'time');
  const fromUrl = first(datesInUrl(url));
  if (fromUrl) return withModified(fromUrl, 'url');
  return null;
}

/** Whether the page presents an article: linked data, Open Graph, an <article>, or a dated URL. */
function showsAnArticle(doc: Document, linked: boolean, url: string): boolean {
  if (linked) return true;
  const ogType = doc.querySelector('meta[property="og:type" i]')?.getAttribute('content') ?? '';
  if (/^article$/i.test(ogType.trim())) return true;
  if (
    doc.querySelector('meta[property="article:published_time" i], article, [itemtype*="Article"]')
  ) {
    return true;
  }
  return datesInUrl(url).length > 0;
}

function field(article: Record<string, unknown>, name: string): [string, string][] {
  const value = article[name];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === 'string').map((v) => [name, v]);
}

/** Article objects of the page's JSON-LD, in document order: top level, arrays and @graph. */
function articlesInJsonLd(doc: Document): Record<string, unknown>[] {
  const articles: Record<string, unknown>[] = [];
  const scripts = [...doc.querySelectorAll('script[type="application/ld+json" i]')].slice(
    0,
    MAX_JSON_LD_SCRIPTS,
  );
  for (const script of scripts) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue; // broken JSON: the next script may be fine
    }
    collectArticles(data, articles, 0);
  }
  return articles;
}

function collectArticles(node: unknown, into: Record<string, unknown>[], depth: number): void {
  if (depth > MAX_JSON_DEPTH || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectArticles(item, into, depth + 1);
    return;
  }
  const object = node as Record<string, unknown>;
  const type = object['@type'];
  const types = Array.isArray(type) ? type : [type];
  if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.has(t))) into.push(object);
  if (object['@graph'] !== undefined) collectArticles(object['@graph'], into, depth + 1);
  // An article may sit under a page: WebPage.mainEntity.
  if (object.mainEntity !== undefined) collectArticles(object.mainEntity, into, depth + 1);
}

/** <time datetime> in the article's header: its <header>, or before its first paragraph. */
function* timesInArticleHeader(doc: Document): Generator<[string, string]> {
  const times = doc.querySelectorAll('article header time[datetime], article time[datetime]');
  let seen = 0;
  for (const time of times) {
    if (++seen > MAX_TIME_ELEMENTS) return;
    const article = time.closest('article')!;
    const inHeader = time.closest('header') !== null && article.contains(time.closest('header'));
    const firstParagraph = article.querySelector('p');
    // The constant from the node itself: the `scan` command's documents have no global Node.
    const beforeText =
      firstParagraph === null ||
      (firstParagraph.compareDocumentPosition(time) & time.DOCUMENT_POSITION_PRECEDING) !== 0;
    if (inHeader || beforeText) yield ['time', time.getAttribute('datetime') ?? ''];
  }
}

/** Dates in a URL's path: /2025/01/22/, /2025-01-22-, /20250122/. */
function datesInUrl(url: string): [string, string][] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return [];
  }
  const match = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|$)/.exec(path);
  return match ? [['url', `${match[1]}-${match[2]}-${match[3]}`]] : [];
}
