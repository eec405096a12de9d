/**
 * When a page's article was published (issue 17), read from what the page
 * says of itself, in order of trust: its JSON-LD (`datePublished` of an
 * Article, NewsArticle or BlogPosting, in `@graph` and arrays too), its meta
 * tags, a `<time datetime>` in the article's header, and a date in its URL.
 * Modified dates are kept apart. Dates in the future or before 1990 are
 * ignored, and a page that shows no article gets no date: none is better
 * than a wrong one. Reads the DOM, never changes it; bounded on hostile pages.
 */

export type DateSource = 'json-ld' | 'meta' | 'time' | 'url' | 'byline';

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
  'ScholarlyArticle',
  'Report',
  // A fact-check and a health page are articles under other names.
  'ClaimReview',
  'MedicalWebPage',
]);

/** Bounds on what a hostile page can make us read. */
const MAX_JSON_LD_SCRIPTS = 20;
const MAX_JSON_LD_CHARS = 1_000_000;
const MAX_JSON_DEPTH = 8;
const MAX_TIME_ELEMENTS = 50;
const EARLIEST_YEAR = 1990;

/**
 * Month names and their usual abbreviations, folded (lower case, no
 * accents), in the languages of the pages we read: English, French,
 * Spanish, Portuguese, Italian, German, Dutch, Indonesian, Russian.
 */
const MONTH_NAMES: string[][] = [
  [
    'jan',
    'janv',
    'january',
    'janvier',
    'enero',
    'ene',
    'janeiro',
    'gennaio',
    'gen',
    'januar',
    'januari',
    'января',
    'янв',
  ],
  [
    'feb',
    'fev',
    'fevr',
    'february',
    'fevrier',
    'febrero',
    'fevereiro',
    'febbraio',
    'februar',
    'februari',
    'pebruari',
    'февраля',
    'фев',
  ],
  ['mar', 'march', 'mars', 'marzo', 'marco', 'marz', 'maart', 'maret', 'марта', 'мар'],
  ['apr', 'avr', 'april', 'avril', 'abril', 'abr', 'aprile', 'apr', 'апреля', 'апр'],
  ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'mei', 'мая'],
  ['jun', 'june', 'juin', 'junio', 'junho', 'giugno', 'giu', 'juni', 'июня', 'июн'],
  ['jul', 'july', 'juil', 'juillet', 'julio', 'julho', 'luglio', 'lug', 'juli', 'июля', 'июл'],
  ['aug', 'august', 'aout', 'agosto', 'ago', 'agustus', 'augustus', 'agu', 'августа', 'авг'],
  [
    'sep',
    'sept',
    'september',
    'septembre',
    'septiembre',
    'setembro',
    'set',
    'settembre',
    'sep',
    'сентября',
    'сен',
  ],
  [
    'oct',
    'october',
    'octobre',
    'octubre',
    'outubro',
    'out',
    'ottobre',
    'ott',
    'oktober',
    'okt',
    'октября',
    'окт',
  ],
  ['nov', 'november', 'novembre', 'noviembre', 'novembro', 'nopember', 'ноября', 'ноя'],
  [
    'dec',
    'december',
    'decembre',
    'diciembre',
    'dic',
    'dezembro',
    'dez',
    'dicembre',
    'dezember',
    'desember',
    'des',
    'декабря',
    'дек',
  ],
];
const MONTHS: Record<string, number> = Object.fromEntries(
  MONTH_NAMES.flatMap((names, index) => names.map((name) => [name, index + 1])),
);

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
  return writtenDates(value)[0]?.day ?? null;
}

