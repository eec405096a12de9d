/**
 * Page chrome (lib/dom/chrome.ts): what a walk of a whole page keeps as
 * reading content. Pages here follow the shapes met on real news sites.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { collectBlocks, PageChrome, readingBlocks } from '../../../lib/dom';
import { attributeWords, isChromeElement } from '../../../lib/dom/chrome';

/** The texts of the reading blocks of a page whose body is `html`. */
function reading(html: string): string[] {
  document.body.innerHTML = html;
  const chrome = new PageChrome();
  return readingBlocks(collectBlocks(document, { chrome }), chrome).map((b) => b.text.trim());
}

const ARTICLE = '<p>The first paragraph of the story, long enough to be most of the page.</p>';

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('page chrome', () => {
  it.each([
    ['navigation', '<nav><p>Bloomberg Markets</p></nav>'],
    ['a site header', '<header><p>Bloomberg</p></header>'],
    ['a site footer', '<footer><p>© Bloomberg</p></footer>'],
    ['a sidebar', '<aside><p>Trending: Trump</p></aside>'],
    ['a landmark role', '<div role="navigation"><p>Home</p></div>'],
    ['a banner role', '<div role="banner"><p>The Daily</p></div>'],
    ['a menu class', '<div class="site-menu"><p>Sections</p></div>'],
    ['a camelCase id', '<div id="mainNav"><p>Sections</p></div>'],
    ['a sidebar class', '<div class="c-sidebar__inner"><p>Most read</p></div>'],
    ['a cookie banner', '<div id="cookie-consent"><p>We use cookies</p></div>'],
    ['a consent dialog', '<div aria-modal="true"><p>Accept all</p></div>'],
    ['related stories', '<section class="related-stories"><p>China story</p></section>'],
    ['a tag list', '<div class="post-tags"><p>Tags: Meta, AI</p></div>'],
    ['a hidden block', '<div style="display: none"><p>Hidden</p></div>'],
    ['a site header by class', '<div class="site-header"><p>The Daily</p></div>'],
  ])('leaves out %s', (_, html) => {
    expect(reading(`${html}<article>${ARTICLE}</article>`)).toEqual([
      'The first paragraph of the story, long enough to be most of the page.',
    ]);
  });

  it('keeps an article’s own header and footer, headline and byline included', () => {
    expect(
      reading(
        '<article><header><h1>Headline</h1></header>' +
          ARTICLE +
          '<footer><p>By a reporter</p></footer></article>',
      ),
    ).toEqual([
      'Headline',
      'The first paragraph of the story, long enough to be most of the page.',
      'By a reporter',
    ]);
    expect(reading(`<div class="entry-header"><h2>Story title</h2></div>${ARTICLE}`)).toEqual([
      'Story title',
      'The first paragraph of the story, long enough to be most of the page.',
    ]);
  });

  it('drops visually hidden and inline chrome from the block it sits in', () => {
    expect(reading('<p>Read on <span class="sr-only">screen readers only</span>here.</p>')).toEqual(
      ['Read on here.'],
    );
  });

  it('leaves out link lists and link-only items, but not a paragraph with a link', () => {
    expect(
      reading(
        '<ul><li><a href="/a">Trump story</a></li><li><a href="/b">China story</a></li></ul>' +
          '<p>Officials met <a href="/x">Trump</a> on Monday to discuss tariffs.</p>' +
          '<h1><a href="/self">The headline links to itself</a></h1>',
      ),
    ).toEqual([
      'Officials met Trump on Monday to discuss tariffs.',
      'The headline links to itself',
    ]);
  });

  it('keeps a chrome-looking wrapper that holds the page’s main content or most of its text', () => {
    expect(reading('<div class="content-sidebar-wrap"><main>' + ARTICLE + '</main></div>')).toEqual(
      ['The first paragraph of the story, long enough to be most of the page.'],
    );
    expect(
      reading(
        '<div class="content-sidebar-wrap"><div>' +
          ARTICLE +
          '</div><div class="sidebar"><p>Ads</p></div></div>',
      ),
    ).toEqual(['The first paragraph of the story, long enough to be most of the page.']);
  });

  it('judges class and id words, not substrings', () => {
    expect(attributeWords('siteHeader c-nav__item')).toEqual([
      'site',
      'header',
      'c',
      'nav',
      'item',
    ]);
    document.body.innerHTML =
      '<div id="a" class="canvas unavailable"></div><div id="b" class="headline"></div>';
    expect(isChromeElement(document.getElementById('a') as never)).toBe(false);
    expect(isChromeElement(document.getElementById('b') as never)).toBe(false);
  });

  it('reads nothing of a subtree inside chrome when a rescan starts there', () => {
    document.body.innerHTML = '<nav><div id="inner"><p>Markets</p></div></nav>';
    const chrome = new PageChrome();
    collectBlocks(document, { chrome });
    expect(collectBlocks(document.getElementById('inner')!, { chrome })).toEqual([]);
  });
});
