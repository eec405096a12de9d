import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../lib/pack/limits';
import type { Pack } from '../../../lib/pack/types';
import {
  formatPackError,
  validatePack,
  type PackError,
  type ValidationResult,
} from '../../../lib/pack/validate';
import { largePackText, minimalPack } from './fixtures';

/** The English lines of a failed validation (what the CLI prints). */
function errorLines(result: ValidationResult): string[] {
  if (result.ok) throw new Error('expected the pack to be refused');
  return result.errors.map((error) => formatPackError(error, 'en'));
}

/** Validates the minimal pack after `change`, as JSON text. */
function validateChanged(change: (pack: Pack & Record<string, unknown>) => void): ValidationResult {
  const pack = minimalPack() as Pack & Record<string, unknown>;
  change(pack);
  return validatePack(JSON.stringify(pack));
}

function firstFact(pack: Pack) {
  const fact = pack.facts[0];
  if (!fact) throw new Error('fixture has a fact');
  return fact;
}

describe('validatePack: valid packs', () => {
  it('accepts the minimal pack, aliases as plain strings, from text, bytes or a value', () => {
    const text = JSON.stringify(minimalPack());
    for (const input of [text, new TextEncoder().encode(text), minimalPack()]) {
      const result = validatePack(input);
      expect(result).toEqual({ ok: true, pack: minimalPack() });
    }
  });

  it('accepts aliases with rules, every optional field, a $schema key and a byte-order mark', () => {
    const pack = minimalPack();
    pack.description = { en: 'Who builds AI', fr: 'Qui construit l’IA' };
    pack.publisher = 'Repères';
    pack.homepage = 'https://example.org/packs';
    pack.licence = 'CC-BY-4.0';
    pack.createdAt = '2025-03-01T12:00:00Z';
    const source = pack.sources[0]!;
    source.sha256 = 'AB'.repeat(32);
    source.author = 'OpenAI';
    const entity = pack.entities[0]!;
    entity.aliases.push({ text: 'SG', case: 'exact', context: ['OpenAI'], window: 100 });
    entity.match = {
      case: 'auto',
      veto: ['série Stargate'],
      avoid: ['SG-1'],
      contextScope: 'page',
    };
    entity.related = ['openai'];
    const fact = firstFact(pack);
    fact.date = '2025-01';
    fact.weight = -2.5;
    pack.facts.push({ ...fact, id: 'f2', disagreesWith: ['f1'] });

    const result = validatePack(
      `\uFEFF${JSON.stringify({ $schema: './pack.schema.json', ...pack })}`,
    );
    expect(result.ok).toBe(true);
    // The digest is normalised to lowercase; $schema is not kept.
    if (result.ok) {
      expect(result.pack.sources[0]?.sha256).toBe('ab'.repeat(32));
      expect(result.pack).not.toHaveProperty('$schema');
    }
  });

  it('treats script and markup as text', () => {
    const result = validateChanged((pack) => {
      firstFact(pack).text.en = '<script>alert(1)</script><img src=x onerror=alert(1)>';
      pack.title = '"><svg onload=alert(1)>';
    });
    expect(result.ok).toBe(true);
  });

  // Its speed is the bench's to measure (the import of this pack, `npm run bench`), not a timed test's.
  it('validates 10,000 entities and 100,000 facts', () => {
    const result = validatePack(largePackText(10_000, 100_000));
    expect(result.ok).toBe(true);
  }, 60_000);
});

