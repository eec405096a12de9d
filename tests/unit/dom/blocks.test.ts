/**
 * The DOM layer as the content script uses it: which text is read, where
 * blocks begin and end, and how block offsets map back to text nodes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  blockRootOf,
  collectBlocks,
  computedStyleChecks,
  iterateBlocks,
  rangeInBlock,
  type TextBlock,
} from '../../../lib/dom';

function render(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

const texts = (blocks: TextBlock[]) => blocks.map((b) => b.text);

/** The text a block range covers, read back from the DOM through a real Range. */
function readRange(block: TextBlock, start: number, end: number): string {
  const r = rangeInBlock(block, start, end);
  const range = document.createRange();
  range.setStart(r.startContainer, r.startOffset);
  range.setEnd(r.endContainer, r.endOffset);
  return range.toString();
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.designMode = 'off';
});

describe('what is read', () => {
  const skipped: [string, string][] = [
    ['input', '<input value="Nvidia">'],
    ['textarea', '<textarea>Nvidia</textarea>'],
    ['select', '<select><option>Nvidia</option></select>'],
    ['contenteditable', '<div contenteditable="true"><p>Nvidia</p></div>'],
    ['contenteditable (empty value)', '<span contenteditable>Nvidia</span>'],
    ['contenteditable plaintext-only', '<span contenteditable="plaintext-only">Nvidia</span>'],
    ['code', '<code>Nvidia</code>'],
    ['pre', '<pre>Nvidia</pre>'],
    ['script', '<script>var Nvidia = 1;</script>'],
    ['style', '<style>.Nvidia { color: red }</style>'],
    ['noscript', '<noscript>Nvidia</noscript>'],
    ['template', '<template><p>Nvidia</p></template>'],
    ['svg', '<svg><text>Nvidia</text></svg>'],
    ['math', '<math><mi>Nvidia</mi></math>'],
    ['hidden attribute', '<div hidden><p>Nvidia</p></div>'],
    ['closed details', '<details><summary>Puces</summary><p>Nvidia</p>Nvidia</details>'],
    ['closed dialog', '<dialog><p>Nvidia</p></dialog>'],
    ['the extension’s own card', '<reperes-card>Nvidia</reperes-card>'],
    ['ruby annotations', '<ruby>N<rt>Nvidia</rt></ruby>'],
  ];
  it.each(skipped)('skips %s', (_what, html) => {
    render(`<p>Avant</p>${html}<p>Après</p>`);
    const all = texts(collectBlocks(document));
    expect(all.join('|')).not.toContain('Nvidia');
    expect(all[0]).toBe('Avant');
    expect(all.at(-1)).toBe('Après');
  });

  it('reads aria-hidden content, open details and open dialogs (they are visible)', () => {
    render(
      '<p aria-hidden="true">Nvidia</p><details open><summary>S</summary><p>Oracle</p></details>' +
        '<dialog open>Meta</dialog><span contenteditable="false">Tesla</span>',
    );
    expect(texts(collectBlocks(document.body))).toEqual(['Nvidia', 'S', 'Oracle', 'Meta', 'Tesla']);
  });

  it('keeps words apart where an unread element stands, and lets <br> act as white space', () => {
    render('<p>Open<code>x</code>AI, Jensen<br>Huang, Méta<wbr>données</p>');
    expect(texts(collectBlocks(document.body))).toEqual([
      'Open\uFFFCAI, Jensen\nHuang, Métadonnées',
    ]);
  });

  it('skips hidden elements by computed style only when asked to', () => {
    render('<p>Avant <span style="display:none">Nvidia</span>après</p>');
    expect(texts(collectBlocks(document.body))).toEqual(['Avant Nvidiaaprès']);
    const checks = computedStyleChecks(window);
    expect(texts(collectBlocks(document.body, checks))).toEqual(['Avant après']);
  });

  it('makes a block of an element styled as one when asked to', () => {
    render('<p><span style="display:block">Nvidia</span><span>Huang</span></p>');
    expect(texts(collectBlocks(document.body))).toEqual(['NvidiaHuang']);
    expect(texts(collectBlocks(document.body, computedStyleChecks(window)))).toEqual([
      'Nvidia',
      'Huang',
    ]);
  });

  it('reads nothing in design mode, and never changes the DOM', () => {
    render('<p>Jensen <b>Huang</b></p>');
    const before = document.body.innerHTML;
    collectBlocks(document);
    expect(document.body.innerHTML).toBe(before);
    document.designMode = 'on';
    expect(collectBlocks(document)).toEqual([]);
  });
});

