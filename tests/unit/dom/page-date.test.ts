import { describe, expect, it } from 'vitest';
import { dayOf, publicationDate } from '@/lib/dom/page-date';

const NOW = new Date('2026-12-01T12:00:00Z');
const page = (head: string, body = '<article><h1>Title</h1><p>Text.</p></article>') =>
  new DOMParser().parseFromString(
    `<html><head>${head}</head><body>${body}</body></html>`,
    'text/html',
  );
const jsonLd = (data: unknown) =>
  `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
const find = (doc: Document, url = 'https://news.example/story') => publicationDate(doc, url, NOW);

describe('the day a date string says', () => {
  it('reads ISO dates and timestamps as written, whatever their time zone', () => {
    expect(dayOf('2025-01-22')).toBe('2025-01-22');
    expect(dayOf('2025-01-22T23:30:00-05:00')).toBe('2025-01-22');
    expect(dayOf('2025-01-22T01:00:00+09:00')).toBe('2025-01-22');
    expect(dayOf('2025-01-22T10:00:00Z')).toBe('2025-01-22');
    expect(dayOf('20250122T100000Z')).toBe('2025-01-22');
    expect(dayOf('2025/1/9')).toBe('2025-01-09');
  });

  it('reads written dates in English and French', () => {
    expect(dayOf('Wed, 22 Jan 2025 10:00:00 GMT')).toBe('2025-01-22');
    expect(dayOf('January 22, 2025')).toBe('2025-01-22');
    expect(dayOf('22nd January 2025')).toBe('2025-01-22');
    expect(dayOf('22 janvier 2025')).toBe('2025-01-22');
    expect(dayOf('1er août 2025')).toBe('2025-08-01');
    expect(dayOf('3 févr. 2025')).toBe('2025-02-03');
  });

  it('refuses what is no day', () => {
    for (const text of ['2025-02-31', '2025-13-01', '12 monkeys 1995', 'yesterday', '', '2025']) {
      expect(dayOf(text)).toBeNull();
    }
  });
});

describe('the publication date of a page', () => {
  it('takes JSON-LD first, in @graph and arrays, and keeps the modified date apart', () => {
    const graph = jsonLd({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', datePublished: '2001-01-01' },
        {
          '@type': ['NewsArticle'],
          datePublished: '2025-01-22T08:00:00+01:00',
          dateModified: '2025-02-03',
        },
      ],
    });
    const doc = page(`${graph}<meta property="article:published_time" content="2024-12-31">`);
    expect(find(doc)).toEqual({
      published: '2025-01-22',
      from: 'json-ld',
      field: 'datePublished',
      modified: '2025-02-03',
    });
    const array = jsonLd([
      { '@type': 'BreadcrumbList' },
      { '@type': 'BlogPosting', datePublished: '2025-03-04' },
    ]);
    expect(find(page(array))).toMatchObject({ published: '2025-03-04', from: 'json-ld' });
  });

  it('reads each meta tag kind, most trusted first, and never a modified date as published', () => {
    for (const [tag, field] of [
      [
        '<meta property="article:published_time" content="2025-01-22T10:00:00Z">',
        'article:published_time',
      ],
      ['<meta property="og:published_time" content="2025-01-22">', 'og:published_time'],
      ['<meta itemprop="datePublished" content="2025-01-22">', 'datePublished'],
      ['<meta name="parsely-pub-date" content="2025-01-22T10:00:00Z">', 'parsely-pub-date'],
      ['<meta name="sailthru.date" content="Wed, 22 Jan 2025 10:00:00 -0500">', 'sailthru.date'],
      ['<meta name="dc.date" content="2025-01-22">', 'dc.date'],
      ['<meta name="date" content="2025-01-22">', 'date'],
    ] as const) {
      expect(find(page(tag))).toEqual({ published: '2025-01-22', from: 'meta', field });
    }
    const onlyModified = page(
      '<meta property="article:modified_time" content="2025-02-03">',
      '<article><p>x</p></article>',
    );
    expect(find(onlyModified)).toBeNull();
  });

  it('reads a <time datetime> in the article header, not one in the text or elsewhere', () => {
    const header =
      '<article><header><h1>T</h1><time datetime="2025-01-22">22 Jan</time></header><p>Text.</p></article>';
    expect(find(page('', header))).toEqual({
      published: '2025-01-22',
      from: 'time',
      field: 'time',
    });
    const inText =
      '<article><h1>T</h1><p>On <time datetime="2019-05-01">1 May 2019</time> it began.</p></article>';
    expect(find(page('', inText))).toBeNull();
    const outside =
      '<aside><time datetime="2025-01-22">x</time></aside><article><p>T</p></article>';
    expect(find(page('', outside))).toBeNull();
  });

  it('falls back on a date in the URL', () => {
    const doc = page('', '<div><p>Text.</p></div>');
    expect(find(doc, 'https://news.example/2025/01/22/stargate/')).toEqual({
      published: '2025-01-22',
      from: 'url',
      field: 'url',
    });
    expect(find(doc, 'https://news.example/2025-01-22-stargate')).toMatchObject({
      published: '2025-01-22',
    });
  });

  it('gives no date to a page without an article, nor one in the future or before 1990', () => {
    expect(
      find(page('<meta name="date" content="2025-01-22">', '<div>Home page</div>')),
    ).toBeNull();
    expect(find(page('<meta name="date" content="2027-06-01">'))).toBeNull();
    expect(find(page('<meta name="date" content="1989-12-31">'))).toBeNull();
    // A later source with a plausible date still counts.
    const both = page(
      '<meta property="article:published_time" content="2099-01-01"><meta name="date" content="2025-01-22">',
    );
    expect(find(both)).toMatchObject({ published: '2025-01-22', field: 'date' });
  });

  it('survives hostile pages: broken and huge JSON-LD, deep nesting, a hundred <time> elements', () => {
    const broken =
      '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>';
    const huge = jsonLd({
      '@type': 'NewsArticle',
      datePublished: '2020-01-01',
      padding: 'x'.repeat(2_000_000),
    });
    let deep: unknown = { '@type': 'NewsArticle', datePublished: '2020-01-01' };
    for (let i = 0; i < 1000; i++) deep = { '@graph': [deep] };
    const good = jsonLd({ '@type': 'NewsArticle', datePublished: '2025-01-22' });
    expect(find(page(broken + huge + jsonLd(deep) + good))).toMatchObject({
      published: '2025-01-22',
      from: 'json-ld',
    });

    const times = Array.from(
      { length: 100 },
      (_, i) => `<time datetime="nonsense-${i}">x</time>`,
    ).join('');
    const many = page(
      '',
      `<article><header>${times}<time datetime="2025-01-22">x</time></header><p>T</p></article>`,
    );
    expect(find(many)).toBeNull(); // the real one is past the bound: no date rather than a long read
  });
});
