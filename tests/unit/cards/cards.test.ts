import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCard, pickText, safeHttpUrl, type CardData, type CardFact } from '@/lib/cards';
import { createSearchIndex, search } from '@/lib/search';
import { loadCard } from '@/lib/store/cards';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, planImport } from '@/lib/store/packs';
import { packToRecords } from '@/lib/store/records';
import type { Pack } from '@/lib/pack/types';
import { makePack } from '../support/packs';

let db: ReperesDatabase;
let dbCount = 0;

beforeEach(() => {
  db = new ReperesDatabase(`cards-${++dbCount}`);
});
afterEach(async () => {
  await db.delete();
});

async function install(pack: Pack | string, now?: number) {
  const result = await planImport(db, typeof pack === 'string' ? pack : JSON.stringify(pack));
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  await applyImport(db, result.plan, { now });
}

const facts = (card: CardData): CardFact[] =>
  card.items.flatMap((item) => (item.kind === 'fact' ? [item.fact] : item.claims));
const factIds = (card: CardData) => facts(card).map((fact) => fact.id);

/** Two packs that both describe "shared", each with its own facts. */
function twoPacks(): [Pack, Pack] {
  const older = makePack({ id: 'older', entities: 2, factsPerEntity: 1 });
  older.entities[0] = {
    ...older.entities[0]!,
    id: 'shared',
    name: 'Old name',
    description: { en: 'Old description.' },
    related: ['e1'],
  };
  older.facts = [
    {
      id: 'o1',
      entities: ['shared'],
      text: { en: 'Older fact, weight 5.' },
      source: 's1',
      evidence: 'older',
      weight: 5,
    },
    {
      id: 'o2',
      entities: ['e1', 'shared'],
      text: { en: 'A fact about e1 that mentions shared.' },
      source: 's1',
      evidence: 'mention',
      weight: 9,
    },
    { id: 'o3', entities: ['e1'], text: { en: 'Only e1.' }, source: 's1', evidence: 'e1' },
  ];
  const newer = makePack({ id: 'newer', entities: 2, factsPerEntity: 1, entityPrefix: 'n' });
  newer.language = 'fr';
  newer.entities[0] = {
    ...newer.entities[0]!,
    id: 'shared',
    name: 'New name',
    type: 'person',
    description: { fr: 'Nouvelle description.', de: 'Neue Beschreibung.' },
    related: ['n1'],
  };
  newer.sources[0] = { ...newer.sources[0]!, date: '2025-01-22', url: 'https://example.com/a' };
  newer.facts = [
    {
      id: 'n-a',
      entities: ['shared', 'n1'],
      text: { fr: 'Fait récent.', en: 'Recent fact.' },
      source: 's1',
      evidence: 'recent',
      weight: 5,
      date: '2025-02',
    },
    { id: 'n-b', entities: ['n1'], text: { fr: 'Sur n1.' }, source: 's1', evidence: 'n1' },
  ];
  return [older, newer];
}

