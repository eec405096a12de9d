/**
 * `pack audit`: each finding on small packs written here, the page scan on a
 * temporary folder, the exit codes through the CLI, and the real word lists
 * on a pack of the names most frequent on news pages.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditReport, contextLine, loadOrdinaryWords, scanPages } from '../../../lib/cli/audit';
import {
  auditPack,
  hunspellWords,
  mentionContext,
  ordinaryWordSet,
  type AuditFinding,
  type AuditPages,
} from '../../../lib/pack/audit';
import type { Entity, Pack } from '../../../lib/pack/types';
import { validatePack } from '../../../lib/pack/validate';
import { minimalPack } from './fixtures';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'lib/cli/pack.ts');

/** A few ordinary words, folded, instead of the real lists. */
const WORDS = ordinaryWordSet(['apple', 'point', 'nine', 'meta', 'us', 'trump', 'nova', 'été']);

function entity(id: string, name: string, more: Partial<Entity> = {}): Entity {
  return { id, name, type: 'product', aliases: [], description: { en: name }, ...more };
}

/** A valid pack of these entities; its one fact is about the first. */
function packOf(...entities: Entity[]): Pack {
  const pack = minimalPack();
  pack.entities = entities;
  pack.facts[0]!.entities = [entities[0]!.id];
  const result = validatePack(pack);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.pack;
}

function findings(pack: Pack, pages?: AuditPages): AuditFinding[] {
  return auditPack(pack, WORDS, pages).findings;
}

function ofKind(list: AuditFinding[], kind: AuditFinding['kind']) {
  return list
    .filter((f) => f.kind === kind)
    .map(({ level, entity, alias }) => ({ level, entity, alias }));
}

describe('word lists', () => {
  it('keeps the lowercase entries of a Hunspell .dic, without flags', () => {
    const dic = '5\nApple/M\napple/MS\nUS/M\nété/S.\na\\/b/X po:noun\n';
    expect(hunspellWords(dic)).toEqual(['apple', 'été', 'a/b']);
    expect([...ordinaryWordSet(['été', 'Apple'])]).toEqual(['ete', 'apple']);
  });
});

describe('common-word', () => {
  it('warns about a capitalised name, errs when matched in lowercase', () => {
    const capital = findings(packOf(entity('apple', 'Apple')));
    expect(ofKind(capital, 'common-word')).toEqual([
      { level: 'warning', entity: 'apple', alias: 'Apple' },
    ]);

    const anyCase = findings(packOf(entity('apple', 'Apple', { match: { case: 'any' } })));
    expect(ofKind(anyCase, 'common-word')).toEqual([
      { level: 'error', entity: 'apple', alias: 'Apple' },
    ]);

    // Written in lowercase and a plural; a word with its diacritics folded; not a word.
    const aliases = findings(
      packOf(entity('nova', 'Nova Labs', { aliases: ['apples', 'Ete', 'NovaX'] })),
    );
    expect(ofKind(aliases, 'common-word')).toEqual([
      { level: 'error', entity: 'nova', alias: 'apples' },
      { level: 'warning', entity: 'nova', alias: 'Ete' },
    ]);
  });

  it('drops to info when a context rule guards the alias', () => {
    const guarded = findings(
      packOf(
        entity('apple', 'Apple', {
          match: { case: 'any', context: ['iPhone'] },
          aliases: [{ text: 'Meta', context: [] }],
        }),
      ),
    );
    // The alias's empty context overrides the entity's: it is not guarded.
    expect(ofKind(guarded, 'common-word')).toEqual([
      { level: 'error', entity: 'apple', alias: 'Meta' },
      { level: 'info', entity: 'apple', alias: 'Apple' },
    ]);
  });

  it('weighs phrases, capitals and background entities', () => {
    const list = findings(
      packOf(
        entity('point-nine', 'Point Nine', { aliases: [{ text: 'point nine', case: 'any' }] }),
        entity('us', 'United Things', { aliases: ['US', 'U.S.'] }),
        entity('trump', 'Donald Trump', {
          type: 'person',
          role: 'background',
          aliases: ['Trump', { text: 'trump', case: 'any' }],
        }),
      ),
    );
    expect(ofKind(list, 'common-word')).toEqual([
      { level: 'warning', entity: 'point-nine', alias: 'Point Nine' },
      // A phrase of ordinary words in lowercase is mostly the term itself: at most a warning.
      { level: 'warning', entity: 'point-nine', alias: 'point nine' },
      { level: 'warning', entity: 'trump', alias: 'trump' },
      // Capitals the word has only in an all-capitals title; a background entity, capitalised.
      { level: 'info', entity: 'us', alias: 'US' },
      { level: 'info', entity: 'trump', alias: 'Trump' },
    ]);
  });
});