/** Lower case, without accents: "Févr." and "fevr." are one month. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC'); // Hangul syllables, decomposed above, come back whole
}

/** Any month name, longest first so that "sept" is not read as "sep". */
const MONTH = `(?<![a-z\u0430-\u044f])(?:${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})(?![a-z\u0430-\u044f])`;
const WRITTEN_DATE = new RegExp(
  [
    // 22 January 2025, 22. Januar 2025, 22 de enero de 2025, 1er août 2025
    `(?<d1>\\d{1,2})(?:st|nd|rd|th|er|º)?\\.?\\s+(?:de\\s+)?(?<m1>${MONTH})\\.?,?\\s+(?:de\\s+)?(?<y1>\\d{4})`,
    // January 22, 2025; Nov. 19th, 2019
    `(?<m2>${MONTH})\\.?\\s+(?<d2>\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?<y2>\\d{4})`,
    // 2025-01-22, 2025.01.22, 2025/1/22
    `(?<y3>(?:19|20)\\d{2})[-/.](?<m3>\\d{1,2})[-/.](?<d3>\\d{1,2})(?!\\d)`,
    // 22/01/2025, 22.01.2025 (and 01/22/2025 where the day cannot be the month)
    `(?<a4>\\d{1,2})[/.](?<b4>\\d{1,2})[/.](?<y4>(?:19|20)\\d{2})`,
    // 2025년 1월 22일, 2025年1月22日
    `(?<y5>\\d{4})\\s*[년年]\\s*(?<m5>\\d{1,2})\\s*[월月]\\s*(?<d5>\\d{1,2})\\s*[일日]`,
    // Nov 18 (no year: read only where the year is known)
    `(?<m6>${MONTH})\\.?\\s+(?<d6>\\d{1,2})(?:st|nd|rd|th)?(?![\\d.:])`,
  ].join('|'),
  'g',
);

interface WrittenDate {
  day: string;
  /** Where it starts in the folded text. */
  index: number;
}

/**
 * The days a text writes, in order. Numeric dates are read month first
 * where `monthFirst` says so (a page in US English) and day first otherwise,
 * unless the numbers say otherwise (22/01 can only be day first).
 */
function writtenDates(text: string, monthFirst = false, year?: number): WrittenDate[] {
  const found: WrittenDate[] = [];
  for (const match of fold(text).matchAll(WRITTEN_DATE)) {
    const g = match.groups!;
    let day: string | null = null;
    if (g.d1) day = validDay(+g.y1!, monthOf(g.m1!), +g.d1);
    else if (g.d2) day = validDay(+g.y2!, monthOf(g.m2!), +g.d2);
    else if (g.d3) day = validDay(+g.y3!, +g.m3!, +g.d3);
    else if (g.a4) {
      const [a, b] = [+g.a4, +g.b4!];
      const dayFirst = a > 12 || (b <= 12 && !monthFirst);
      day = dayFirst ? validDay(+g.y4!, b, a) : validDay(+g.y4!, a, b);
    } else if (g.d5) day = validDay(+g.y5!, +g.m5!, +g.d5);
    else if (g.d6 && year !== undefined) day = validDay(year, monthOf(g.m6!), +g.d6);
    if (day) found.push({ day, index: match.index });
  }
  return found;
}

function monthOf(name: string): number {
  return MONTHS[name] ?? 0;
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
      if (plausible(day)) return { day, field, raw };
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

  const structured = (): { date: PageDate; timed: boolean } | null => {
    const candidates: [DateSource, Iterable<[string, string]>][] = [
      ['json-ld', linked.flatMap((article) => field(article, 'datePublished'))],
      ['meta', meta(META_PUBLISHED)],
      ['time', timesInArticleHeader(doc)],
      ['url', datesInUrl(url)],
    ];
    for (const [from, values] of candidates) {
      const found = first(values);
      if (found) return { date: withModified(found, from), timed: hasTimeOfDay(found.raw) };
    }
    return null;
  };
  const article = showsAnArticle(doc, linked.length > 0, url);
  const found = article ? structured() : null;
  if (found && !found.timed) return found.date;
  const byline = bylineDate(doc, plausible, found?.date.published);
  const fromByline = byline && withModified({ day: byline.day, field: 'byline' }, 'byline');
  // A date right under the page's own headline is an article's, signal or not.
  if (!found) return byline?.nearHeadline ? fromByline : null;
  // A timestamp may fall on the day after (or before) the publisher's own:
  // the byline, what the reader sees, says which. One further off, or the
  // modified day, is not the publication.
  const shifted =
    byline &&
    byline.day !== found.date.published &&
    byline.day !== found.date.modified &&
    oneDayApart(byline.day, found.date.published);
  return shifted ? fromByline : found.date;
}

