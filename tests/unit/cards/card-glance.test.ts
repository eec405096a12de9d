import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arrangeCard,
  CHARS_PER_LINE,
  datedAfter,
  GLANCE_FACTS,
  GLANCE_LINES,
  leadClaim,
  sourceCount,
} from '@/lib/card-glance';
import type { CardData, CardFact, CardItem } from '@/lib/cards';
import { loadCard } from '@/lib/store/cards';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, planImport } from '@/lib/store/packs';
import type { Pack } from '@/lib/pack/types';

function fact(n: number, overrides: Partial<CardFact> = {}): CardFact {
  return {
    key: `p/f${n}`,
    id: `f${n}`,
    packId: 'p',
    packTitle: 'Pack',
    role: 'subject',
    entities: ['nvidia'],
    text: { text: `Fact ${n}.`, lang: 'en' },
    evidence: `evidence ${n}`,
    date: '',
    weight: 10 - n,
    source: { id: 's', title: 'Source', publisher: 'Qant', date: '2025-01', language: 'fr' },
    disagreesWith: [],
    ...overrides,
  };
}

const item = (f: CardFact): CardItem => ({ kind: 'fact', fact: f });

function card(facts: CardFact[]): CardData {
  return {
    id: 'nvidia',
    name: 'Nvidia',
    type: 'company',
    packs: [{ id: 'p', title: 'Pack' }],
    items: facts.map(item),
    factCount: facts.length,
    related: [],
  };
}

const ids = (items: CardItem[]) => items.map((i) => leadClaim(i).id);

