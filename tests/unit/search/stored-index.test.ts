import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { search, type SearchIndex } from '@/lib/search';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, planImport, removePack } from '@/lib/store/packs';
import {
  loadSearchIndex,
  SEARCH_INDEX_FORMAT,
  searchIndexKey,
  storeSearchIndex,
} from '@/lib/store/search';
import type { Pack } from '@/lib/pack/types';
import { makePack } from '../support/packs';

const bundled = readFileSync('data/default-pack.json', 'utf8');
const QUERIES = ['stargat', 'reglement mica', 'nvidai', 'h800', 'deepsek r1', 'softbank mgx'];

let db: ReperesDatabase;
let count = 0;
beforeEach(async () => {
  db = new ReperesDatabase(`stored-search-${++count}`);
  await install(bundled);
});
afterEach(() => db.delete());

async function install(pack: Pack | string) {
  const planned = await planImport(db, typeof pack === 'string' ? pack : JSON.stringify(pack));
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors.slice(0, 3)));
  await applyImport(db, planned.plan);
}

const names = (index: Awaited<ReturnType<typeof loadSearchIndex>>, query: string) =>
  search(index, query, 5).map((result) => result.name);

describe('the stored search index', () => {
  it('answers from storage, without reading a single entity row', async () => {
    await storeSearchIndex(db, 'en');
    // Rows gone, packs unchanged: only the stored index can still name Stargate.
    await db.entities.clear();
    const index = await loadSearchIndex(db, 'en');
    expect(names(index, 'stargat')[0]).toBe('Stargate');
  });

  it('answers every query exactly as an index built afresh', async () => {
    await storeSearchIndex(db, 'en');
    const stored = await loadSearchIndex(db, 'en');
    await db.meta.clear();
    const fresh = await loadSearchIndex(db, 'en');
    for (const query of QUERIES) expect(search(stored, query), query).toEqual(search(fresh, query));
  });

  it('gives the names alone first, then the whole index', async () => {
    await storeSearchIndex(db, 'en');
    const first: SearchIndex[] = [];
    const all = await loadSearchIndex(db, 'en', (names) => first.push(names));
    expect(first).toHaveLength(1);
    const names = first[0]!;
    expect(names.docKind.length).toBeLessThan(all.docKind.length / 4);
    // A name is found in either; a fact's words only in the whole index.
    expect(search(names, 'stargat')[0]!.name).toBe('Stargate');
    expect(search(names, 'gross margin')).toEqual([]);
    expect(search(all, 'gross margin').map((r) => r.name)).toContain('Nvidia');
  });

  it('reads the whole index only once the names have been shown', async () => {
    await storeSearchIndex(db, 'en');
    let shown!: () => void;
    let whole: SearchIndex | undefined;
    const loading = loadSearchIndex(
      db,
      'en',
      () => new Promise<void>((done) => (shown = done)),
    ).then((index) => (whole = index));
    await vi.waitFor(() => expect(shown).toBeTypeOf('function'));
    await new Promise((done) => setTimeout(done, 50));
    expect(whole).toBeUndefined();
    shown();
    await loading;
    expect(search(whole!, 'gross margin').map((r) => r.name)).toContain('Nvidia');
  });

  it('is built again once the packs change', async () => {
    await storeSearchIndex(db, 'en');
    const pack = makePack({ id: 'extra', entities: 2 });
    pack.entities[0] = { ...pack.entities[0]!, name: 'Quokka Robotics' };
    await install(pack);
    expect(names(await loadSearchIndex(db, 'en'), 'quokka')).toEqual(['Quokka Robotics']);
    await removePack(db, 'extra');
    expect(names(await loadSearchIndex(db, 'en'), 'quokka')).toEqual([]);
  });

  it('is built for the reader’s language: a French popup does not read the English index', async () => {
    await storeSearchIndex(db, 'en');
    const [result] = search(await loadSearchIndex(db, 'fr'), 'stargate');
    expect(result!.snippet?.lang).toBe('fr');
  });

  it('is built again, without an error, when what storage holds is not a current index', async () => {
    await storeSearchIndex(db, 'en');
    const key = searchIndexKey('en', 'all');
    const stored = (await db.meta.get(key))!.value as { index: Record<string, unknown> };
    for (const damage of [
      { ...stored, format: SEARCH_INDEX_FORMAT + 1 },
      { ...stored, index: { ...stored.index, docKind: [1, 2, 3] } },
      { ...stored, index: { ...stored.index, words: undefined } },
      // Columns of the descriptions and facts that do not cover them all.
      { ...stored, index: { ...stored.index, docLang: new Uint16Array(1) } },
      { ...stored, index: { ...stored.index, nameDocs: -1 } },
      'not an index',
    ]) {
      await db.meta.put({ key, value: damage });
      expect(names(await loadSearchIndex(db, 'en'), 'stargat')[0]).toBe('Stargate');
    }
  });
});
