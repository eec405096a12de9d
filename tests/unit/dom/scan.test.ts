/**
 * Mentions found in a page's blocks: what the content script will highlight.
 */
import { describe, expect, it } from 'vitest';
import { collectBlocks, pageContextOf, rangeInBlock, scanBlocks } from '../../../lib/dom';
import { PageContext } from '../../../lib/match';
import { entity, matcherFor } from '../match/helpers';

const matcher = matcherFor(
  entity('jensen-huang', 'Jensen Huang'),
  entity('nvidia', 'Nvidia'),
  entity('openai', 'OpenAI'),
  entity('deepseek', 'DeepSeek'),
  entity('deepseek-r1', 'DeepSeek-R1', [{ text: 'R1', case: 'exact' }], {
    context: ['DeepSeek'],
    contextScope: 'page',
  }),
);

function scanBody(html: string) {
  document.body.innerHTML = html;
  const blocks = collectBlocks(document.body);
  return scanBlocks(blocks, matcher);
}

/** Highlighted text as the reader sees it, through a DOM Range. */
function shown(m: ReturnType<typeof scanBody>[number]): string {
  const r = rangeInBlock(m.block, m.start, m.end);
  const range = document.createRange();
  range.setStart(r.startContainer, r.startOffset);
  range.setEnd(r.endContainer, r.endOffset);
  return range.toString();
}

describe('scanBlocks', () => {
  it('finds a mention that runs across inline elements, and highlights it exactly', () => {
    const mentions = scanBody('<p>Selon Jensen <b>Huang</b>, <a href="#">Nvid</a>ia va bien.</p>');
    expect(mentions.map((m) => [m.entityId, m.text, shown(m)])).toEqual([
      ['jensen-huang', 'Jensen Huang', 'Jensen Huang'],
      ['nvidia', 'Nvidia', 'Nvidia'],
    ]);
  });

  it('never finds a mention across a block boundary', () => {
    expect(scanBody('<p>Il cite Jensen</p><p>Huang dit non.</p>')).toEqual([]);
    expect(scanBody('<td>Jensen</td><td>Huang</td>').map((m) => m.text)).toEqual([]);
    expect(scanBody('<p>Open<code>x</code>AI</p>').map((m) => m.text)).toEqual([]);
  });

  it('lets a line break inside a block separate the words of a name', () => {
    expect(scanBody('<p>Jensen<br>Huang</p>').map((m) => m.text)).toEqual(['Jensen\nHuang']);
  });

  it('never marks text in skipped regions', () => {
    expect(
      scanBody('<textarea>Nvidia</textarea><div contenteditable>Nvidia</div><pre>OpenAI</pre>'),
    ).toEqual([]);
  });

  it('uses the whole page for page-scoped rules', () => {
    const mentions = scanBody(
      '<p>Le modèle R1 impressionne.</p><footer>Source : DeepSeek</footer>',
    );
    expect(mentions.map((m) => `${m.entityId}:${m.text}`)).toEqual([
      'deepseek-r1:R1',
      'deepseek:DeepSeek',
    ]);
    expect(scanBody('<p>Le modèle R1 impressionne.</p>')).toEqual([]);
  });

  it('gives the same mentions slice by slice as in one call', () => {
    document.body.innerHTML =
      '<p>Nvidia et OpenAI.</p><p>R1 encore</p><p>Jensen <i>Huang</i></p><p>DeepSeek</p>';
    const blocks = collectBlocks(document.body);
    const whole = scanBlocks(blocks, matcher);
    const page = new PageContext();
    pageContextOf(blocks, { page, from: 0, to: 2 });
    pageContextOf(blocks, { page, from: 2 });
    const sliced = [0, 1, 2, 3].flatMap((from) =>
      scanBlocks(blocks, matcher, { page, from, to: from + 1 }),
    );
    expect(sliced).toEqual(whole);
    expect(whole.map((m) => m.blockIndex)).toEqual([0, 0, 1, 2, 3]);
  });

  it('stops at maxMentions', () => {
    document.body.innerHTML = '<p>Nvidia Nvidia</p><p>Nvidia</p>';
    expect(scanBlocks(collectBlocks(document.body), matcher, { maxMentions: 2 })).toHaveLength(2);
  });

  it('scans plain blocks of text the same way', () => {
    const blocks = [{ text: 'R1 et DeepSeek' }, { text: 'Jensen\nHuang' }];
    expect(scanBlocks(blocks, matcher).map((m) => [m.blockIndex, m.start, m.end])).toEqual([
      [0, 0, 2],
      [0, 6, 14],
      [1, 0, 12],
    ]);
  });
});

describe('context across blocks', () => {
  const circle = matcherFor(
    entity('circle', 'Circle', [], { case: 'exact', context: ['USDC', 'stablecoin'] }),
  );

  it('lets a heading or a table cell take its context from the text beside it', () => {
    document.body.innerHTML =
      '<h2>Circle obtient sa licence</h2><p>L’émetteur de l’USDC est agréé.</p>' +
      '<table><tr><td>USDC</td><td>Circle</td></tr></table>';
    const mentions = scanBlocks(collectBlocks(document.body), circle);
    expect(mentions.map((m) => [m.blockIndex, m.text])).toEqual([
      [0, 'Circle'],
      [3, 'Circle'],
    ]);
  });

  it('does not reach beyond the window', () => {
    document.body.innerHTML = `<h2>Circle</h2><p>${'Texte. '.repeat(60)}USDC</p>`;
    expect(scanBlocks(collectBlocks(document.body), circle)).toEqual([]);
  });
});