describe('shared-alias', () => {
  it('errs when an earlier entity takes the key unguarded, warns when context or case can tell them apart', () => {
    const shared = findings(
      packOf(
        entity('a', 'Orbit', { aliases: ['Halo'] }),
        entity('b', 'Halo Systems', { aliases: ['halo'] }),
      ),
    );
    // "halo" (auto, lowercase) and "Halo" (auto) overlap only in "HALO": not fully shadowed.
    expect(ofKind(shared, 'shared-alias')).toEqual([
      { level: 'warning', entity: 'b', alias: 'halo' },
    ]);

    const same = findings(
      packOf(entity('a', 'Halo'), entity('b', 'Halo Inc', { aliases: ['Halo'] })),
    );
    expect(ofKind(same, 'shared-alias')).toEqual([{ level: 'error', entity: 'b', alias: 'Halo' }]);

    const guarded = findings(
      packOf(
        entity('a', 'Halo', { match: { context: ['game'] } }),
        entity('b', 'Halo Inc', { aliases: ['Halo'] }),
      ),
    );
    expect(ofKind(guarded, 'shared-alias')).toEqual([
      { level: 'warning', entity: 'b', alias: 'Halo' },
    ]);

    // Exact case on both sides, different capitals: never the same mention.
    const apart = findings(
      packOf(
        entity('a', 'Mica', { match: { case: 'exact' } }),
        entity('b', 'MICA', { match: { case: 'exact' } }),
      ),
    );
    expect(ofKind(apart, 'shared-alias')).toEqual([]);
  });
});

describe('short-caps', () => {
  it('errs up to 3 capitals, warns at 4, notes a background entity, skips a guarded one', () => {
    const list = findings(
      packOf(
        entity('eu', 'European Union', { type: 'organisation', aliases: ['EU'] }),
        entity('nvidia', 'Nvidia', { type: 'company', aliases: ['NVDA', 'NVIDIA'] }),
        entity('wsj', 'Wall Street Journal', {
          type: 'media',
          role: 'background',
          aliases: ['WSJ'],
        }),
        entity('mgx', 'MGX', { type: 'fund', match: { context: ['fund'] } }),
      ),
    );
    expect(ofKind(list, 'short-caps')).toEqual([
      { level: 'error', entity: 'eu', alias: 'EU' },
      { level: 'warning', entity: 'nvidia', alias: 'NVDA' },
      { level: 'info', entity: 'wsj', alias: 'WSJ' },
    ]);
  });
});

