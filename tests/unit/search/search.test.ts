import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createSearchIndex,
  createSearchIndexGradually,
  foldForSearch,
  search,
  type SearchIndex,
} from '@/lib/search';
import { excerpt, segments } from '@/lib/search/highlight';
import { packToRecords } from '@/lib/store/records';
import type { Pack } from '@/lib/pack/types';
import { makePack } from '../support/packs';

const bundled = JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack;
const index: SearchIndex = createSearchIndex(packToRecords(bundled).entities, { lang: 'en' });
const ids = (query: string, limit = 5) => search(index, query, limit).map((result) => result.id);
const marked = (text: string, matches: readonly (readonly [number, number])[]) =>
  matches.map(([start, end]) => text.slice(start, end));

describe('search over the bundled pack', () => {
  it('finds a name being typed, before the facts that mention it', () => {
    expect(ids('stargat')[0]).toBe('stargate');
    const [first] = search(index, 'stargat', 1);
    expect(marked(first!.name, first!.nameMatches)).toEqual(['Stargat']);
  });

  it('finds MiCA by its name, in any case', () => {
    expect(ids('mica')[0]).toBe('mica');
    expect(ids('MICA')[0]).toBe('mica');
    const [first] = search(index, 'mica', 1);
    expect(first).toMatchObject({ name: 'MiCA', type: 'regulation' });
  });

  it('ignores diacritics in the query and in the text', () => {
    expect(ids('societe generale')[0]).toBe('sg-forge');
    expect(ids('Société Générale')[0]).toBe('sg-forge');
    const [first] = search(index, 'reglement mica', 1);
    expect(first!.id).toBe('mica');
    const snippet = first!.snippet!;
    expect(marked(snippet.text, snippet.matches).map((s) => s.toLowerCase())).toEqual(
      expect.arrayContaining(['mica', 'règlement']),
    );
  });

  it('forgives typos', () => {
    expect(ids('deepsek')[0]).toBe('deepseek');
    expect(ids('nvidai')[0]).toBe('nvidia');
    expect(ids('stargaet')[0]).toBe('stargate');
  });

  it('finds facts by their words, with the matching fact and its marks', () => {
    const results = search(index, 'puces', 10);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const { text, matches } = result.snippet!;
      expect(marked(text, matches).map((s) => foldForSearch(s))).toContain('puces');
    }
    // A fact in English, for an English reader, when both languages match.
    const [h800] = search(index, 'h800', 1);
    expect(h800!.id).toBe('h800');
    expect(h800!.snippet?.lang).toBe('en');
  });

  it('finds names from one or two letters, and nothing for an empty query', () => {
    expect(ids('r1')).toContain('deepseek-r1');
    expect(search(index, '   ')).toEqual([]);
    expect(search(index, '!!')).toEqual([]);
  });

  it('respects the limit', () => {
    expect(search(index, 'a', 3)).toHaveLength(3);
  });
});

describe('search over several packs', () => {
  it('lists an entity described by two packs once, named by the first record given', () => {
    const a = makePack({ id: 'a' });
    const b = makePack({ id: 'b' });
    b.entities[0] = { ...b.entities[0]!, name: 'Renamed Entity' };
    const records = [...packToRecords(b).entities, ...packToRecords(a).entities];
    const results = search(createSearchIndex(records), 'entity', 10);
    expect(results.filter((result) => result.id === 'e0')).toHaveLength(1);
    expect(results.find((result) => result.id === 'e0')!.name).toBe('Renamed Entity');
    // The other pack's name still finds it.
    expect(search(createSearchIndex(records), 'entity e0', 1)[0]!.id).toBe('e0');
  });
});

describe('highlights', () => {
  it('cut text into plain and marked pieces', () => {
    expect(segments('<b>MiCA</b> rules', [[3, 7]])).toEqual([
      { text: '<b>', mark: false },
      { text: 'MiCA', mark: true },
      { text: '</b> rules', mark: false },
    ]);
    expect(
      segments('abc', [
        [1, 2],
        [2, 3],
        [0, 0],
      ]),
    ).toEqual([
      { text: 'a', mark: false },
      { text: 'bc', mark: true },
    ]);
  });

  it('keep the first match in an excerpt', () => {
    const text = `${'word '.repeat(60)}Stargate ${'tail '.repeat(60)}`;
    const start = text.indexOf('Stargate');
    const cut = excerpt({ text, matches: [[start, start + 8]] }, 80);
    expect(cut.text.length).toBeLessThanOrEqual(82);
    expect(cut.text.startsWith('…')).toBe(true);
    expect(marked(cut.text, cut.matches)).toEqual(['Stargate']);
  });
});

describe('building the index in steps', () => {
  it('pauses often on a large pack and answers exactly as the index built at once', () => {
    const records = packToRecords(makePack({ entities: 2000, factsPerEntity: 3 })).entities;
    const work = createSearchIndexGradually(records, { lang: 'en' });
    let pauses = 0;
    let step = work.next();
    for (; !step.done; step = work.next()) pauses++;
    // The popup resumes it in slices of a few ms: no stretch may run long.
    expect(pauses).toBeGreaterThan(15);
    const whole = createSearchIndex(records, { lang: 'en' });
    for (const query of ['entity e1999', 'alias e7', 'fact 2', 'entty']) {
      expect(search(step.value, query, 10)).toEqual(search(whole, query, 10));
    }
    expect(search(step.value, 'entity e1999', 1)[0]!.id).toBe('e1999');
  });
});
