/** Packs for the tests, built in code so that each test shows what it changes. */
import type { Pack } from '../../../lib/pack/types';

/** The smallest useful pack: aliases are plain strings, every rule left to its default. */
export function minimalPack(): Pack {
  return {
    format: 'reperes-pack',
    formatVersion: 1,
    id: 'ai-2025',
    version: '1.0.0',
    title: 'AI in 2025',
    language: 'en',
    sources: [
      {
        id: 's1',
        title: 'Announcing The Stargate Project',
        publisher: 'OpenAI',
        date: '2025-01-21',
        language: 'en',
        url: 'https://openai.com/index/announcing-the-stargate-project/',
      },
    ],
    entities: [
      {
        id: 'stargate',
        name: 'Stargate',
        type: 'project',
        aliases: ['Stargate Project', 'Stargate LLC'],
        description: {
          en: 'AI infrastructure joint venture',
          fr: 'Coentreprise d’infrastructure IA',
        },
      },
      {
        id: 'openai',
        name: 'OpenAI',
        type: 'company',
        aliases: [],
        description: { en: 'AI lab' },
      },
    ],
    facts: [
      {
        id: 'f1',
        entities: ['stargate', 'openai'],
        text: { en: 'Plans to invest $500 billion over four years.' },
        source: 's1',
        evidence: 'intends to invest $500 billion over the next four years',
      },
    ],
  };
}

/** A valid pack of the given size, with short texts, as JSON text. */
export function largePackText(entityCount: number, factCount: number): string {
  const entities = [];
  for (let i = 0; i < entityCount; i++) {
    entities.push({
      id: `e${i}`,
      name: `Entity ${i}`,
      type: 'company',
      aliases: [`E${i}`, { text: `Ent ${i}`, case: 'exact', context: ['market'] }],
      description: { en: `Company number ${i}`, fr: `Entreprise numéro ${i}` },
    });
  }
  const sources = [];
  for (let i = 0; i < 1000; i++) {
    sources.push({
      id: `s${i}`,
      title: `Report ${i}`,
      publisher: null,
      date: '2025-02',
      language: 'en',
    });
  }
  const facts = [];
  for (let i = 0; i < factCount; i++) {
    facts.push({
      id: `f${i}`,
      entities: [`e${i % entityCount}`, `e${(i + 1) % entityCount}`],
      text: { en: `Fact ${i} about it.`, fr: `Fait ${i} à son sujet.` },
      source: `s${i % 1000}`,
      evidence: `It said ${i}.`,
      weight: i % 5,
    });
  }
  return JSON.stringify({ ...minimalPack(), sources, entities, facts });
}
