import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { search, type SearchIndex } from '@/lib/search';
import { ReperesDatabase } from '@/lib/store/db';
import { beginNamesRead, readNames, takeNamesRead } from '@/lib/store/early-names';
import { applyImport, planImport } from '@/lib/store/packs';
import { loadSearchIndex, searchIndexKey, storeSearchIndex } from '@/lib/store/search';

const bundled = readFileSync('data/default-pack.json', 'utf8');

let name: string;
let db: ReperesDatabase;
let count = 0;
beforeEach(() => {
  name = `early-names-${++count}`;
  db = new ReperesDatabase(name);
});
afterEach(() => db.delete());

async function installBundled() {
  const planned = await planImport(db, bundled);
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors.slice(0, 3)));
  await applyImport(db, planned.plan);
}

describe('the popup’s early read of the names', () => {
  it('finds nothing where there is no database yet, and does not create one', async () => {
    expect(await readNames(name)).toBeUndefined();
    expect((await indexedDB.databases()).map((info) => info.name)).not.toContain(name);
    // Dexie still creates it as usual afterwards.
    await installBundled();
    expect(await db.packs.count()).toBe(1);
  });

  it('reads what Dexie reads: the popup answers from it', async () => {
    await installBundled();
    await storeSearchIndex(db, 'en');
    const early = await readNames(name);
    expect(early?.lang).toBe('en');
    expect(early?.packs.map((pack) => pack.id)).toEqual(['reperes-default']);
    // Gone from storage since: only the early read can still give the names first.
    await db.meta.delete(searchIndexKey('en', 'names'));
    const shown: SearchIndex[] = [];
    const whole = await loadSearchIndex(
      db,
      'en',
      (names) => shown.push(names),
      Promise.resolve(early),
    );
    expect(shown).toHaveLength(1);
    expect(search(shown[0]!, 'stargat')[0]!.name).toBe('Stargate');
    expect(search(whole, 'gross margin').map((result) => result.name)).toContain('Nvidia');
  });

  it('leaves the read to Dexie when it found nothing, or failed', async () => {
    await installBundled();
    await storeSearchIndex(db, 'en');
    for (const early of [
      () => Promise.resolve(undefined),
      () => Promise.reject(new Error('gone')),
    ]) {
      const shown: SearchIndex[] = [];
      await loadSearchIndex(db, 'en', (names) => shown.push(names), early());
      expect(search(shown[0]!, 'stargat')[0]!.name).toBe('Stargate');
    }
  });

  it('is handed over once, and only to a popup in the language of the names it found', async () => {
    await installBundled();
    await storeSearchIndex(db, 'en');
    beginNamesRead(name);
    expect(await takeNamesRead('fr')).toBeUndefined();
    beginNamesRead(name);
    const read = await takeNamesRead('en');
    expect(read?.names?.key).toBe(searchIndexKey('en', 'names'));
    expect(takeNamesRead('en')).toBeUndefined();
  });

  it('reads nothing when names are stored in several languages', async () => {
    await installBundled();
    await storeSearchIndex(db, 'en');
    await storeSearchIndex(db, 'fr');
    const early = await readNames(name);
    expect(early?.names).toBeUndefined();
    // The popup then reads its own language's through Dexie.
    const shown: SearchIndex[] = [];
    await loadSearchIndex(db, 'fr', (names) => shown.push(names), Promise.resolve(undefined));
    expect(shown).toHaveLength(1);
  });
});