describe('blocks', () => {
  it('reads inline elements as part of their block, with exact node offsets', () => {
    render('<p>Le patron, Jensen <b>Hu<i>ang</i></b>, parle.</p>');
    const [block] = collectBlocks(document.body);
    expect(block!.text).toBe('Le patron, Jensen Huang, parle.');
    expect(block!.element).toBe(document.querySelector('p'));
    expect(block!.nodes.map((n) => n.data)).toEqual([
      'Le patron, Jensen ',
      'Hu',
      'ang',
      ', parle.',
    ]);
    expect([...block!.starts]).toEqual([0, 18, 20, 23]);
    expect([...block!.ends]).toEqual([18, 20, 23, 31]);
  });

  it('splits at every block element, and around nested blocks', () => {
    render(
      '<div>Avant<p>Un</p>entre<ul><li>Deux</li><li>Trois</li></ul>après</div>' +
        '<table><tr><td>Jensen</td><td>Huang</td></tr></table><h2>Titre</h2>',
    );
    const blocks = collectBlocks(document.body);
    expect(texts(blocks)).toEqual([
      'Avant',
      'Un',
      'entre',
      'Deux',
      'Trois',
      'après',
      'Jensen',
      'Huang',
      'Titre',
    ]);
    const div = document.querySelector('div');
    expect(blocks.filter((b) => b.element === div).map((b) => b.text)).toEqual([
      'Avant',
      'entre',
      'après',
    ]);
  });

  it('drops blocks of white space only', () => {
    render('<div>\n  <p>Un</p>\n  <p> </p>\n</div>');
    expect(texts(collectBlocks(document.body))).toEqual(['Un']);
  });

  it('yields blocks one at a time', () => {
    render('<p>Un</p><p>Deux</p><p>Trois</p>');
    const iterator = iterateBlocks(document.body);
    expect(iterator.next().value?.text).toBe('Un');
    expect(iterator.next().value?.text).toBe('Deux');
  });

  it('reads a deep tree without recursion', () => {
    let html = 'Nvidia';
    for (let i = 0; i < 5000; i++) html = `<span>${html}</span>`;
    render(`<p>${html}</p>`);
    expect(texts(collectBlocks(document.body))).toEqual(['Nvidia']);
  });
});

describe('rescanning a subtree', () => {
  it('finds the block element of a node', () => {
    render('<article><p>Jensen <b>Huang</b></p>tail</article>');
    const b = document.querySelector('b')!;
    expect(blockRootOf(b.firstChild!)).toBe(document.querySelector('p'));
    expect(blockRootOf(document.querySelector('article')!.lastChild!)).toBe(
      document.querySelector('article'),
    );
    expect(blockRootOf(document.body)).toBe(document.body);
  });

  it('collects the blocks of one element alone, its element being itself', () => {
    render('<p>Un</p><p>Deux <b>trois</b></p><p>Quatre</p>');
    const second = document.querySelectorAll('p')[1]!;
    const blocks = collectBlocks(second);
    expect(texts(blocks)).toEqual(['Deux trois']);
    expect(blocks[0]!.element).toBe(second);
  });

  it('gives inline text read alone the block element around it', () => {
    render('<p>Un <b>deux</b></p>');
    const blocks = collectBlocks(document.querySelector('b')!);
    expect(blocks[0]!.element).toBe(document.querySelector('p'));
  });

  it('judges elements by tag alone except those the full rules single out, with the same result', () => {
    // The walk's fast path (tag name only) must agree with the full rules,
    // which an injected style check forces on every element.
    render(
      '<p>Un <span hidden>caché</span> mot <b contenteditable="false">Nvidia</b> et ' +
        '<i contenteditable>édité</i>.</p><details><summary>Titre Meta</summary>Texte ' +
        '<span>Tesla</span><p>Bloc</p></details><details open><span>Ouvert</span> oui</details>' +
        '<dialog><p>Fermé</p></dialog><dialog open><p>Ouvert Arm</p></dialog>' +
        '<section hidden><p>Rien</p></section><div>Fin <u>Mistral</u></div>',
    );
    const fullRules = { isHidden: () => false };
    expect(texts(collectBlocks(document.body))).toEqual(
      texts(collectBlocks(document.body, fullRules)),
    );
    expect(texts(collectBlocks(document.body)).join('|')).not.toMatch(
      /caché|Tesla|Bloc|Fermé|Rien/,
    );
    for (const element of document.querySelectorAll('details, dialog, p, span')) {
      expect(texts(collectBlocks(element))).toEqual(texts(collectBlocks(element, fullRules)));
    }
  });

  it('reads nothing under an unread ancestor', () => {
    render(
      '<div contenteditable><p>Nvidia</p></div><div hidden><p>Meta</p></div><pre><span>x</span></pre>' +
        '<details><p>Tesla</p></details>',
    );
    for (const p of document.querySelectorAll('p, span')) expect(collectBlocks(p)).toEqual([]);
  });
});

describe('ranges', () => {
  it('maps block offsets back to the text nodes, across inline elements', () => {
    render('<p>Le patron, Jensen <b>Hu<i>ang</i></b>, parle.</p>');
    const [block] = collectBlocks(document.body);
    const start = block!.text.indexOf('Jensen');
    const end = start + 'Jensen Huang'.length;
    const range = rangeInBlock(block!, start, end);
    expect(range.startContainer.data).toBe('Le patron, Jensen ');
    expect(range.startOffset).toBe(11);
    expect(range.endContainer.data).toBe('ang');
    expect(range.endOffset).toBe(3);
    expect(readRange(block!, start, end)).toBe('Jensen Huang');
  });

  it('maps every range of a block exactly, separators included', () => {
    render('<p>a<b>bc</b><code>x</code>de<br>f<i>g</i>h</p>');
    const [block] = collectBlocks(document.body);
    expect(block!.text).toBe('abc\uFFFCde\nfgh');
    for (let s = 0; s < block!.text.length; s++) {
      for (let e = s + 1; e <= block!.text.length; e++) {
        const expected = block!.text.slice(s, e).replace(/[\uFFFC\n]/g, '');
        const actual = readRange(block!, s, e).replace(/x/g, '');
        expect(actual, `[${s}, ${e})`).toBe(expected);
      }
    }
  });

  it('refuses offsets outside the block', () => {
    render('<p>Nvidia</p>');
    const [block] = collectBlocks(document.body);
    expect(() => rangeInBlock(block!, 2, 1)).toThrow(RangeError);
    expect(() => rangeInBlock(block!, 0, 7)).toThrow(RangeError);
  });
});
