/**
 * docs/pack.schema.json and the valibot schemas must describe the same format:
 * same fields, same required ones, same caps, and the same verdict on samples.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../lib/pack/limits';
import {
  AliasRuleSchema,
  EntitySchema,
  FactSchema,
  MatchRulesSchema,
  PackSchema,
  SourceSchema,
} from '../../../lib/pack/schema';
import type { Pack } from '../../../lib/pack/types';
import { validatePack } from '../../../lib/pack/validate';
import { minimalPack } from './fixtures';
import { isValid, type JsonSchema } from './json-schema-lite';

const jsonSchema = JSON.parse(
  readFileSync(resolve(__dirname, '../../../docs/pack.schema.json'), 'utf8'),
) as Record<string, unknown> & { $defs: Record<string, Record<string, unknown>> };

interface ObjectSchemaLike {
  entries: Record<string, { type: string }>;
}

/** Field names of a valibot object schema, and which of them are required. */
function valibotFields(schema: ObjectSchemaLike) {
  const names = Object.keys(schema.entries).sort();
  const required = names.filter((name) => schema.entries[name]?.type !== 'optional');
  return { names, required };
}

function jsonFields(schema: Record<string, unknown>) {
  return {
    names: Object.keys(schema.properties as object).sort(),
    required: [...(schema.required as string[])].sort(),
  };
}

