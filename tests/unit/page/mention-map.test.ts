import { describe, expect, it } from 'vitest';
import { MentionMap, type PaintedMention } from '@/lib/page/mention-map';

function paragraph(text: string) {
  const p = document.createElement('p');
  p.textContent = text;
  document.body.append(p);
  return { block: p, node: p.firstChild as Text };
}

function mention(entityId: string, block: Element, node: Text, start: number, end: number) {
  const range = { startContainer: node, startOffset: start, endContainer: node, endOffset: end };
  return {
    entityId,
    text: node.data.slice(start, end),
    range,
    nodes: [node],
    block,
  } as unknown as PaintedMention;
}

describe('the map of painted mentions', () => {
  it('finds a mention under a caret position, and only inside it', () => {
    const { block, node } = paragraph('OpenAI and Oracle');
    const map = new MentionMap();
    map.add(mention('openai', block, node, 0, 6));
    map.add(mention('oracle', block, node, 11, 17));
    expect(map.at(node, 3).map((m) => m.entityId)).toEqual(['openai']);
    expect(map.at(node, 8)).toEqual([]);
    expect(map.at(node, 12).map((m) => m.entityId)).toEqual(['oracle']);
  });

  it('counts mentions per entity and in all, and forgets a block whole', () => {
    const first = paragraph('Nvidia, Nvidia');
    const second = paragraph('Nvidia and Arm');
    const map = new MentionMap();
    map.add(mention('nvidia', first.block, first.node, 0, 6));
    map.add(mention('nvidia', first.block, first.node, 8, 14));
    map.add(mention('nvidia', second.block, second.node, 0, 6));
    map.add(mention('arm', second.block, second.node, 11, 14));
    expect(map.size).toBe(4);
    expect(Object.fromEntries(map.countsByEntity())).toEqual({ nvidia: 3, arm: 1 });

    expect(map.removeBlock(first.block)).toHaveLength(2);
    expect(map.size).toBe(2);
    expect(map.at(first.node, 2)).toEqual([]);
    expect(map.inDocumentOrder().map((m) => m.entityId)).toEqual(['nvidia', 'arm']);
    map.clear();
    expect(map.size).toBe(0);
  });
});
