/**
 * Hostile packs: each must be refused with a clear error, quickly, without
 * throwing. Large inputs are built cheaply (repeat, fill) to keep memory low.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../lib/pack/limits';
import {
  formatPackError,
  validatePack,
  type PackErrorCode,
  type ValidationResult,
} from '../../../lib/pack/validate';
import { minimalPack } from './fixtures';

function refused(result: ValidationResult): string[] {
  if (result.ok) throw new Error('expected the pack to be refused');
  return result.errors.map((error) => formatPackError(error, 'en'));
}

function codes(result: ValidationResult): PackErrorCode[] {
  return result.ok ? [] : result.errors.map((error) => error.code);
}

/** Runs `validate` and checks that it took less than `maxMs`. */
function timed(validate: () => ValidationResult, maxMs: number): ValidationResult {
  const start = performance.now();
  const result = validate();
  expect(performance.now() - start).toBeLessThan(maxMs);
  return result;
}

/** The minimal pack as text with `fragment` in place of the first fact's text. */
function withFactText(fragment: string): string {
  return JSON.stringify(minimalPack()).replace(
    '{"en":"Plans to invest $500 billion over four years."}',
    fragment,
  );
}

describe('hostile packs', () => {
  it('refuses a 100 MB string before reading it', () => {
    const huge = ' '.repeat(100 * 1024 * 1024);
    const result = timed(() => validatePack(huge), 100);
    expect(refused(result)).toEqual([
      `$: the pack takes at least ${huge.length} bytes; the cap is ${LIMITS.maxPackBytes}`,
    ]);
  });

  it('refuses 100 MB of bytes before decoding them', () => {
    const bytes = new Uint8Array(100 * 1024 * 1024);
    const result = timed(() => validatePack(bytes.buffer), 100);
    expect(codes(result)).toEqual(['too-large']);
  });

  it('measures text in UTF-8 bytes: 12 M three-byte characters are over 32 MiB', () => {
    const text = `"${'€'.repeat(12 * 1024 * 1024)}"`;
    expect(codes(timed(() => validatePack(text), 1_000))).toEqual(['too-large']);
  });

  it('refuses a million entities by the count cap, before looking at any of them', () => {
    const entity = { id: 'e', name: 'E', type: 'other', aliases: [], description: {} };
    const pack = { ...minimalPack(), entities: new Array<unknown>(1_000_000).fill(entity) };
    const result = timed(() => validatePack(pack), 100);
    expect(refused(result)).toEqual(['entities: 1000000 entries; the cap is 20000']);
  });

  it('refuses a million entities given as text, by size or by count', () => {
    // "{}" entities: the smallest text, 3 bytes each, well under the size cap.
    const text = withFactText('{"en":"x"}').replace(
      /"entities":\[.*?\],"facts"/,
      `"entities":[${new Array(1_000_000).fill('{}').join(',')}],"facts"`,
    );
    const result = timed(() => validatePack(text), 1_000);
    expect(refused(result)).toEqual(['entities: 1000000 entries; the cap is 20000']);
  });

  it('refuses deeply nested text before parsing it', () => {
    const depth = 1_000_000;
    const text = `{"format":"reperes-pack","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const result = timed(() => validatePack(text), 500);
    expect(refused(result)).toEqual([`$: nested deeper than ${LIMITS.maxDepth} levels`]);
  });

  it('does not count brackets inside strings as nesting', () => {
    const result = validatePack(withFactText(`{"en":${JSON.stringify('['.repeat(100))}}`));
    expect(result.ok).toBe(true);
  });

  it('reads escaped quotes and backslashes as the parser does, as text and as bytes', () => {
    const deep = LIMITS.maxDepth + 1;
    // An escaped quote does not end a string: the brackets after it are text.
    const quoted = withFactText(`{"en":"a \\"${'['.repeat(deep)} b"}`);
    // An escaped backslash does: the brackets after that string are nesting.
    const backslash = `{"format":"reperes-pack","x":"a\\\\","y":${'['.repeat(deep)}${']'.repeat(deep)}}`;
    for (const asInput of [
      (text: string) => text,
      (text: string) => new TextEncoder().encode(text),
    ]) {
      expect(validatePack(asInput(quoted)).ok).toBe(true);
      expect(refused(validatePack(asInput(backslash)))).toEqual([
        `$: nested deeper than ${LIMITS.maxDepth} levels`,
      ]);
    }
  });

  it('refuses a cyclic or deeply nested value', () => {
    const cyclic: Record<string, unknown> = { ...minimalPack() };
    const fact = { ...minimalPack().facts[0] } as Record<string, unknown>;
    fact.self = fact;
    cyclic.facts = [fact];
    expect(refused(validatePack(cyclic))).toEqual([
      'facts[0].self: the value contains itself (a cycle)',
    ]);

    let nested: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) nested = [nested];
    expect(codes(validatePack({ ...minimalPack(), extra: nested }))).toEqual(['too-deep']);
  });

  it('refuses prototype-pollution keys anywhere, however they are written', () => {
    const text = withFactText('{"en":"x","__proto__":{"polluted":true}}')
      .replace('"name":"OpenAI"', '"name":"OpenAI","constructor":{"prototype":{"polluted":true}}')
      .replace('"title":"AI in 2025"', '"title":"AI in 2025","\\u005f_proto__":1');
    const lines = refused(validatePack(text)).sort();
    expect(lines).toEqual([
      '__proto__: the key "__proto__" is not allowed',
      'entities[1].constructor: the key "constructor" is not allowed',
      'facts[0].text.__proto__: the key "__proto__" is not allowed',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses lone surrogates in strings and keys, raw or escaped', () => {
    const escaped = withFactText('{"en":"bad \\ud800 text"}');
    expect(refused(validatePack(escaped))).toEqual([
      'facts[0].text.en: text with an unpaired UTF-16 surrogate (invalid Unicode)',
    ]);
    const rawKey = withFactText(`{"en":"x","\udc00":"y"}`);
    expect(codes(validatePack(rawKey))).toEqual(['lone-surrogate']);
    // A well-formed pair is fine.
    expect(validatePack(withFactText('{"en":"\\ud83d\\ude00"}')).ok).toBe(true);
  });

  it('refuses bytes that are not UTF-8', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(minimalPack()));
    bytes[bytes.indexOf(0x50 /* P */)] = 0xff;
    expect(refused(validatePack(bytes))).toEqual(['$: the file is not valid UTF-8 text']);
  });

  it('refuses javascript: and data: URLs, however they are cased or spaced', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      '\tjavascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'https://exa mple.org',
      'http:/x',
      'ftp://example.org',
    ]) {
      const pack = minimalPack();
      pack.sources[0]!.url = url;
      expect(codes(validatePack(pack))).toEqual(['bad-url']);
    }
  });

  it('accepts script and markup in every text field, unchanged', () => {
    const markup = '<script>alert("x")</script><b onmouseover=alert(1)>{{x}}</b>';
    const pack = minimalPack();
    pack.title = markup;
    pack.sources[0]!.title = markup;
    pack.sources[0]!.publisher = markup;
    pack.entities[0]!.name = markup;
    pack.entities[0]!.aliases = [markup, { text: markup, context: [markup], veto: [markup] }];
    pack.entities[0]!.description = { en: markup };
    pack.facts[0]!.text = { en: markup, fr: markup };
    pack.facts[0]!.evidence = markup;
    const result = validatePack(JSON.stringify(pack));
    expect(result.ok && result.pack).toEqual(pack);
  });

  it('refuses wrong types everywhere, with a bounded list of errors', () => {
    const junk = [null, 1, 'x', true, [], {}];
    const pick = (i: number) => junk[i % junk.length];
    const pack: Record<string, unknown> = { format: 'reperes-pack', formatVersion: 1 };
    for (const [i, key] of ['id', 'version', 'title', 'language'].entries())
      pack[key] = pick(i + 1);
    pack.sources = Array.from({ length: 5_000 }, (_, i) => ({ id: pick(i), date: pick(i + 1) }));
    pack.entities = Array.from({ length: 5_000 }, (_, i) => pick(i));
    pack.facts = Array.from({ length: 5_000 }, (_, i) => ({ text: pick(i), entities: [pick(i)] }));
    const result = timed(() => validatePack(JSON.stringify(pack)), 1_000);
    const lines = refused(result);
    expect(lines).toHaveLength(LIMITS.maxErrors + 1);
    expect(lines.at(-1)).toBe('$: more errors not shown');
    expect(lines[0]).toBe('id: expected string, found number');
  });

  it('refuses non-JSON values and a root that is not an object', () => {
    for (const input of [null, undefined, 42, [], 'null', '[1]', '"pack"']) {
      expect(codes(validatePack(input))).toEqual(['type']);
    }
    const values: [unknown, string][] = [
      [() => 1, 'function'],
      [undefined, 'undefined'],
      [Number.NaN, 'NaN'],
      [new Date(0), 'Date'],
      [new Map(), 'Map'],
      [10n, 'bigint'],
    ];
    for (const [value, received] of values) {
      const result = validatePack({ ...minimalPack(), title: value });
      expect(refused(result)).toEqual([`title: a value JSON cannot hold (${received})`]);
    }
  });

  it('refuses malformed JSON and unknown format versions', () => {
    expect(codes(validatePack('{"format":'))).toEqual(['invalid-json']);
    expect(codes(validatePack(''))).toEqual(['invalid-json']);
    for (const formatVersion of [2, '1', 1.5, null]) {
      expect(codes(validatePack({ ...minimalPack(), formatVersion }))).toEqual([
        'unsupported-format-version',
      ]);
    }
  });

  it('never throws, even on a throwing getter or a proxy', () => {
    const trap = { ...minimalPack() };
    Object.defineProperty(trap, 'title', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(codes(validatePack(trap))).toEqual(['internal']);
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(codes(validatePack(proxy))).toEqual(['internal']);
  });

  it('keeps each error on one line, whatever the pack puts in a key or value', () => {
    const pack = { ...minimalPack(), 'bad\nkey': 1 } as Record<string, unknown>;
    pack.version = '1.0.0\nfacts[0]: forged line';
    const lines = refused(validatePack(pack));
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines).toContain('["bad\\nkey"]: unknown field "bad\\nkey"');
  });
});