describe('docs/pack.schema.json agrees with lib/pack/schema.ts', () => {
  it('has the same fields and required fields for every object', () => {
    const pairs: [string, ObjectSchemaLike, Record<string, unknown>][] = [
      ['pack', PackSchema, jsonSchema],
      ['source', SourceSchema, jsonSchema.$defs.source!],
      ['entity', EntitySchema, jsonSchema.$defs.entity!],
      ['fact', FactSchema, jsonSchema.$defs.fact!],
      ['matchRules', MatchRulesSchema, { required: [], ...jsonSchema.$defs.matchRules! }],
      ['aliasRule', AliasRuleSchema, jsonSchema.$defs.aliasRule!],
    ];
    for (const [name, valibot, json] of pairs) {
      expect(jsonFields(json), name).toEqual(valibotFields(valibot));
      expect(json.additionalProperties, name).toBe(false);
    }
  });

  it('states the caps of lib/pack/limits.ts', () => {
    const props = jsonSchema.properties as Record<string, Record<string, unknown>>;
    const defs = jsonSchema.$defs;
    const field = (def: string, key: string) =>
      (defs[def]!.properties as Record<string, Record<string, unknown>>)[key]!;
    expect(props.sources!.maxItems).toBe(LIMITS.maxSources);
    expect(props.entities!.maxItems).toBe(LIMITS.maxEntities);
    expect(props.facts!.maxItems).toBe(LIMITS.maxFacts);
    expect(field('fact', 'evidence').maxLength).toBe(LIMITS.maxEvidenceLength);
    expect(field('entity', 'aliases').maxItems).toBe(LIMITS.maxAliasesPerEntity);
    expect(field('fact', 'entities').maxItems).toBe(LIMITS.maxEntitiesPerFact);
    expect(defs.id!.maxLength).toBe(LIMITS.maxIdLength);
    expect(defs.phrases!.maxItems).toBe(LIMITS.maxRulePhrases);
    expect(defs.url!.maxLength).toBe(LIMITS.maxUrlLength);
  });

  const valid: [string, () => unknown][] = [
    ['the minimal pack', minimalPack],
    [
      'a pack with every optional field',
      () => {
        const pack = minimalPack();
        pack.description = { en: 'About AI', 'pt-BR': 'Sobre IA' };
        pack.homepage = 'https://example.org';
        pack.updateUrl = 'https://example.org/packs/ai.json';
        pack.createdAt = '2025-03-01T08:30:00+01:00';
        pack.sources[0]!.sha256 = 'f'.repeat(64);
        pack.entities[0]!.aliases.push({ text: 'SG', case: 'any', veto: ['SG-1'], window: 80 });
        pack.entities[0]!.match = { context: ['AI'], contextScope: 'near' };
        pack.facts[0]!.weight = 3;
        pack.facts[0]!.date = '2025';
        return { $schema: './pack.schema.json', ...pack };
      },
    ],
    [
      'a publisher of null and an evidence of 200 emoji',
      () => {
        const pack = minimalPack();
        pack.sources[0]!.publisher = null;
        pack.facts[0]!.evidence = '🙂'.repeat(200);
        return pack;
      },
    ],
  ];

  /** Changes that both schemas must refuse. */
  const invalid: [string, (pack: Pack & Record<string, unknown>) => void][] = [
    ['wrong format', (p) => Object.assign(p, { format: 'other' })],
    ['format version 2', (p) => Object.assign(p, { formatVersion: 2 })],
    ['an unknown top-level field', (p) => Object.assign(p, { extra: 1 })],
    ['a missing title', (p) => delete (p as Partial<Pack>).title],
    ['a blank title', (p) => Object.assign(p, { title: ' \n ' })],
    ['an uppercase pack id', (p) => Object.assign(p, { id: 'AI' })],
    ['a two-part version', (p) => Object.assign(p, { version: '1.0' })],
    ['a language that is not a tag', (p) => Object.assign(p, { language: 'english' })],
    ['a month 13', (p) => Object.assign(p.sources[0]!, { date: '2025-13' })],
    ['a javascript: URL', (p) => Object.assign(p.sources[0]!, { url: 'javascript:alert(1)' })],
    ['a data: homepage', (p) => Object.assign(p, { homepage: 'data:text/html,x' })],
    ['an http updateUrl', (p) => Object.assign(p, { updateUrl: 'http://example.org/ai.json' })],
    [
      'an updateUrl with credentials',
      (p) => Object.assign(p, { updateUrl: 'https://user:pw@example.org/ai.json' }),
    ],
    ['a short sha256', (p) => Object.assign(p.sources[0]!, { sha256: 'abc' })],
    ['a missing publisher', (p) => delete (p.sources[0] as Partial<Pack['sources'][0]>).publisher],
    ['an unknown entity type', (p) => Object.assign(p.entities[0]!, { type: 'band' })],
    ['an alias that is a number', (p) => (p.entities[0]!.aliases as unknown[]).push(3)],
    [
      'an alias rule without text',
      (p) => (p.entities[0]!.aliases as unknown[]).push({ case: 'any' }),
    ],
    ['an unknown case rule', (p) => Object.assign(p.entities[0]!, { match: { case: 'upper' } })],
    ['a fractional window', (p) => Object.assign(p.entities[0]!, { match: { window: 1.5 } })],
    [
      'a description in a bad key',
      (p) => Object.assign(p.entities[0]!, { description: { EN: 'x' } }),
    ],
    ['a fact without entities', (p) => Object.assign(p.facts[0]!, { entities: [] })],
    ['a fact without text', (p) => Object.assign(p.facts[0]!, { text: {} })],
    [
      'an evidence of 201 characters',
      (p) => Object.assign(p.facts[0]!, { evidence: 'x'.repeat(201) }),
    ],
    ['a weight out of range', (p) => Object.assign(p.facts[0]!, { weight: 2e6 })],
    ['an id with a space', (p) => Object.assign(p.facts[0]!, { id: 'f 1' })],
    ['the id "constructor"', (p) => Object.assign(p.facts[0]!, { id: 'constructor' })],
    [
      '65 aliases',
      (p) =>
        Object.assign(p.entities[0]!, { aliases: Array.from({ length: 65 }, (_, i) => `a${i}`) }),
    ],
  ];

  for (const [name, make] of valid) {
    it(`both accept ${name}`, () => {
      const sample = make();
      expect(isValid(jsonSchema as JsonSchema, sample)).toBe(true);
      expect(validatePack(JSON.stringify(sample)).ok).toBe(true);
    });
  }

  it('both refuse each schema-level mistake', () => {
    for (const [name, change] of invalid) {
      const sample = minimalPack() as Pack & Record<string, unknown>;
      change(sample);
      expect(isValid(jsonSchema as JsonSchema, sample), name).toBe(false);
      expect(validatePack(JSON.stringify(sample)).ok, name).toBe(false);
    }
  });

  it('leaves to the validator what JSON Schema cannot say (documented in the schema)', () => {
    const beyondSchema: [string, (pack: Pack) => void][] = [
      ['an unknown source', (p) => Object.assign(p.facts[0]!, { source: 's9' })],
      ['a duplicate id', (p) => Object.assign(p.entities[1]!, { id: 'stargate' })],
      ['30 February', (p) => Object.assign(p.sources[0]!, { date: '2025-02-30' })],
      ['a URL with credentials', (p) => Object.assign(p.sources[0]!, { url: 'https://a:b@x.org' })],
    ];
    for (const [name, change] of beyondSchema) {
      const sample = minimalPack();
      change(sample);
      expect(isValid(jsonSchema as JsonSchema, sample), name).toBe(true);
      expect(validatePack(sample).ok, name).toBe(false);
    }
  });
});