describe('background-like and own-site', () => {
  it('warns about persons, places and media not marked background; notes sites without domains', () => {
    const list = findings(
      packOf(
        entity('stargate', 'Stargate', { type: 'project' }),
        entity('musk', 'Elon Musk', { type: 'person' }),
        entity('texas', 'Texas', { type: 'place', role: 'background' }),
        entity('bloomberg', 'Bloomberg', { type: 'media' }),
        entity('openai', 'OpenAI', { type: 'company', domains: ['openai.com'] }),
      ),
    );
    expect(ofKind(list, 'background-like')).toEqual([
      { level: 'warning', entity: 'musk', alias: undefined },
      { level: 'warning', entity: 'bloomberg', alias: undefined },
    ]);
    expect(ofKind(list, 'own-site')).toEqual([
      { level: 'info', entity: 'bloomberg', alias: undefined },
    ]);
  });

  it('with pages, warns about an entity found mostly where no other subject entity is', () => {
    const pack = packOf(
      entity('stargate', 'Stargate', { type: 'project' }),
      entity('oracle', 'Oracle Corp', { type: 'product' }),
      entity('texas', 'Texas', { type: 'place', role: 'background' }),
    );
    const on = (page: string, ...ids: string[]) => ({
      page,
      mentions: ids.map((id) => ({ entity: id, text: id, before: '', after: '' })),
    });
    const pages: AuditPages = {
      scans: [
        on('1', 'oracle'),
        on('2', 'oracle', 'texas'), // a background entity does not count
        on('3', 'oracle', 'oracle'),
        on('4', 'oracle', 'stargate'),
        on('5', 'stargate', 'oracle'),
      ],
      unreadable: [],
    };
    const list = findings(pack, pages).filter((f) => f.kind === 'background-like');
    expect(list).toEqual([expect.objectContaining({ level: 'warning', entity: 'oracle' })]);
    expect(list[0]!.message).toMatch(/found on 5 pages, 3 of them \(60 %\)/);
    // Stargate: on 2 pages only, below the minimum of 3.
  });
});

