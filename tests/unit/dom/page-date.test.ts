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

  it('reads written dates in the languages of the pages we meet, and Korean and Japanese ones', () => {
    expect(dayOf('25. September 2018')).toBe('2018-09-25');
    expect(dayOf('22 de enero de 2025')).toBe('2025-01-22');
    expect(dayOf('02 Ago 2017')).toBe('2017-08-02');
    expect(dayOf('18 NOV 2019')).toBe('2019-11-18');
    expect(dayOf('Monday, November 18th, 2019 at 11:08 a.m.')).toBe('2019-11-18');
    expect(dayOf('24 сентября 2018')).toBe('2018-09-24');
    expect(dayOf('2018년 8월 25일')).toBe('2018-08-25');
    expect(dayOf('2019年11月19日')).toBe('2019-11-19');
  });

  it('refuses what is no day', () => {
    // A month's name inside another word is no month: "Chicago 5, 2025", "Omar 12, 2025".
    for (const text of ['Chicago 5, 2025', 'Omar 12, 2025', 'about 3, 2024', 'Grammar 2 2024']) {
      expect(dayOf(text), text).toBeNull();
    }
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

  it('still reads an article’s dates from JSON-LD that does not parse', () => {
    const broken =
      '<script type="application/ld+json">{"@type": "Article", "description": "a "quoted" word", "datePublished": "2018-04-18", "dateModified": "2019-04-10"}</script>';
    expect(find(page(broken))).toEqual({
      published: '2018-04-18',
      from: 'json-ld',
      field: 'datePublished',
      modified: '2019-04-10',
    });
    const notAnArticle =
      '<script type="application/ld+json">{"@type": "WebSite", "datePublished": "2018-04-18",</script>';
    expect(find(page(notAnArticle, '<div><h1>Home</h1></div>'))).toBeNull();
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

describe('the byline under the headline', () => {
  const TITLE = 'Nadal keeps Spain alive in the Davis Cup';
  const article = (byline: string, head = '', lang = 'en') =>
    new DOMParser().parseFromString(
      `<html lang="${lang}"><head><title>${TITLE} - Sports</title>${head}</head><body>` +
        `<header><h1>Sports Daily</h1><p>Wednesday, November 20, 2019</p></header>` +
        `<article><h1>${TITLE}</h1>${byline}<p>${'The match went on. '.repeat(12)}</p></article></body></html>`,
      'text/html',
    );

  it('gives the publisher’s own day where a timestamp in UTC falls on the next one', () => {
    const utc = '<meta property="article:published_time" content="2019-11-19T02:24:00Z">';
    expect(find(article('<p>By A. Writer · Nov 18, 2019 at 9:24 pm ET</p>', utc))).toEqual({
      published: '2019-11-18',
      from: 'byline',
      field: 'byline',
    });
    // A byline two days off is not the publication (an update, another story): the metadata stands.
    expect(find(article('<p>Nov 16, 2019</p>', utc))).toMatchObject({
      published: '2019-11-19',
      from: 'meta',
    });
    // A date-only value has no zone to doubt.
    const day = '<meta property="article:published_time" content="2019-11-19">';
    expect(find(article('<p>Nov 18, 2019</p>', day))).toMatchObject({
      published: '2019-11-19',
      from: 'meta',
    });
  });

  it('skips an "Updated" date for the one the byline introduces, and completes a date without a year', () => {
    const utc = '<meta property="article:published_time" content="2019-11-19T01:19:34Z">';
    const byline = '<p>Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM</p>';
    expect(find(article(byline, utc))).toMatchObject({ published: '2019-11-18', from: 'byline' });
  });

  it('dates a page without metadata from the date under its headline, not from its masthead', () => {
    expect(find(article('<p>By Ann Lee, November 19, 2019</p>'))).toMatchObject({
      published: '2019-11-19',
      from: 'byline',
    });
    // No date by the headline: the masthead's "today" is not the article's day.
    expect(find(article('<p>By Ann Lee</p>'))).toBeNull();
    // Nor a date in the article's text, nor one in a caption.
    expect(
      find(article(`<p>${'Long before the final, '.repeat(10)} on 2 May 2019 it began.</p>`)),
    ).toBeNull();
    expect(
      find(article('<figure><figcaption>Madrid, Nov. 19, 2019</figcaption></figure>')),
    ).toBeNull();
  });

  it('prefers the byline’s date to one the article quotes above it', () => {
    const quoted =
      '<p>“A quote,” said on Sunday, October 13th, 2019 | By M. Digby on Monday, November 18th, 2019</p>';
    expect(find(article(quoted))).toMatchObject({ published: '2019-11-18' });
  });

  it('reads numeric dates day first, unless the page is in US English', () => {
    expect(find(article('<p>05/10/2018 - Publicado por Clara</p>', '', 'pt-BR'))).toMatchObject({
      published: '2018-10-05',
    });
    expect(find(article('<p>Posted 05/10/2018</p>', '', 'en-US'))).toMatchObject({
      published: '2018-05-10',
    });
    expect(find(article('<p>Posted 25/10/2018</p>', '', 'en-US'))).toMatchObject({
      published: '2018-10-25',
    });
  });

  it('reads the byline of a page whose whole body is a form, as some sites build theirs', () => {
    const doc = article('<p>By Ann Lee, November 19, 2019</p>');
    const form = doc.createElement('form');
    form.append(...doc.body.childNodes);
    doc.body.append(form);
    expect(find(doc)).toMatchObject({ published: '2019-11-19', from: 'byline' });
  });

  it('takes no heading for the headline on the strength of a short title like "Home"', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><title>Home</title></head><body><article><h1>Home news today</h1><p>November 19, 2019</p></article></body></html>',
      'text/html',
    );
    expect(find(doc)).toBeNull();
  });

  it('completes a <time> shown without its year from its machine-readable value', () => {
    const time = '<p>By Ann Lee <time datetime="2019-03-04T10:00:00-05:00">Mar 4</time></p>';
    expect(find(article(time))).toMatchObject({ published: '2019-03-04', from: 'byline' });
  });

  it('takes a relative "1 day ago" by its machine-readable time', () => {
    const relative = '<p>By Sandee <time datetime="2019-11-19T11:45:59.000Z">1 day ago</time></p>';
    expect(find(article(relative))).toMatchObject({ published: '2019-11-19', from: 'byline' });
  });
});