function oneDayApart(a: string, b: string): boolean {
  return Math.abs(Date.parse(a) - Date.parse(b)) <= 86_400_000;
}

/**
 * A timestamp with a time of day: its day depends on a zone, and publishers
 * often write UTC, no zone, or the wrong offset, where their byline says
 * their own day.
 */
function hasTimeOfDay(raw: string): boolean {
  return /\d[T ]\d{1,2}:\d{2}/.test(raw);
}

/** How far past the headline a byline may be, in characters of text; how near for a date alone; how far before it. */
const BYLINE_REACH = 1_200;
const BYLINE_NEAR = 400;
const BYLINE_BEFORE = 160;
/** A paragraph this long is the article's text (or a caption): its dates are not the byline's. */
const BODY_PARAGRAPH = 160;
/** After this many, the article's text has begun: the byline, if any, came before. */
const BODY_PARAGRAPHS = 3;
const MAX_HEADLINES = 10;
/** Words before a date that make it an update, not the publication. */
const UPDATE_WORDS =
  /(?:updated?|modified|last edited|mis a jour|modifie|actualizado|atualizad[oa]|aggiornat[oa]|aktualisiert|diperbarui|обновлено)[^\d]{0,24}$/;
/** Words before a date that make it the byline's. */
const BYLINE_WORDS =
  /(?:\bby\b|\bpar\b|\bvon\b|\bpor\b|\boleh\b|published|posted|publie|publicado|publicada|pubblicato|publiziert|veroffentlicht|diterbitkan|опубликовано)[^\d]{0,48}$/;
/** What is never a byline: the page's menus and asides, captions. */
const NOT_BYLINE = 'script, style, noscript, template, figcaption, nav, aside';

