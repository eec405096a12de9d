/**
 * The index pages are matched with, rebuilt after every pack change from the
 * entities kept beside each pack's rows (lib/store/matcher-entities.ts): it
 * must be the index the rows themselves give, after an install, an update, a
 * restore and a removal, and never a stale copy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findMentions, loadMatcher } from '@/lib/match';
import { ReperesDatabase } from '@/lib/store/db';
import { buildMatcherIndex } from '@/lib/store/matcher-index';
import { applyImport, planImport, removePack, restorePrevious } from '@/lib/store/packs';
import type { Pack } from '@/lib/pack/types';
import { makePack } from '../support/packs';

let db: ReperesDatabase;
let dbCount = 0;

beforeEach(() => {
  db = new ReperesDatabase(`matcher-index-${++dbCount}`);
});
afterEach(() => db.delete());

async function install(pack: Pack) {
  const result = await planImport(db, JSON.stringify(pack));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await applyImport(db, result.plan);
}

/** The index built from the rows alone, as before any copy was kept. */
async function fromRows() {
  const kept = await db.meta.where('key').startsWith('matcherEntities:').primaryKeys();
  const copies = await db.meta.bulkGet(kept);
  await db.meta.bulkDelete(kept);
  const index = await buildMatcherIndex(db);
  await db.meta.bulkPut(copies.filter((row) => row !== undefined));
  return index;
}

const names = async (text: string) =>
  findMentions(loadMatcher(await buildMatcherIndex(db)), text).map((m) => m.text);

describe('the matcher index after pack changes', () => {
  it('is the index the rows give, for several packs, through an update, a restore and a removal', async () => {
    await install(makePack({ id: 'pack-b', entityPrefix: 'b', entities: 4 }));
    await install(makePack({ id: 'pack-a', entityPrefix: 'a', entities: 3 }));
    expect(await buildMatcherIndex(db)).toEqual(await fromRows());

    const update = makePack({ id: 'pack-a', entityPrefix: 'a', entities: 3, version: '2.0.0' });
    update.entities[0]!.name = 'Renamed Corp';
    await install(update);
    expect(await buildMatcherIndex(db)).toEqual(await fromRows());
    expect(await names('Renamed Corp and Entity A0')).toEqual(['Renamed Corp']);

    expect(await restorePrevious(db, 'pack-a')).toBe(true);
    expect(await buildMatcherIndex(db)).toEqual(await fromRows());
    expect(await names('Renamed Corp and Entity A0')).toEqual(['Entity A0']);

    expect(await removePack(db, 'pack-a')).toBe(true);
    expect(await db.meta.get('matcherEntities:pack-a')).toBeUndefined();
    expect(await buildMatcherIndex(db)).toEqual(await fromRows());
    expect(await names('Entity A1, Entity B1')).toEqual(['Entity B1']);
  });

  it('reads the kept entities, not the rows and their facts', async () => {
    await install(makePack({ id: 'pack-a', entityPrefix: 'a', entities: 3 }));
    await db.entities.clear();
    expect(await names('Entity A2')).toEqual(['Entity A2']);
  });

  it('ignores a kept copy that is not of the installed version', async () => {
    await install(makePack({ id: 'pack-a', entityPrefix: 'a', entities: 3 }));
    const row = await db.meta.get('matcherEntities:pack-a');
    await db.meta.put({ ...row!, value: { contentHash: 'another version', entities: [] } });
    expect(await names('Entity A2')).toEqual(['Entity A2']);
    expect(await buildMatcherIndex(db)).toEqual(await fromRows());
  });
});
