/**
 * What a reader notices: which words on a page become mentions, and exactly
 * which characters are highlighted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../lib/match/compile';
import { REGEX_AFTER_CHARS } from '../../../lib/match/first-words';
import { findMentions } from '../../../lib/match/match';
import { normalizeText } from '../../../lib/match/normalize';
import { PageContext } from '../../../lib/match/page-context';
import { entity, found, matcherFor } from './helpers';

describe('whole words', () => {
  const index = matcherFor(
    entity('openai', 'OpenAI'),
    entity('esma', 'ESMA'),
    entity('meta', 'Meta'),
  );

  it('matches after French elisions, typographic or straight', () => {
    expect(found(index, "Le modèle d’OpenAI et l’avis de l’ESMA, puis l'ESMA.")).toEqual([
      'openai:OpenAI',
      'esma:ESMA',
      'esma:ESMA',
    ]);
  });

  it('does not match inside longer words', () => {
    expect(found(index, 'Metadata, metaverse, MetaMask, OpenAIs, ESMAs')).toEqual([]);
    expect(found(index, 'Meta’s results; (Meta) "Meta"')).toEqual([
      'meta:Meta',
      'meta:Meta',
      'meta:Meta',
    ]);
  });

  it('does not match inside words of other scripts', () => {
    expect(found(index, '日本OpenAI Мeta MetaМ éMeta Metaé OpenAI한')).toEqual([]);
    expect(found(index, '日本 OpenAI 한')).toEqual(['openai:OpenAI']);
  });

  it('treats digits as part of words', () => {
    expect(found(index, '2OpenAI OpenAI2 OpenAI')).toEqual(['openai:OpenAI']);
  });

  it('highlights exact original offsets next to emoji and invisible characters', () => {
    const text = '🚀OpenAI👩‍💻 \u200BMeta\uFE0F 😀ESMA😀';
    const mentions = findMentions(index, text);
    // A variation selector belongs to the letter before it, like a combining mark.
    expect(mentions.map((m) => text.slice(m.start, m.end))).toEqual([
      'OpenAI',
      'Meta\uFE0F',
      'ESMA',
    ]);
    expect(mentions[0]).toMatchObject({ entityId: 'openai', start: 2, end: 8, aliasIndex: -1 });
  });

  it('matches across soft hyphens and no-break spaces, highlighting them too', () => {
    const two = matcherFor(entity('sg', 'Société Générale'));
    const text = 'la Socié\u00ADté\u00A0Générale.';
    const mentions = findMentions(two, text);
    expect(mentions.map((m) => m.text)).toEqual(['Socié\u00ADté\u00A0Générale']);
  });
});

describe('diacritics', () => {
  it('finds an accented name written without accents, and the reverse', () => {
    const accented = matcherFor(entity('sg', 'Société Générale'));
    const plain = matcherFor(entity('sg', 'Societe Generale'));
    const text = 'Societe Generale, Société Générale, Socie\u0301te\u0301 Ge\u0301ne\u0301rale';
    const expected = [
      'sg:Societe Generale',
      'sg:Société Générale',
      'sg:Socie\u0301te\u0301 Ge\u0301ne\u0301rale',
    ];
    expect(found(accented, text)).toEqual(expected);
    expect(found(plain, text)).toEqual(expected);
  });
});

describe('case rules', () => {
  const index = matcherFor(
    entity('oracle', 'Oracle'),
    entity('esma', 'ESMA'),
    entity('nvidia', 'Nvidia', ['NVIDIA']),
    entity('deepseek', 'DeepSeek', [], { case: 'any' }),
    entity('tether', 'Tether', [], { case: 'exact' }),
  );

  it('a name that is also a common word does not match its lowercase form', () => {
    expect(found(index, 'Oracle said the oracle of Delphi')).toEqual(['oracle:Oracle']);
  });

  it('an acronym matches only in capitals', () => {
    expect(found(index, 'ESMA, Esma, esma')).toEqual(['esma:ESMA']);
  });

  it('matches the all-capitals headline form under auto', () => {
    expect(found(index, 'ORACLE AND NVIDIA SIGN; Nvidia; nvidia')).toEqual([
      'oracle:ORACLE',
      'nvidia:NVIDIA',
      'nvidia:Nvidia',
    ]);
  });

  it('any matches every case; exact only as written', () => {
    expect(found(index, 'deepseek Deepseek DEEPSEEK')).toHaveLength(3);
    expect(found(index, 'Tether TETHER tether')).toEqual(['tether:Tether']);
  });

  it('compares case after folding diacritics', () => {
    const sg = matcherFor(entity('sg', 'Société Générale'));
    expect(found(sg, 'SOCIÉTÉ GÉNÉRALE, SOCIETE GENERALE, société générale')).toEqual([
      'sg:SOCIÉTÉ GÉNÉRALE',
      'sg:SOCIETE GENERALE',
    ]);
  });

  it('an alias can override the entity case rule', () => {
    const art = matcherFor(
      entity('art', 'Asset-referenced token', [{ text: 'ART', case: 'exact' }], { case: 'any' }),
    );
    expect(found(art, 'ART art Art asset-referenced token')).toEqual([
      'art:ART',
      'art:asset-referenced token',
    ]);
  });
});

describe('longest match', () => {
  const index = matcherFor(
    entity('deepseek', 'DeepSeek'),
    entity('r1', 'DeepSeek-R1'),
    entity('mistral', 'Mistral AI', ['Mistral']),
    entity('jensen', 'Jensen Huang'),
  );

  it('prefers the longest alias starting at a position', () => {
    // DeepSeek-V3 is a name of its own that the index does not know: not DeepSeek itself.
    expect(found(index, 'DeepSeek-R1 and DeepSeek-V3 by DeepSeek')).toEqual([
      'r1:DeepSeek-R1',
      'deepseek:DeepSeek',
    ]);
    expect(found(index, 'Mistral AI, then Mistral')).toEqual([
      'mistral:Mistral AI',
      'mistral:Mistral',
    ]);
  });

  it('leaves out a name glued by a hyphen into a compound, but not one the compound is about', () => {
    const names = matcherFor(
      entity('meta', 'Meta'),
      entity('softbank', 'SoftBank'),
      entity('trump', 'Trump'),
    );
    expect(found(names, 'Meta-posts and meta-Meta, Meta‑analysis')).toEqual([]);
    expect(found(names, 'Trump-Xi talks; the Trump-Meta feud')).toEqual([]);
    expect(
      found(
        names,
        'the SoftBank-controlled firm, a Meta-backed lab, Trump-era rules, ex-Meta staff',
      ),
    ).toEqual(['softbank:SoftBank', 'meta:Meta', 'trump:Trump', 'meta:Meta']);
    // Dashes separate, they do not glue: "Trump–Xi", "Meta—the company".
    expect(found(names, 'Trump–Xi, Meta—the company')).toEqual(['trump:Trump', 'meta:Meta']);
  });

  it('reports the alias that matched', () => {
    const [first, second] = findMentions(index, 'Mistral AI, Mistral');
    expect(first?.aliasIndex).toBe(-1);
    expect(second?.aliasIndex).toBe(0);
  });

  it('lets a multi-word alias span any white space, which is highlighted', () => {
    expect(found(index, 'Jensen\n   Huang spoke')).toEqual(['jensen:Jensen\n   Huang']);
  });

  it('falls back to a shorter alias when the longer fails its case', () => {
    expect(found(index, 'Mistral ai')).toEqual(['mistral:Mistral']);
  });

  it('never overlaps mentions', () => {
    const overlap = matcherFor(entity('a', 'Open Source'), entity('b', 'Source Code'));
    expect(found(overlap, 'Open Source Code')).toEqual(['a:Open Source']);
  });

  it('stops at the cap', () => {
    expect(found(index, 'DeepSeek DeepSeek DeepSeek', { maxMentions: 2 })).toHaveLength(2);
    expect(found(index, 'DeepSeek', { maxMentions: 0 })).toEqual([]);
  });
});

describe('context, veto and avoid', () => {
  const stargate = entity('stargate', 'Stargate', ['Stargate Project'], {
    context: ['OpenAI', 'SoftBank', 'Oracle'],
    veto: ['série Stargate', 'Stargate SG-1', 'Stargate Atlantis'],
  });
  const mica = entity('mica', 'MiCA', [], { veto: ['Windows 11 Mica'] });
  const mistral = entity('mistral', 'Mistral', [], {
    case: 'any',
    veto: ['le mistral souffle'],
    avoid: ['vent', 'Provence'],
  });
  const index = matcherFor(stargate, mica, mistral);

  it('a text about the TV series shows no consortium mention', () => {
    const tv =
      'La série Stargate revient. Stargate SG-1 reste culte ; Stargate Atlantis aussi. ' +
      'Les fans de Stargate attendent la suite.';
    expect(found(index, tv)).toEqual([]);
  });

  it('the consortium matches with context near the mention', () => {
    expect(found(index, 'OpenAI and SoftBank announced Stargate.')).toEqual(['stargate:Stargate']);
    // Context words compare like aliases: case, accents and quotes folded, whole words only.
    expect(found(index, 'Stargate, selon softbank.')).toEqual(['stargate:Stargate']);
    expect(found(index, 'Stargate, says SoftBanking.')).toEqual([]);
  });

  it('a veto cancels only the occurrence it covers', () => {
    expect(found(index, 'Stargate SG-1 is a show; OpenAI’s Stargate is not.')).toEqual([
      'stargate:Stargate',
    ]);
  });

  it('context must be within the window, unless its scope is the page', () => {
    const far = `Stargate ${'filler '.repeat(60)}OpenAI`;
    expect(found(index, far)).toEqual([]);
    const wide = matcherFor(
      entity('stargate', 'Stargate', [], { context: ['OpenAI'], window: 1000 }),
    );
    expect(found(wide, far)).toEqual(['stargate:Stargate']);
    const page = matcherFor(
      entity('stargate', 'Stargate', [], { context: ['OpenAI'], contextScope: 'page' }),
    );
    expect(found(page, 'Stargate grows.')).toEqual([]);
    expect(found(page, 'Stargate grows.', { page: PageContext.fromText('About OpenAI') })).toEqual([
      'stargate:Stargate',
    ]);
    // Without a page context the block stands for the page.
    expect(found(page, far)).toEqual(['stargate:Stargate']);
  });

  it('a page context can be built block by block', () => {
    const page = new PageContext();
    const rules = matcherFor(
      entity('stargate', 'Stargate', [], { context: ['Sam Altman'], contextScope: 'page' }),
    );
    page.add('Nothing here.');
    expect(found(rules, 'Stargate', { page })).toEqual([]);
    page.add(normalizeText('Interview with Sam\u00A0Altman'));
    expect(found(rules, 'Stargate', { page })).toEqual(['stargate:Stargate']);
  });

  it('a page context folds blocks added lazily only when a page-scoped rule asks', () => {
    const page = new PageContext();
    const rules = matcherFor(
      entity('stargate', 'Stargate', [], { context: ['Sam Altman'], contextScope: 'page' }),
    );
    const folds: string[] = [];
    const lazily = (text: string) => () => (folds.push(text), normalizeText(text).folded);
    page.addLazily(lazily('Nothing here.'));
    page.addLazily(lazily('Interview with Sam Altman'));
    expect(found(rules, 'OpenAI', { page })).toEqual([]);
    expect(folds).toEqual([]);
    expect(found(rules, 'Stargate', { page })).toEqual(['stargate:Stargate']);
    expect(folds).toHaveLength(2);
    // Ahead of need, in steps: each block folded once.
    page.addLazily(lazily('One'));
    page.addLazily(lazily('Two'));
    expect(page.foldPending(1)).toBe(true);
    expect(page.foldPending(1)).toBe(false);
    expect(page.hasPhrase('two')).toBe(true);
    expect(folds).toEqual(['Nothing here.', 'Interview with Sam Altman', 'One', 'Two']);
  });

  it('"Windows 11 Mica" is vetoed, the regulation is not', () => {
    expect(found(index, 'Windows 11 Mica looks nice. MiCA applies in 2024.')).toEqual([
      'mica:MiCA',
    ]);
  });

  it('avoid words near the mention cancel it; veto phrases cancel their occurrence', () => {
    expect(found(index, 'Mistral lève des fonds.')).toEqual(['mistral:Mistral']);
    expect(found(index, 'Le mistral souffle fort.')).toEqual([]);
    expect(found(index, 'Le vent du mistral en Provence.')).toEqual([]);
  });

  it('the name with rules and a plain alias of another entity sharing it', () => {
    const both = matcherFor(
      entity('consortium', 'Stargate', [], { context: ['OpenAI'] }),
      entity('series', 'Stargate', [], { case: 'exact' }),
    );
    expect(found(both, 'Stargate, by OpenAI')).toEqual(['consortium:Stargate']);
    expect(found(both, 'Stargate, the show')).toEqual(['series:Stargate']);
  });
});

describe('blocks', () => {
  it('reports offsets in the block, and accepts text already normalised', () => {
    const index = matcherFor(entity('openai', 'OpenAI'));
    const block = normalizeText('«\u00A0OpenAI\u00A0»');
    expect(findMentions(index, block)).toEqual([
      { entityId: 'openai', aliasIndex: -1, start: 2, end: 8, text: 'OpenAI' },
    ]);
  });

  it('handles empty text and an empty index', () => {
    expect(found(matcherFor(entity('a', 'A')), '')).toEqual([]);
    expect(found(matcherFor(), 'OpenAI')).toEqual([]);
  });
});

describe('context from the surrounding blocks', () => {
  const index = matcherFor(
    entity('circle', 'Circle', [], {
      case: 'exact',
      context: ['USDC'],
      avoid: ['cercle'],
      window: 20,
    }),
  );
  const around = (before: string, after: string) => () => ({
    before: normalizeText(before).folded,
    after: normalizeText(after).folded,
  });

  it('finds a context word in the block before or after, within the window', () => {
    expect(found(index, 'Circle', { surroundings: around('émet USDC', '') })).toEqual([
      'circle:Circle',
    ]);
    expect(found(index, 'Circle', { surroundings: around('', 'USDC aussi') })).toEqual([
      'circle:Circle',
    ]);
    // From the start of 'USDC' to that of 'Circle': 16 units, the boundary, 3 units: 20 in all.
    expect(
      found(index, 'Le Circle', { surroundings: around('USDC ' + 'x'.repeat(11), '') }),
    ).toEqual(['circle:Circle']);
    expect(
      found(index, 'Le Circle', { surroundings: around('USDC ' + 'x'.repeat(12), '') }),
    ).toEqual([]);
  });

  it('never takes avoid words from the surrounding blocks, and asks for them only when needed', () => {
    expect(found(index, 'Circle', { surroundings: around('cercle USDC', '') })).toEqual([
      'circle:Circle',
    ]);
    expect(found(index, 'Circle cercle', { surroundings: around('USDC', '') })).toEqual([]);
    let asked = 0;
    const counting = () => {
      asked++;
      return { before: '', after: '' };
    };
    found(index, 'Circle USDC, Circle USDC, circle', { surroundings: counting });
    found(index, 'Circle, Circle', { surroundings: counting });
    expect(asked).toBe(1);
  });
});

describe('the native search for word starts', () => {
  it('finds exactly the mentions the per-character loop finds, for any aliases and text', () => {
    const word = fc.constantFrom(
      'Open',
      'AI',
      'open',
      'é',
      'Ré',
      'ß',
      '😀',
      'Σ',
      'x-1',
      "d'",
      'Ω',
      '(a)',
      'ǅ',
    );
    const alias = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(
        fc.array(alias, { minLength: 1, maxLength: 8 }),
        fc.array(fc.oneof(word, fc.constantFrom(' ', ', ', '\n', 'OPEN', 'é-', 'Σ')), {
          maxLength: 24,
        }),
        (names, words) => {
          const entities = names.map((name, i) => entity(`e${i}`, name));
          const looping = compileMatcher(entities);
          const searching = compileMatcher(entities);
          searching.firstWords.finder(REGEX_AFTER_CHARS);
          const text = words.join('');
          expect(findMentions(searching, text)).toEqual(findMentions(looping, text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is used once a page has shown enough text, on an index with a first-word list', () => {
    const index = matcherFor(entity('openai', 'OpenAI'), entity('nvidia', 'Nvidia'));
    expect(index.firstWords.finder(100)).toBeNull();
    expect(index.firstWords.finder(50_000)).toBeInstanceOf(RegExp);
    // A key starting with a non-word character: the loop stays.
    const odd = matcherFor(entity('dotnet', '.NET'));
    expect(odd.firstWords.finder(50_000)).toBeNull();
    expect(found(odd, 'Built on .NET today.')).toEqual(['dotnet:.NET']);
  });
});