describe('buildCard and loadCard', () => {
  it('merges an entity described by two packs, the most recently updated first', async () => {
    const [older, newer] = twoPacks();
    await install(older, 1000);
    await install(newer, 2000);
    const card = (await loadCard(db, 'shared', 'en'))!;
    expect(card.name).toBe('New name');
    expect(card.type).toBe('person');
    // The newer pack has no English description: its own language, French, is next.
    expect(card.description).toEqual({ text: 'Nouvelle description.', lang: 'fr' });
    expect(card.packs.map((pack) => pack.id)).toEqual(['newer', 'older']);
    // Weight first (the mention weighs 9), then subject before mention, then date.
    expect(factIds(card)).toEqual(['o2', 'n-a', 'o1']);
    const [mention, recent] = facts(card);
    expect(mention!.role).toBe('mentioned');
    expect(recent!.text).toEqual({ text: 'Recent fact.', lang: 'en' });
    expect(recent!.source).toMatchObject({ publisher: 'Example', date: '2025-01-22' });
    expect(recent!.source.url).toBe('https://example.com/a');
    expect(recent!.packTitle).toBe('Test pack');
    expect(card.related).toEqual([
      { id: 'n1', name: 'Entity N1', type: 'company' },
      { id: 'e1', name: 'Entity E1', type: 'company' },
    ]);
  });

  it('returns nothing for an unknown entity', async () => {
    await install(makePack());
    expect(await loadCard(db, 'nobody', 'en')).toBeUndefined();
  });

  it('keeps a fact seen twice once, and drops the same claim seen from another side', () => {
    const pack = makePack({ entities: 2, factsPerEntity: 0 });
    pack.facts = [
      { id: 'a', entities: ['e0', 'e1'], text: { en: 'A' }, source: 's1', evidence: 'same' },
      { id: 'b', entities: ['e1', 'e0'], text: { en: 'B' }, source: 's1', evidence: 'same' },
    ];
    const rows = pack.entities.map((entity, position) => ({
      packId: pack.id,
      id: entity.id,
      entity,
      facts: pack.facts.filter((fact) => fact.entities[0] === entity.id),
      secondary: [],
      position,
      factPositions: [],
    }));
    const record = {
      id: pack.id,
      version: '1.0.0',
      title: 'T',
      header: { ...pack, sources: undefined },
      sources: pack.sources,
      counts: { entities: 2, facts: 2, sources: 1 },
      contentHash: '',
      installedAt: 0,
      updatedAt: 0,
      bundled: false,
    } as unknown as Parameters<typeof buildCard>[2][number];
    const card = buildCard([rows[0]!], [rows[1]!, rows[1]!, rows[0]!], [record], 'e0', 'en')!;
    expect(factIds(card)).toEqual(['a']);
  });

  it('shows both sides of a dispute together, from the bundled pack', async () => {
    await install(readFileSync('data/default-pack.json', 'utf8'));
    const card = (await loadCard(db, 'deepseek', 'fr'))!;
    expect(card.name).toBe('DeepSeek');
    const disputes = card.items.filter((item) => item.kind === 'dispute');
    const sides = disputes.map((item) => item.claims.map((claim) => claim.id).sort());
    expect(sides).toContainEqual(['deepseek-sunway-taihulight', 'deepseek-used-h800']);
    expect(sides).toContainEqual(['deepseek-six-months-claim', 'deepseek-trained-in-two-months']);
    // No claim appears twice (the pack repeats claims for each entity they concern).
    const ids = factIds(card);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('h800-used-by-deepseek');
    expect(facts(card)[0]!.text.lang).toBe('fr');
    // Weight orders the card.
    const weights = card.items.map((item) =>
      item.kind === 'fact' ? item.fact.weight : Math.max(...item.claims.map((c) => c.weight)),
    );
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it('brings in the other side of a dispute even when it does not name the entity', async () => {
    await install(readFileSync('data/default-pack.json', 'utf8'));
    const card = (await loadCard(db, 'donald-trump', 'en'))!;
    const dispute = card.items.find(
      (item) =>
        item.kind === 'dispute' &&
        item.claims.some((claim) => claim.id === 'trump-administration-export-curbs'),
    );
    expect(dispute?.kind).toBe('dispute');
    if (dispute?.kind !== 'dispute') return;
    expect(dispute.claims).toHaveLength(2);
    const other = dispute.claims.find((claim) => claim.id !== 'trump-administration-export-curbs');
    expect(other?.role).toBe('counterpart');
    expect(other?.source.publisher).toBe('Qant');
  });
});

describe('background names', () => {
  it('stay whole entities: a card lists and opens them, and search finds them', async () => {
    await install(readFileSync('data/default-pack.json', 'utf8'));
    const nvidia = (await loadCard(db, 'jensen-huang', 'en'))!;
    expect(nvidia.related.map((r) => r.id)).toContain('donald-trump');
    const trump = (await loadCard(db, 'donald-trump', 'en'))!;
    expect(trump.name).toBe('Donald Trump');
    expect(trump.items.length).toBeGreaterThan(0);
    const index = createSearchIndex(
      packToRecords(JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack).entities,
      { lang: 'en' },
    );
    expect(search(index, 'trump', 1)[0]?.id).toBe('donald-trump');
    expect(search(index, 'Maison Blanche', 1)[0]?.id).toBe('maison-blanche');
  });
});

describe('text choice and links', () => {
  it('prefers the reader, then the pack language, then any', () => {
    expect(pickText({ en: 'E', fr: 'F' }, 'fr', 'en')).toEqual({ text: 'F', lang: 'fr' });
    expect(pickText({ en: 'E', 'fr-CA': 'F' }, 'fr', 'en')).toEqual({ text: 'F', lang: 'fr-CA' });
    expect(pickText({ de: 'D', en: 'E' }, 'fr', 'en')).toEqual({ text: 'E', lang: 'en' });
    expect(pickText({ de: 'D' }, 'fr', 'en')).toEqual({ text: 'D', lang: 'de' });
    expect(pickText({}, 'fr', 'en')).toBeUndefined();
  });

  it('links only http and https', () => {
    expect(safeHttpUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,x')).toBeUndefined();
    expect(safeHttpUrl('not a url')).toBeUndefined();
  });
});
