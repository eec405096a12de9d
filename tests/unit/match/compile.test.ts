/**
 * The compiled index: what it holds, its stored form, and that a stored index
 * matches exactly like the one compiled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../lib/match/compile';
import { findMentions } from '../../../lib/match/match';
import { loadMatcher, loadMatcherGradually, serializeMatcher } from '../../../lib/match/serialize';
import { entity, found, matcherFor } from './helpers';

describe('compileMatcher', () => {
  it('always matches the entity name, plus its aliases', () => {
    const index = matcherFor(entity('meta', 'Meta Platforms', ['Meta', { text: 'Facebook' }]));
    expect(found(index, 'Meta Platforms, Meta and Facebook')).toEqual([
      'meta:Meta Platforms',
      'meta:Meta',
      'meta:Facebook',
    ]);
  });

  it('merges alias rules over entity rules field by field', () => {
    const index = matcherFor(
      entity('mica', 'MiCA', [{ text: 'Markets in Crypto-Assets', case: 'any' }], {
        context: ['crypto'],
      }),
    );
    // The alias keeps the entity's context (which does not count inside the mention itself)
    // but has its own case rule.
    expect(found(index, 'markets in crypto-assets')).toEqual([]);
    expect(found(index, 'markets in crypto-assets rules, crypto')).toEqual([
      'mica:markets in crypto-assets',
    ]);
    expect(found(index, 'MiCA rules')).toEqual([]);
    expect(found(index, 'MiCA rules crypto')).toEqual(['mica:MiCA']);
  });

  it('matches entities from several packs together', () => {
    const first = [entity('openai', 'OpenAI')];
    const second = [entity('esma', 'ESMA')];
    const index = compileMatcher([...first, ...second]);
    expect(found(index, 'OpenAI, ESMA')).toEqual(['openai:OpenAI', 'esma:ESMA']);
  });

  it('ignores aliases that normalise to nothing', () => {
    const index = matcherFor(entity('x', 'X', ['', '  ', '\u200B']));
    expect(found(index, 'X')).toEqual(['x:X']);
  });

  it('keeps one output for aliases that differ only in accents or spacing', () => {
    const index = matcherFor(
      entity('sg', 'Société Générale', ['Societe  Generale', 'Société Générale']),
    );
    expect(index.outEntity.length).toBe(1);
  });
});

describe('serialised index', () => {
  const entities = [
    entity('openai', 'OpenAI', ['Open AI']),
    entity('stargate', 'Stargate', [], { context: ['OpenAI'], veto: ['série Stargate'] }),
    entity('r1', 'DeepSeek-R1'),
    entity('deepseek', 'DeepSeek', [{ text: 'deepseek', case: 'any' }]),
    entity('emoji', '🚀 Rocket'),
    entity('korean', '삼성전자'),
  ];

  it('is plain JSON and loads back to the same matcher', () => {
    const stored = JSON.parse(
      JSON.stringify(serializeMatcher(compileMatcher(entities))),
    ) as ReturnType<typeof serializeMatcher>;
    const loaded = loadMatcher(stored);
    const text = 'OpenAI and Open AI build Stargate; DeepSeek-R1, deepseek, 🚀 Rocket, 삼성전자.';
    expect(found(loaded, text)).toEqual(found(compileMatcher(entities), text));
    expect(found(loaded, text)).toHaveLength(7);
  });

  it('rejects another format or damaged data', () => {
    const stored = serializeMatcher(compileMatcher(entities));
    expect(() => loadMatcher({ ...stored, version: 2 as 1 })).toThrow();
    expect(() => loadMatcher({ ...stored, nodes: stored.nodes.slice(0, 10) })).toThrow();
    expect(() => loadMatcher({ ...stored, labels: '!!!!' })).toThrow();
    expect(() => loadMatcher({ ...stored, nodeCount: stored.nodeCount + 1 })).toThrow();
    expect(() => loadMatcher({ ...stored, entityIds: [] })).toThrow();
    expect(() => loadMatcher({ ...stored, rules: [{ case: 'auto' }] as never })).toThrow();
  });

  it('loads a large index in steps, pausing often enough for a content script', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      entity(`e${i}`, `Name${i} Corp`, [`N${i}`]),
    );
    const stored = serializeMatcher(compileMatcher(many));
    const work = loadMatcherGradually(stored);
    let pauses = 0;
    let step = work.next();
    for (; !step.done; step = work.next()) pauses++;
    // About one pause per ITEMS_PER_PAUSE items of each loop: none runs long uninterrupted.
    expect(pauses).toBeGreaterThan(10);
    const text = 'Name2999 Corp met N17 and name5.';
    expect(found(step.value, text)).toEqual(found(loadMatcher(stored), text));
    expect(found(step.value, text)).toHaveLength(2);
  });

  it('matches the same mentions after a round trip, for any aliases and text', () => {
    const word = fc.constantFrom('Open', 'AI', 'open', 'é', 'Ré', 'ß', '😀', 'Σ', 'x-1', "d'", 'Ω');
    const alias = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(
        fc.array(alias, { minLength: 1, maxLength: 8 }),
        fc.array(fc.oneof(word, fc.constantFrom(' ', ', ', '\n', 'OPEN')), { maxLength: 20 }),
        (names, words) => {
          const compiled = compileMatcher(names.map((name, i) => entity(`e${i}`, name)));
          const loaded = loadMatcher(
            JSON.parse(JSON.stringify(serializeMatcher(compiled))) as never,
          );
          const text = words.join('');
          expect(findMentions(loaded, text)).toEqual(findMentions(compiled, text));
        },
      ),
    );
  });
});