describe('validatePack: each error with its path', () => {
  const cases: [string, (pack: Pack & Record<string, unknown>) => void, string[]][] = [
    [
      'unknown source',
      (pack) => {
        for (let i = 1; i <= 12; i++) pack.facts.push({ ...firstFact(pack), id: `f${i + 1}` });
        pack.facts[12]!.source = 's9';
      },
      ['facts[12].source: unknown source "s9"'],
    ],
    [
      'unknown entity, self and repeated references',
      (pack) => {
        firstFact(pack).entities = ['stargate', 'nope', 'stargate'];
        pack.entities[0]!.related = ['stargate'];
        firstFact(pack).disagreesWith = ['f0'];
      },
      [
        'entities[0].related[0]: "stargate" refers to itself',
        'facts[0].entities[1]: unknown entity "nope"',
        'facts[0].entities[2]: "stargate" is listed twice',
        'facts[0].disagreesWith[0]: unknown fact "f0"',
      ],
    ],
    [
      'duplicate ids',
      (pack) => {
        pack.entities[1]!.id = 'stargate';
        pack.sources.push({ ...pack.sources[0]! });
      },
      [
        'sources[1].id: duplicate id "s1" (first at sources[0])',
        'entities[1].id: duplicate id "stargate" (first at entities[0])',
        // The renamed entity is gone, so the fact that cites it now points nowhere.
        'facts[0].entities[1]: unknown entity "openai"',
      ],
    ],
    [
      'wrong types and missing fields',
      (pack) => {
        (pack as Record<string, unknown>).title = 42;
        delete (pack.sources[0] as Partial<Pack['sources'][0]>).date;
        (pack.entities[0] as unknown as Record<string, unknown>).aliases = 'Stargate';
        (firstFact(pack) as unknown as Record<string, unknown>).text = ['en'];
      },
      [
        'title: expected string, found number',
        'sources[0].date: missing (required)',
        'entities[0].aliases: expected array, found string',
        'facts[0].text: expected object, found array',
      ],
    ],
    [
      'unknown fields, enums and formats',
      (pack) => {
        pack.extra = true;
        pack.id = 'AI 2025';
        pack.version = '1.0';
        pack.language = 'English';
        (pack.entities[0] as unknown as Record<string, unknown>).type = 'band';
        (pack.entities[0]!.aliases as unknown[]).push({ text: 'SG', scope: 'page' });
        pack.sources[0]!.date = '2025-02-30';
        pack.sources[0]!.sha256 = 'abc';
        firstFact(pack).id = 'f 1';
      },
      [
        'extra: unknown field "extra"',
        'id: "AI 2025" is not a valid pack id (lowercase letters, digits, "-")',
        'version: "1.0" is not a semantic version (like "1.2.0")',
        'language: "English" is not a language tag (like "fr" or "pt-BR")',
        'sources[0].date: "2025-02-30" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)',
        'sources[0].sha256: "abc" is not a SHA-256 digest (64 hexadecimal digits)',
        'entities[0].type: "band" is not one of "company", "person", "product", "model", "regulation", "organisation", "authority", "project", "fund", "token", "media", "place", "event", "other"',
        'entities[0].aliases[2].scope: unknown field "scope"',
        'facts[0].id: "f 1" is not a valid id (letters, digits, ".", "_", ":", "-", starting with a letter or digit)',
      ],
    ],
    [
      'lengths, counts, numbers and empty text',
      (pack) => {
        firstFact(pack).evidence = 'x'.repeat(201);
        firstFact(pack).weight = 1e9;
        pack.entities[0]!.match = { window: 2.5 };
        pack.entities[0]!.aliases = Array.from({ length: 65 }, (_, i) => `A${i}`);
        pack.entities[1]!.name = '   ';
        pack.entities[1]!.description = { 'en-US': 'x'.repeat(1001) };
        firstFact(pack).text = {};
      },
      [
        'entities[0].aliases: 65 entries; the cap is 64',
        'entities[0].match.window: 2.5 is not a whole number',
        'entities[1].name: empty',
        'entities[1].description["en-US"]: 1001 characters; the cap is 1000',
        'facts[0].text: empty',
        'facts[0].evidence: 201 characters; the cap is 200',
        'facts[0].weight: 1000000000 is outside -1000000 to 1000000',
      ],
    ],
    [
      'URLs that are not http(s)',
      (pack) => {
        pack.sources[0]!.url = 'javascript:alert(1)';
        pack.homepage = 'data:text/html,<script>alert(1)</script>';
        pack.sources.push({ ...pack.sources[0]!, id: 's2', url: ' https://example.org' });
        pack.sources.push({ ...pack.sources[0]!, id: 's3', url: 'https://user:pw@example.org/' });
        pack.updateUrl = 'http://packs.example.org/ai.json';
      },
      [
        'homepage: "data:text/html,<script>alert(1)</script>" is not an http or https URL',
        'updateUrl: "http://packs.example.org/ai.json" is not an https URL without credentials: updates come only over https',
        'sources[0].url: "javascript:alert(1)" is not an http or https URL',
        'sources[1].url: " https://example.org" is not an http or https URL',
        'sources[2].url: "https://user:pw@example.org/" is not an http or https URL',
      ],
    ],
    [
      'an unknown format version, before anything else',
      (pack) => {
        (pack as Record<string, unknown>).formatVersion = 2;
        pack.title = '';
      },
      ['formatVersion: format version 2 is not supported (this reader knows version 1)'],
    ],
    [
      'not a pack at all',
      (pack) => {
        (pack as Record<string, unknown>).format = 'other';
      },
      ['format: not a Repères pack ("format" must be "reperes-pack")'],
    ],
  ];

  for (const [name, change, expected] of cases) {
    it(name, () => {
      expect(errorLines(validateChanged(change)).sort()).toEqual([...expected].sort());
    });
  }

  it('counts text in code points, so that an emoji is one character', () => {
    const result = validateChanged((pack) => {
      firstFact(pack).evidence = '😀'.repeat(200);
    });
    expect(result.ok).toBe(true);
  });

  it('reports keys that are not identifiers in brackets', () => {
    const result = validateChanged((pack) => {
      pack.entities[0]!.description = { 'pt-BR': '' };
    });
    expect(errorLines(result)).toEqual(['entities[0].description["pt-BR"]: empty']);
  });

  it('renders every error in French too', () => {
    const result = validateChanged((pack) => {
      firstFact(pack).source = 's9';
    });
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toEqual<PackError[]>([
      { path: 'facts[0].source', code: 'unknown-source', params: { id: 's9' } },
    ]);
    expect(formatPackError(result.errors[0]!, 'fr')).toBe(
      'facts[0].source\u00a0: source inconnue "s9"',
    );
  });

  it('stops after maxErrors and says how many were left out', () => {
    const pack = minimalPack();
    for (let i = 0; i < 150; i++)
      pack.facts.push({ ...firstFact(pack), id: `g${i}`, source: 'nope' });
    const result = validatePack(pack);
    const lines = errorLines(result);
    expect(lines).toHaveLength(LIMITS.maxErrors + 1);
    expect(lines.at(-1)).toBe('$: 50 more errors not shown');
  });
});
