/**
 * Page chrome: the parts of a page that are not its reading content —
 * navigation, menus, site-wide headers and footers, sidebars, link lists,
 * cookie and consent banners, dialogs, visually hidden text. Marks there
 * never help a reader (a publisher's own name in its menus, "Trending:
 * Trump" in a sidebar), and their words must not make a page look like it is
 * about a pack's subject either.
 *
 * Judged from landmarks, roles, tag names and class and id words, never from
 * computed styles or layout: one native selector match finds the elements
 * with a chrome tag, role or inline style, and the walk tests each element's
 * class and id with one native regex (CLASS_HINT); the few candidates are
 * judged by their attributes. Pure DOM (no globals), so it runs in a browser
 * and in happy-dom alike.
 *
 * Two safeguards keep an article from being taken for chrome: a candidate
 * that contains the page's `main` is content, and so is one that holds most
 * of the text of a page that has next to none outside chrome (a theme's
 * `content-sidebar-wrap` around everything) — see `readingBlocks`.
 */

import type { ElementLike } from './rules';

/**
 * The elements worth judging by tag, role or inline style: one native
 * selector match per walk. Few selectors, since matching costs each of them
 * for every element of the page (a list of substring selectors over class
 * names took 14 ms on a page of 8,000 elements); class and id words are
 * judged during the walk instead, through CLASS_HINT.
 */
const CHROME_CANDIDATES =
  'nav, header, footer, aside, menu, search, dialog, [role], [aria-modal], [style*="none" i], [style*="hidden" i]';

/**
 * Whether a class or id value may hold a chrome word (see the sets below):
 * one native test per element that has one; the few that pass are judged.
 */
const CLASS_HINT =
  /nav|menu|head|foot|mast|side|widget|crumb|cookie|consent|gdpr|related|recommend|trending|popular|share|social|newsletter|subscri|promo|sponsor|advert|tag|only|hidden|reader|offscreen|skip|modal|popup|overlay|lightbox|ticker|rail|breaking|slate|disclosure|banner|collapse|(?:^|[^a-z])ads?(?:$|[^a-z])/i;

/** Roles of landmarks and widgets that are not reading content. */
const CHROME_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'menu',
  'menubar',
  'search',
  'dialog',
  'alertdialog',
  'tablist',
  'toolbar',
]);
/** Roles that a site's header or footer loses inside an article (HTML-AAM). */
const SCOPED_ROLES = new Set(['banner', 'contentinfo']);

/** Class and id words that name chrome wherever they stand. */
const CHROME_WORDS = new Set([
  'nav',
  'navbar',
  'navigation',
  'navlinks',
  'subnav',
  'menu',
  'menus',
  'menubar',
  'submenu',
  'megamenu',
  'masthead',
  'sidebar',
  'sidebars',
  'widget',
  'widgets',
  'breadcrumb',
  'breadcrumbs',
  'cookie',
  'cookies',
  'consent',
  'gdpr',
  'related',
  'recommended',
  'recommendations',
  'trending',
  'popular',
  'share',
  'sharing',
  'sharebar',
  'social',
  'newsletter',
  'subscribe',
  'subscription',
  'promo',
  'promos',
  'sponsored',
  'sponsor',
  'advert',
  'advertisement',
  'tags',
  'taglist',
  'tagcloud',
  'offscreen',
  'ad',
  'ads',
  'advertising',
  'modal',
  'popup',
  'overlay',
  'lightbox',
  'ticker',
  'disclosure',
]);
/** Class and id words for site headers and footers: chrome unless they name an article's own. */
const SCOPED_WORDS = new Set(['header', 'footer', 'sitefooter', 'siteheader', 'topbar', 'banner']);
/** Words that make a header or footer class the article's own ("entry-header", "post-footer"). */
const CONTENT_WORDS = new Set([
  'article',
  'entry',
  'post',
  'story',
  'content',
  'body',
  'headline',
  'title',
]);
/** Word pairs that name chrome: visually hidden text and lists of the most read. */
const CHROME_PAIRS = new Set([
  'sr only',
  'visually hidden',
  'screen reader',
  'most read',
  'most popular',
  'most viewed',
  'side bar',
  'skip link',
  'skip to',
  'top bar',
  'breaking news',
  'end slate',
  'right rail',
  'left rail',
  'side rail',
]);
/** An article, or the page's main content: a site header or footer inside one is its own. */
const ARTICLE_SELECTOR = 'article, main, [role="main" i], [role="article" i]';
/**
 * The page's main content; a candidate containing it is never chrome. Not
 * `article`: teaser cards in sidebars and "most popular" lists are articles too.
 */
