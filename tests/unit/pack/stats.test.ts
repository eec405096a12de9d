import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../lib/pack/semver';
import { packStats } from '../../../lib/pack/stats';
import { minimalPack } from './fixtures';

describe('packStats', () => {
  it('counts by type, facts per entity, languages and gaps', () => {
    const pack = minimalPack();
    pack.sources.push({ ...pack.sources[0]!, id: 's2' });
    const stats = packStats(pack);
    expect(stats).toEqual({
      sources: 2,
      entities: 2,
      facts: 1,
      aliases: 2,
      entitiesByType: { project: 1, company: 1 },
      factsPerEntity: [
        { entityId: 'stargate', asSubject: 1, mentioned: 1 },
        { entityId: 'openai', asSubject: 0, mentioned: 1 },
      ],
      languages: ['en', 'fr'],
      factsByLanguage: { en: 1, fr: 0 },
      missingDescriptions: [{ entityId: 'openai', languages: ['fr'] }],
      missingFacts: [{ entityId: 'stargate', languages: ['fr'] }],
      entitiesWithoutFacts: ['openai'],
      unusedSources: ['s2'],
    });
  });
});

describe('compareVersions', () => {
  it('orders by Semantic Versioning precedence', () => {
    const ordered = [
      '0.9.0',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '10.0.0',
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i]!, ordered[i + 1]!)).toBeLessThan(0);
      expect(compareVersions(ordered[i + 1]!, ordered[i]!)).toBeGreaterThan(0);
    }
    expect(compareVersions('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
  });
});
