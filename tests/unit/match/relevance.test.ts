/**
 * Which correct mentions earn a mark (lib/match/relevance.ts): background
 * names only on pages about their pack's subject, no name on its own site.
 */
import { describe, expect, it } from 'vitest';
import { compilePacks, PageContext, PageRelevance } from '../../../lib/match';
import { isOnDomain, selectRelevant, type MarkScope } from '../../../lib/match/relevance';
import { serializeMatcher, loadMatcher } from '../../../lib/match/serialize';
import type { Entity } from '../../../lib/pack/types';
import { entity } from './helpers';

const background = (e: Entity): Entity => ({ ...e, role: 'background' });

const matcher = compilePacks([
  {
    topics: ['semiconductor', 'data center'],
    entities: [
      entity('nvidia', 'Nvidia'),
      entity('h800', 'H800'),
      background(entity('trump', 'Trump')),
      { ...background(entity('bloomberg', 'Bloomberg')), domains: ['bloomberg.com'] },
    ],
  },
  // A second pack with a subject of its own: its background is judged on its own signs.
  { entities: [entity('mica', 'MiCA'), background(entity('eu', 'EU'))] },
]);

/** The names marked on a page whose text is `text`, mentions given in order. */
function marked(
  text: string,
  mentions: string[],
  host = 'example.org',
  scope: MarkScope = 'subject',
) {
  const relevance = new PageRelevance(matcher.entityIds, matcher.relevance, host, scope);
  const found = mentions.map((entityId) => ({ entityId }));
  return selectRelevant(found, relevance, PageContext.fromText(text)).marked.map((m) => m.entityId);
}

describe('topic-aware marking', () => {
  it('marks subject names anywhere', () => {
    expect(marked('A page about cooking.', ['nvidia'])).toEqual(['nvidia']);
  });

  it('holds a background name on a page showing fewer than two signs of the subject', () => {
    expect(marked('Trump spoke.', ['trump'])).toEqual([]);
    expect(marked('Trump and Nvidia.', ['trump', 'nvidia'])).toEqual(['nvidia']);
    expect(marked('A semiconductor plant; Trump spoke.', ['trump'])).toEqual([]);
  });

  it('marks it with two signs: two subject mentions, a subject and a topic word, or two topic words', () => {
    expect(marked('Trump, Nvidia and the H800.', ['trump', 'nvidia', 'h800'])).toEqual([
      'trump',
      'nvidia',
      'h800',
    ]);
    expect(marked('Nvidia, Trump, Nvidia.', ['nvidia', 'trump', 'nvidia'])).toEqual([
      'nvidia',
      'trump',
      'nvidia',
    ]);
    expect(marked('A semiconductor plant. Trump and Nvidia.', ['trump', 'nvidia'])).toEqual([
      'trump',
      'nvidia',
    ]);
    expect(marked('Semiconductor data center news: Trump.', ['trump'])).toEqual(['trump']);
  });

  it('judges each pack on its own subject', () => {
    // Nvidia twice makes the page about the first pack's subject, not about MiCA's.
    expect(marked('Nvidia, Nvidia, EU, Trump.', ['nvidia', 'nvidia', 'eu', 'trump'])).toEqual([
      'nvidia',
      'nvidia',
      'trump',
    ]);
  });

  it('finds topic words as whole words, in any case and with accents folded', () => {
    expect(marked('SEMICONDUCTOR and Data  Center: Trump.', ['trump'])).toEqual(['trump']);
    expect(marked('Semiconductors? datacenters? Trump.', ['trump'])).toEqual([]);
  });

  it('marks every name with the "every name" setting, except on its own site', () => {
    expect(marked('Trump spoke.', ['trump'], 'example.org', 'all')).toEqual(['trump']);
    expect(marked('Bloomberg', ['bloomberg'], 'www.bloomberg.com', 'all')).toEqual([]);
  });

  it('never marks a name on its own site or a subdomain of it', () => {
    const text = 'Nvidia and H800 chips, reported by Bloomberg.';
    expect(marked(text, ['nvidia', 'h800', 'bloomberg'], 'www.bloomberg.com')).toEqual([
      'nvidia',
      'h800',
    ]);
    expect(marked(text, ['nvidia', 'h800', 'bloomberg'], 'bloomberg.co')).toEqual([
      'nvidia',
      'h800',
      'bloomberg',
    ]);
    expect(isOnDomain('news.bloomberg.com.', 'bloomberg.com')).toBe(true);
    expect(isOnDomain('notbloomberg.com', 'bloomberg.com')).toBe(false);
  });

  it('survives storage: the stored index judges alike, and an older index without a table marks everything', () => {
    const stored = serializeMatcher(matcher);
    const loaded = loadMatcher(JSON.parse(JSON.stringify(stored)) as typeof stored);
    expect(loaded.relevance).toEqual(matcher.relevance);
    const { relevance: _, ...older } = stored;
    const legacy = loadMatcher(older);
    const judge = new PageRelevance(legacy.entityIds, legacy.relevance, 'bloomberg.com', 'subject');
    expect(judge.judge('trump')).toBe(0);
    expect(judge.judge('bloomberg')).toBe(0);
    expect(() =>
      loadMatcher({ ...stored, relevance: { ...stored.relevance!, background: [99] } }),
    ).toThrow(/relevance/);
  });
});