describe('the facts a card leads with', () => {
  it('are the first three of the card when the page names nothing else', () => {
    const arranged = arrangeCard(card([1, 2, 3, 4, 5].map((n) => fact(n))));
    expect(arranged.glance).toBe(GLANCE_FACTS);
    expect(ids(arranged.items)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
  });

  it('start with the fact linking the entity to a name on the page', () => {
    const facts = [1, 2, 3, 4, 5].map((n) => fact(n));
    facts[3] = fact(4, { entities: ['nvidia', 'deepseek'] });
    const arranged = arrangeCard(card(facts), { pageEntities: new Set(['deepseek', 'nvidia']) });
    expect(ids(arranged.items)).toEqual(['f4', 'f1', 'f2', 'f3', 'f5']);
  });

  it('move one fact per linked name ahead, for two names at most, so the best own fact stays', () => {
    const facts = [
      fact(1),
      fact(2, { entities: ['nvidia', 'a'] }),
      fact(3, { entities: ['nvidia', 'a'] }),
      fact(4, { entities: ['nvidia', 'b'] }),
      fact(5, { entities: ['c', 'nvidia'], role: 'mentioned' }),
    ];
    const arranged = arrangeCard(card(facts), { pageEntities: new Set(['a', 'b', 'c']) });
    expect(ids(arranged.items)).toEqual(['f2', 'f4', 'f1', 'f3', 'f5']);
  });

  it('link through any claim of a dispute', () => {
    const dispute: CardItem = {
      kind: 'dispute',
      claims: [fact(4), fact(5, { entities: ['deepseek'], role: 'counterpart' })],
    };
    const data = { ...card([1, 2, 3].map((n) => fact(n))) };
    data.items = [...data.items, dispute];
    const arranged = arrangeCard(data, { pageEntities: new Set(['deepseek']) });
    expect(arranged.items[0]).toBe(dispute);
  });

  it('stay within the glance’s lines: a long fact waits for "All facts", right after it', () => {
    // With the first fact's line, one line too many.
    const long = 'x'.repeat(CHARS_PER_LINE * (GLANCE_LINES - 1) + 1);
    const facts = [
      fact(1),
      fact(2, { text: { text: long, lang: 'en' } }),
      fact(3),
      fact(4),
      fact(5),
    ];
    const arranged = arrangeCard(card(facts));
    expect(arranged.glance).toBe(3);
    expect(ids(arranged.items)).toEqual(['f1', 'f3', 'f4', 'f2', 'f5']);
  });

  it('always hold the first fact, however long', () => {
    const long = 'x'.repeat(CHARS_PER_LINE * GLANCE_LINES * 2);
    const arranged = arrangeCard(card([fact(1, { text: { text: long, lang: 'en' } }), fact(2)]));
    expect(arranged.glance).toBe(1);
    expect(ids(arranged.items)).toEqual(['f1', 'f2']);
  });

  it('lose no item and add none', () => {
    const facts = [1, 2, 3, 4, 5, 6].map((n) =>
      fact(n, { entities: n % 2 ? ['nvidia', 'x'] : ['nvidia'] }),
    );
    const arranged = arrangeCard(card(facts), { pageEntities: new Set(['x']), maxLines: 2 });
    expect([...ids(arranged.items)].sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
  });

  it('count the sources of a dispute, not its claims', () => {
    const other = { ...fact(2).source, id: 'other' };
    expect(sourceCount([fact(1), fact(2), fact(3, { source: other })])).toBe(2);
  });
});

describe('a card read as of its page’s date', () => {
  const dated = (n: number, date: string, overrides: Partial<CardFact> = {}) =>
    fact(n, { source: { ...fact(n).source, date }, ...overrides });

  it('puts facts dated after the page apart, and keeps both parts in the card’s order', () => {
    const facts = [
      dated(1, '2025-09'),
      dated(2, '2025-01-22'),
      dated(3, '2025-02-01'),
      dated(4, '2024'),
      fact(5, { date: '2023' }), // its own date wins over its source's
    ];
    const arranged = arrangeCard(card(facts), { pageDate: '2025-01-25' });
    expect(ids(arranged.since)).toEqual(['f1', 'f3']);
    expect(ids(arranged.items)).toEqual(['f2', 'f4', 'f5']);
  });

  it('shows at rest the first facts as of the article and the first one since, under its heading', () => {
    const facts = [
      dated(1, '2025-09'),
      dated(2, '2025-01'),
      dated(3, '2025-01'),
      dated(4, '2025-03'),
    ];
    const arranged = arrangeCard(card(facts), { pageDate: '2025-01-25' });
    expect(arranged.sinceGlance).toBe(1);
    expect(ids(arranged.since.slice(0, 1))).toEqual(['f1']); // the most important change
    expect(arranged.glance + arranged.sinceGlance).toBeLessThanOrEqual(GLANCE_FACTS);
    expect(ids(arranged.items.slice(0, arranged.glance))).toEqual(['f2', 'f3']);
  });

  it('lets later facts fill the glance when nothing on the card predates the page', () => {
    const facts = [
      dated(1, '2025-02'),
      dated(2, '2025-03'),
      dated(3, '2025-09'),
      dated(4, '2025-10'),
    ];
    const arranged = arrangeCard(card(facts), { pageDate: '2019-11-19' });
    expect(arranged.glance).toBe(0);
    expect(arranged.sinceGlance).toBe(GLANCE_FACTS);
    expect(ids(arranged.since)).toEqual(['f1', 'f2', 'f3', 'f4']);
  });

  it('keeps a dispute in place unless every claim came later, each claim with its own time', () => {
    const mixed: CardItem = { kind: 'dispute', claims: [dated(1, '2025-01'), dated(2, '2025-09')] };
    const allLater: CardItem = {
      kind: 'dispute',
      claims: [dated(3, '2025-03'), dated(4, '2025-09')],
    };
    const data = { ...card([]), items: [mixed, allLater], factCount: 4 };
    const arranged = arrangeCard(data, { pageDate: '2025-01-25' });
    expect(arranged.items).toEqual([mixed]);
    expect(arranged.since).toEqual([allLater]);
  });

  it('reads a partial date as its first day: a year or month that holds the page’s day is not later', () => {
    expect(datedAfter(dated(1, '2025'), '2025-01-22')).toBe(false);
    expect(datedAfter(dated(1, '2025-01'), '2025-01-22')).toBe(false);
    expect(datedAfter(dated(1, '2025-02'), '2025-01-22')).toBe(true);
    expect(datedAfter(dated(1, '2025-01-23'), '2025-01-22')).toBe(true);
    expect(datedAfter(dated(1, ''), '2025-01-22')).toBe(false); // undated: as usual
  });

  it('is the card as today without a page date', () => {
    const facts = [dated(1, '2025-09'), dated(2, '2025-01')];
    const arranged = arrangeCard(card(facts));
    expect(arranged.since).toEqual([]);
    expect(ids(arranged.items)).toEqual(['f1', 'f2']);
  });
});

describe('the default pack at a glance', () => {
  const db = new ReperesDatabase('card-glance-default');
  const pack = JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack;
  beforeAll(async () => {
    const planned = await planImport(db, JSON.stringify(pack));
    if (!planned.ok) throw new Error('the default pack does not import');
    await applyImport(db, planned.plan);
  });
  afterAll(() => db.delete());

  it('gives every entity one to three facts within the glance’s lines, or its single first fact', async () => {
    const lines = (text = '') => Math.ceil(text.length / CHARS_PER_LINE);
    for (const entity of pack.entities) {
      const data = (await loadCard(db, entity.id, 'en'))!;
      const { items, glance } = arrangeCard(data);
      expect(glance, entity.id).toBeGreaterThanOrEqual(1);
      expect(glance, entity.id).toBeLessThanOrEqual(GLANCE_FACTS);
      const used = items
        .slice(0, glance)
        .reduce((n, i) => n + lines(leadClaim(i).text.text), lines(data.description?.text));
      if (glance > 1) expect(used, entity.id).toBeLessThanOrEqual(GLANCE_LINES);
    }
  });

  it('leads Nvidia’s card on a page about China with the fact that links them', async () => {
    const data = (await loadCard(db, 'nvidia', 'en'))!;
    const alone = arrangeCard(data);
    const glance = alone.items.slice(0, alone.glance).map(leadClaim);
    expect(glance.some((claim) => claim.entities.includes('chine'))).toBe(false);
    const onChina = arrangeCard(data, { pageEntities: new Set(['chine', 'nvidia']) });
    expect(leadClaim(onChina.items[0]!).entities).toContain('chine');
    // The entity's own most important fact keeps its place in the glance.
    expect(onChina.items.slice(0, onChina.glance)).toContain(alone.items[0]);
  });
});
