import type { Pack } from '@/lib/pack/types';

export interface PackShape {
  id?: string;
  version?: string;
  entities?: number;
  factsPerEntity?: number;
  /** Prefix of entity ids, so two packs can share or not share entities. */
  entityPrefix?: string;
  factText?: string;
}

/** A valid pack of the given size, with predictable ids: e0, e1… and e0-f0, e0-f1… */
export function makePack(shape: PackShape = {}): Pack {
  const prefix = shape.entityPrefix ?? 'e';
  const entityCount = shape.entities ?? 3;
  const factsPerEntity = shape.factsPerEntity ?? 2;
  const entities: Pack['entities'] = [];
  const facts: Pack['facts'] = [];
  for (let i = 0; i < entityCount; i++) {
    const id = `${prefix}${i}`;
    entities.push({
      id,
      name: `Entity ${prefix.toUpperCase()}${i}`,
      type: 'company',
      aliases: [`Alias ${prefix}${i}`],
      description: { en: `Entity number ${i}.`, fr: `Entité numéro ${i}.` },
    });
    for (let j = 0; j < factsPerEntity; j++) {
      const related = entityCount > 1 ? [`${prefix}${(i + 1) % entityCount}`] : [];
      facts.push({
        id: `${id}-f${j}`,
        entities: [id, ...related],
        text: { en: shape.factText ?? `Fact ${j} about ${id}.`, fr: `Fait ${j} sur ${id}.` },
        source: 's1',
        evidence: `evidence ${j}`,
      });
    }
  }
  return {
    format: 'reperes-pack',
    formatVersion: 1,
    id: shape.id ?? 'test-pack',
    version: shape.version ?? '1.0.0',
    title: 'Test pack',
    language: 'en',
    sources: [
      { id: 's1', title: 'A source', publisher: 'Example', date: '2025-01', language: 'en' },
    ],
    entities,
    facts,
  };
}