describe('pages', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reperes-audit-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(
      join(dir, 'a.html'),
      '<html><body><h1>Nova wins</h1><p>Today Nova launched. The new Nova rover, and Nova Labs’ plan.</p></body></html>',
    );
    writeFileSync(join(dir, 'b.txt'), 'I saw the new Nova\nyesterday.\n\nNova\n\nnothing here\n');
    writeFileSync(
      join(dir, 'nested/c.html.gz'),
      gzipSync('<p>The new Nova rover. d’Orbit and Orbit’s.</p>'),
    );
    writeFileSync(join(dir, 'nested/broken.html.gz'), 'not gzip at all');
    writeFileSync(join(dir, 'ignored.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts mentions per entity and alias, with the words around them', async () => {
    const pack = packOf(
      entity('nova', 'Nova Labs', { aliases: ['Nova'] }),
      entity('orbit', 'Orbit', { type: 'company', domains: ['orbit.example'] }),
    );
    const pages = await scanPages(dir, pack);
    expect(pages.scans.map((s) => s.page)).toEqual([
      'a.html',
      'b.txt',
      join('nested', 'c.html.gz'),
    ]);
    expect(pages.unreadable).toEqual([
      { page: join('nested', 'broken.html.gz'), reason: expect.any(String) as string },
    ]);

    const result = auditPack(pack, WORDS, pages);
    expect(result.pages?.files).toBe(3);
    const [nova, orbit] = result.pages!.entities;
    expect(nova).toMatchObject({ entity: 'nova', name: 'Nova Labs', mentions: 7, pages: 3 });
    expect(nova!.aliases.map((a) => [a.alias, a.mentions])).toEqual([
      ['Nova', 6],
      ['Nova Labs', 1],
    ]);
    // "new Nova rover" twice; then, once each: a paragraph of its own, a heading block
    // ("Nova wins"), "new Nova" and a line break, "Today Nova launched".
    expect(nova!.aliases[0]!.contexts).toEqual([
      { before: 'new', after: 'rover', count: 2 },
      { before: '', after: '', count: 1 },
      { before: '', after: 'wins', count: 1 },
    ]);
    expect(nova!.aliases[1]!.contexts).toEqual([{ before: 'and', after: 'plan', count: 1 }]);
    expect(orbit).toMatchObject({ mentions: 2, pages: 1 });
    expect(orbit!.aliases[0]!.contexts).toEqual([
      { before: 'and', after: "'s", count: 1 },
      { before: "d'", after: 'and', count: 1 },
    ]);
    expect(contextLine('Orbit', "d'", 'and')).toBe("…d'[Orbit] and…");
    expect(contextLine('Nova', '', 'rover')).toBe('…[Nova] rover…');

    expect(result.findings.filter((f) => f.kind === 'unreadable-page')).toEqual([
      expect.objectContaining({ level: 'warning', page: join('nested', 'broken.html.gz') }),
    ]);
    const report = auditReport(pack, result).join('\n');
    expect(report).toContain('Pages: 3 pages scanned, 2 entities found');
    expect(report).toContain('"Nova" 6: …new [Nova] rover… ×2');
  });

  it('reads the words either side within a paragraph', () => {
    const text = 'One two\n\nthree Nova four.';
    const start = text.indexOf('Nova');
    expect(mentionContext(text, start, start + 4)).toEqual({ before: 'three', after: 'four' });
    expect(mentionContext('Nova\n \nafter', 0, 4)).toEqual({ before: '', after: '' });
    expect(mentionContext('L’Été Nova', 6, 10)).toEqual({ before: "l'ete", after: '' });
  });

  it('exit codes through the CLI', () => {
    const run = (...args: string[]) => {
      const result = spawnSync(TSX, [CLI, 'audit', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const write = (name: string, value: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    };
    // The minimal pack: only notes and warnings.
    const clean = run(write('clean.json', minimalPack()));
    expect(clean).toMatchObject({ status: 0, stderr: '' });
    expect(clean.stdout).toContain('own-site        openai');

    const withErrors = write(
      'errors.json',
      packOf(entity('eu', 'European Union', { aliases: ['EU'] })),
    );
    const json = run(withErrors, '--pages', dir, '--json');
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout) as {
      pack: string;
      findings: AuditFinding[];
      pages: { files: number };
    };
    expect(parsed.pack).toBe('ai-2025');
    expect(parsed.findings[0]).toEqual({
      kind: 'short-caps',
      level: 'error',
      entity: 'eu',
      alias: 'EU',
      message: expect.any(String) as string,
    });
    expect(parsed.pages.files).toBe(3);

    const invalid = minimalPack();
    invalid.facts[0]!.source = 's9';
    const bad = run(write('invalid.json', invalid));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('facts[0].source: unknown source "s9"\n');

    expect(run(withErrors, '--pages', join(dir, 'missing')).status).toBe(1);
    expect(run().status).toBe(2);
    expect(run(withErrors, '--frobnicate').status).toBe(2);
  }, 120_000);
});

describe('the names most frequent on news pages', () => {
  it('yields every kind of look-alike with the real word lists', async () => {
    const bytes = readFileSync(join(ROOT, 'tests/fixtures/packs/frequent-names.json'));
    const result = validatePack(bytes);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const words = await loadOrdinaryWords();
    expect(words.has('apple')).toBe(true);
    expect(words.has('bloomberg')).toBe(false); // capitalised only: a proper noun
    const list = auditPack(result.pack, words).findings;
    const has = (kind: AuditFinding['kind'], level: AuditFinding['level'], id: string) =>
      expect(list).toContainEqual(expect.objectContaining({ kind, level, entity: id }));
    has('common-word', 'warning', 'apple');
    has('common-word', 'warning', 'donald-trump');
    has('common-word', 'warning', 'china');
    has('short-caps', 'error', 'european-union');
    has('short-caps', 'error', 'wall-street-journal');
    has('short-caps', 'error', 'united-states');
    has('short-caps', 'warning', 'doge');
    has('background-like', 'warning', 'donald-trump');
    has('background-like', 'warning', 'texas');
    has('own-site', 'info', 'bloomberg');
    has('own-site', 'info', 'microsoft');
    expect(list.some((f) => f.entity === 'brookings' && f.level === 'error')).toBe(false);
  }, 60_000);
});