/** A headline as compared with the page's title: folded, quotes made plain, spaces collapsed. */
function headlineText(text: string): string {
  return fold(text)
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The article's headline: the <h1> (else <h2>) that its title names
 * (og:title, then <title>, which often add the site's name), not a masthead.
 */
function headlineOf(doc: Document): Element | null {
  const titles = [
    doc.querySelector('meta[property="og:title" i]')?.getAttribute('content') ?? '',
    doc.title,
  ]
    .map(headlineText)
    // A short title ("Home") would name any heading that contains it.
    .filter((title) => title.length >= 8);
  const named = (heading: Element) => {
    const text = headlineText(heading.textContent ?? '');
    return text.length >= 8 && titles.some((title) => title.includes(text) || text.includes(title));
  };
  for (const level of ['h1', 'h2']) {
    const found = [...doc.querySelectorAll(level)].slice(0, MAX_HEADLINES).find(named);
    if (found) return found;
  }
  return null;
}

/**
 * The text around the headline a byline may be in, where dates are read:
 * a little before it, and after it until the article's text begins. A
 * <time datetime> counts by its machine-readable value. Reads text nodes only.
 */
function bylineText(doc: Document, headline: Element): { text: string; start: number } {
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  // Measured once per paragraph: one made of many links and spans is not read again for each.
  const long = new Map<Element, boolean>();
  const isBodyParagraph = (paragraph: Element) => {
    let verdict = long.get(paragraph);
    if (verdict === undefined) {
      verdict = (paragraph.textContent ?? '').replace(/\s+/g, ' ').length > BODY_PARAGRAPH;
      long.set(paragraph, verdict);
    }
    return verdict;
  };
  // Characters as read, white space collapsed: layout indentation is no distance.
  const usable = (node: Node) => {
    const parent = node.parentElement;
    if (!parent || headline.contains(node) || parent.closest(NOT_BYLINE)) return null;
    // "1 day ago", "Monday 6:30PM": then the machine-readable value says the day.
    const time = parent.closest('time[datetime]');
    if (time) {
      // Shown with its year, the text is what the reader sees. Without one ("Nov 18",
      // "1 day ago") the machine-readable value follows it, to say the day.
      const shown = node.nodeValue ?? '';
      return writtenDates(shown).length > 0
        ? ` ${shown} `
        : ` ${shown} ${time.getAttribute('datetime')} `;
    }
    const paragraph = parent.closest('p');
    if (paragraph && isBodyParagraph(paragraph)) return paragraph;
    return ' ' + (node.nodeValue ?? '').replace(/\s+/g, ' ').trim();
  };
  // Before the headline, only within its own article (a masthead's date is not the article's).
  const scope = headline.closest('article, main') ?? headline.parentElement!;
  let before = '';
  walker.currentNode = headline;
  for (
    let node = walker.previousNode();
    node && scope.contains(node) && before.length < BYLINE_BEFORE;
    node = walker.previousNode()
  ) {
    const text = usable(node);
    if (typeof text !== 'string') break;
    before = text + before;
  }
  before = before.slice(-BYLINE_BEFORE);
  let after = '';
  const paragraphs = new Set<Element>();
  walker.currentNode = headline;
  for (
    let node = walker.nextNode();
    node && after.length < BYLINE_REACH;
    node = walker.nextNode()
  ) {
    const text = usable(node);
    if (text === null) continue;
    if (typeof text !== 'string') {
      paragraphs.add(text);
      if (paragraphs.size >= BODY_PARAGRAPHS) break;
      continue;
    }
    after += text;
  }
  // Where the headline ends, in the folded text the dates are found in.
  return { text: before + ' | ' + after, start: fold(before).length + 3 };
}

/**
 * The first date written by the article's headline, that no "Updated"
 * precedes: before it, or after it within the byline's reach. `year`
 * completes a date written without one ("Posted Nov 18, 8:19 PM").
 */
function bylineDate(
  doc: Document,
  plausible: (day: string | null) => day is string,
  near?: string,
): { day: string; nearHeadline: boolean } | null {
  const headline = headlineOf(doc);
  if (!headline || !doc.body) return null;
  const { text, start } = bylineText(doc, headline);
  const lang = (doc.documentElement.getAttribute('lang') ?? '').toLowerCase();
  const folded = fold(text);
  const year = near ? Number(near.slice(0, 4)) : undefined;
  const dates = writtenDates(text, lang === 'en-us', year).filter(
    ({ day, index }) =>
      plausible(day) && !UPDATE_WORDS.test(folded.slice(Math.max(0, index - 48), index)),
  );
  // A date the byline introduces ("By … on", "Published") before any other: the
  // first date under a headline may be that of what the article quotes.
  const introduced = ({ index }: { index: number }) =>
    BYLINE_WORDS.test(folded.slice(Math.max(0, index - 64), index));
  // Before the headline, a date counts only as the byline introduces it.
  const chosen = dates.find(introduced) ?? dates.find(({ index }) => index >= start);
  if (!chosen) return null;
  return {
    day: chosen.day,
    nearHeadline: chosen.index < start || chosen.index - start <= BYLINE_NEAR,
  };
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
      // Broken JSON (an unescaped quote is common): an article's own date fields still read.
      const brokenArticle = looseArticle(text);
      if (brokenArticle) articles.push(brokenArticle);
      continue;
    }
    collectArticles(data, articles, 0);
  }
  return articles;
}

/** From JSON that does not parse: its date fields, when it declares an article type. */
function looseArticle(text: string): Record<string, unknown> | null {
  const types = [...text.matchAll(/"@type"\s*:\s*"([A-Za-z]+)"/g)].map((m) => m[1]!);
  if (!types.some((type) => ARTICLE_TYPES.has(type))) return null;
  const article: Record<string, unknown> = {};
  for (const name of ['datePublished', 'dateModified']) {
    const value = new RegExp(`"${name}"\\s*:\\s*"([^"]{4,40})"`).exec(text)?.[1];
    if (value) article[name] = value;
  }
  return article;
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