const MAIN_SELECTOR = 'main, [role="main" i], [itemprop~="articleBody"]';

/** Words of a class list or id: split at non-alphanumerics and camelCase humps, lowercased. */
export function attributeWords(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** What names chrome in a class or id value: 'chrome', 'scoped' (a header or footer) or null. */
function judgeWords(value: string | null): 'chrome' | 'scoped' | null {
  if (value === null || value === '') return null;
  const tokens = value.split(/\s+/);
  // Bootstrap's collapsed panels are hidden until opened (`show`, or `in` before v4).
  if (tokens.includes('collapse') && !tokens.includes('show') && !tokens.includes('in')) {
    return 'chrome';
  }
  let scoped = false;
  // Each class is judged apart: "entry-header" names the article's own, "site-header x" does not.
  for (const token of tokens) {
    const words = attributeWords(token);
    let content = false;
    let header = false;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (CHROME_WORDS.has(word)) return 'chrome';
      if (i > 0 && CHROME_PAIRS.has(`${words[i - 1]!} ${word}`)) return 'chrome';
      if (SCOPED_WORDS.has(word)) header = true;
      if (CONTENT_WORDS.has(word)) content = true;
    }
    if (header && !content) scoped = true;
  }
  return scoped ? 'scoped' : null;
}

/** Whether an inline style hides the element (`display: none`, `visibility: hidden`). */
function hiddenByStyle(style: string | null): boolean {
  return style !== null && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

interface Judgeable extends ElementLike {
  readonly parentNode: Judgeable | null;
  closest?(selectors: string): unknown;
}

/**
 * Whether an element is page chrome by itself (its ancestors aside): its tag,
 * role, modality, inline style, class and id words. A site header or footer
 * (`header`, `footer`, roles banner and contentinfo, classes like
 * "site-header") inside an article or `main` is the article's own: content.
 */
export function isChromeElement(element: Judgeable): boolean {
  const tag = element.localName;
  if (tag === 'html' || tag === 'body' || tag === 'article' || tag === 'main') return false;
  if (tag === 'nav' || tag === 'aside' || tag === 'menu' || tag === 'search') return true;
  if (tag === 'dialog' || element.getAttribute('aria-modal') === 'true') return true;
  if (hiddenByStyle(element.getAttribute('style'))) return true;
  let scoped = tag === 'header' || tag === 'footer';
  const role = element.getAttribute('role')?.trim().toLowerCase();
  if (role === 'main' || role === 'article') return false;
  if (role !== undefined && CHROME_ROLES.has(role)) {
    if (!SCOPED_ROLES.has(role)) return true;
    scoped = true;
  }
  for (const verdict of [
    judgeWords(element.getAttribute('class')),
    judgeWords(element.getAttribute('id')),
  ]) {
    if (verdict === 'chrome') return true;
    if (verdict === 'scoped') scoped = true;
  }
  if (!scoped) return false;
  const parent = element.parentNode;
  return !(parent?.closest?.(ARTICLE_SELECTOR) ?? false);
}

interface QueryRoot {
  querySelectorAll?(selectors: string): Iterable<unknown>;
  matches?(selectors: string): boolean;
  contains?(other: unknown): boolean;
}

/**
 * The chrome of one page, as the walk meets it: which elements are chrome,
 * and, once a full walk is done, which of them turned out to hold the page's
 * content (`readingBlocks` promotes them).
 */
export class PageChrome {
  private readonly chrome = new Set<unknown>();
  private readonly promoted = new Set<unknown>();
  /** Chrome elements hidden by their style: never promoted to content. */
  private readonly hidden = new Set<unknown>();
  /** Elements judged by their class or id, chrome or not. */
  private readonly judged = new WeakSet<object>();
  /** The main content elements of the document, found once. */
  private mains: unknown[] | undefined;

  /**
   * Judges the candidates under `root` (itself included); returns false if
   * the DOM cannot say (no selector API), and then nothing counts as chrome.
   */
  judgeUnder(root: QueryRoot & Judgeable, document: QueryRoot): boolean {
    if (root.querySelectorAll === undefined) return false;
    let candidates: unknown[];
    try {
      candidates = [...root.querySelectorAll(CHROME_CANDIDATES)];
      if (root.matches?.(CHROME_CANDIDATES)) candidates.push(root);
      this.mains ??= [...(document.querySelectorAll?.(MAIN_SELECTOR) ?? [])];
    } catch {
      return false;
    }
    for (const candidate of candidates) this.consider(candidate as Judgeable & QueryRoot);
    return true;
  }

  /** Whether this element is chrome by itself (judged, and not promoted to content). */
  has(element: unknown): boolean {
    return this.chrome.has(element) && !this.promoted.has(element);
  }

  /**
   * `has`, judging on the way an element the selector match could not find:
   * one whose class or id names chrome. What a walk calls for every element.
   */
  judge(
    element: Judgeable & QueryRoot & { readonly className?: unknown; readonly id?: unknown },
  ): boolean {
    if (this.chrome.has(element)) return !this.promoted.has(element);
    const { className, id } = element;
    const hinted =
      (typeof className === 'string' && className !== '' && CLASS_HINT.test(className)) ||
      (typeof id === 'string' && id !== '' && CLASS_HINT.test(id));
    if (!hinted || this.judged.has(element)) return false;
    this.judged.add(element);
    this.consider(element);
    return this.has(element);
  }

  /** Adds a candidate that is chrome by itself, unless it holds the page's main content. */
  private consider(element: Judgeable & QueryRoot): void {
    if (this.chrome.has(element) || !isChromeElement(element)) return;
    // Hidden is hidden, whatever it holds (a copy of the article for search engines).
    if (hiddenByStyle(element.getAttribute('style'))) this.hidden.add(element);
    else if ((this.mains ?? []).some((main) => element.contains?.(main))) return;
    this.chrome.add(element);
  }

  /** Whether any ancestor of `node` (itself excluded) is chrome. */
  isInside(node: { parentNode: unknown }): boolean {
    for (let p = node.parentNode as { parentNode: unknown } | null; p; p = p.parentNode as never) {
      if ((p as { nodeType?: number }).nodeType === 1 && this.judge(p as never)) return true;
    }
    return false;
  }

  /** Treat this chrome element as content from now on. */
  promote(element: unknown): void {
    if (!this.hidden.has(element)) this.promoted.add(element);
  }
}

/**
 * A page whose text outside chrome is below this share of its text has its
 * content inside an element that looks like chrome (a theme's
 * `content-sidebar-wrap`): the elements holding more than CONTENT_SHARE of
 * it are content. Elsewhere, a big "related stories" block below a short
 * article stays chrome.
 */
export const FREE_SHARE = 0.2;
const CONTENT_SHARE = 0.5;
/** A block whose visible text is links at least this much is a link list or a menu item. */
const LINK_SHARE = 0.7;

/** What readingBlocks needs of a block. */
export interface ChromeBlock {
  readonly element: Element | null;
  /** The block-level chrome elements around it, outermost first (empty: none). */
  readonly chrome: readonly unknown[];
  /** Visible characters: its text nodes' lengths without leading and trailing white space. */
  readonly visibleLength: number;
  /** Of those, the characters inside links. */
  readonly linkLength: number;
}

/**
 * The blocks of a whole page's walk that are reading content: outside chrome
 * (after promoting chrome elements that hold most of the page's text), and
 * not link lists. A page's main heading stays even when it is a link.
 */
export function readingBlocks<B extends ChromeBlock & { readonly text: string }>(
  blocks: readonly B[],
  chrome: PageChrome,
): B[] {
  // A first estimate from lengths the walk measured anyway: is there reading text
  // outside chrome? Nearly always, and then nothing is promoted.
  const outside = (lengths: readonly number[]) => {
    let total = 0;
    let free = 0;
    blocks.forEach((block, i) => {
      total += lengths[i]!;
      if (block.chrome.length === 0) free += lengths[i]!;
    });
    return { total, free };
  };
  const rough = outside(blocks.map((block) => block.visibleLength));
  if (rough.free < rough.total * FREE_SHARE) {
    // Then a count without white space, which a carousel's indentation would inflate.
    const letters = blocks.map((block) => nonSpaceLength(block.text));
    const { total, free } = outside(letters);
    if (free < total * FREE_SHARE) {
      const held = new Map<unknown, number>();
      blocks.forEach((block, i) => {
        for (const element of block.chrome) {
          held.set(element, (held.get(element) ?? 0) + letters[i]!);
        }
      });
      for (const [element, length] of held) {
        if (length > total * CONTENT_SHARE) chrome.promote(element);
      }
    }
  }
  return blocks.filter((block) => isReadingBlock(block, chrome));
}

/** Characters of `s` other than white space. */
export function nonSpaceLength(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0)) count++;
  }
  return count;
}

/** Whether one block is reading content, given the page's chrome as judged so far. */
export function isReadingBlock(block: ChromeBlock, chrome: PageChrome): boolean {
  for (const element of block.chrome) if (chrome.has(element)) return false;
  return !(
    block.linkLength >= block.visibleLength * LINK_SHARE &&
    block.linkLength > 0 &&
    block.element?.localName !== 'h1'
  );
}
