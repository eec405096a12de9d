/**
 * "Restore previous version" (issue 16): an update keeps the version it
 * replaced, whole and out of sight, and one transaction brings it back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCard } from '@/lib/store/cards';
import { ReperesDatabase } from '@/lib/store/db';
import {
  applyImport,
  exportPack,
  planImport,
  previousVersions,
  removePack,
  restorePrevious,
} from '@/lib/store/packs';
import type { Pack } from '@/lib/pack/types';
import { makePack } from '../support/packs';

let db: ReperesDatabase;
let dbCount = 0;
beforeEach(() => {
  db = new ReperesDatabase(`rollback-${++dbCount}`);
});
afterEach(() => db.delete());

async function install(pack: Pack) {
  const result = await planImport(db, JSON.stringify(pack));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await applyImport(db, result.plan);
}

/** Version 2 names entity e0 differently and drops entity e2. */
function second(): Pack {
  const pack = makePack({ version: '2.0.0' });
  pack.entities[0]!.name = 'Renamed';
  pack.entities = pack.entities.filter((entity) => entity.id !== 'e2');
  pack.facts = pack.facts.filter((fact) => !fact.entities.includes('e2'));
  return pack;
}

describe('the previous version of a pack', () => {
  it('is kept by an update, out of every card, and restored whole in one step', async () => {
    const first = makePack();
    await install(first);
    expect(await previousVersions(db)).toEqual(new Map());
    await install(second());
    expect(await previousVersions(db)).toEqual(new Map([['test-pack', '1.0.0']]));
    // Cards see only the installed version.
    expect((await loadCard(db, 'e0', 'en'))?.name).toBe('Renamed');
    expect(await loadCard(db, 'e2', 'en')).toBeUndefined();

    expect(await restorePrevious(db, 'test-pack')).toBe(true);
    expect(await exportPack(db, 'test-pack')).toEqual(JSON.parse(JSON.stringify(first)));
    expect((await loadCard(db, 'e2', 'en'))?.name).toBeTruthy();
    // The restore can itself be undone: the replaced version is now the previous one.
    expect(await previousVersions(db)).toEqual(new Map([['test-pack', '2.0.0']]));
    expect(await restorePrevious(db, 'test-pack')).toBe(true);
    expect((await exportPack(db, 'test-pack'))?.version).toBe('2.0.0');
  });

  it('changes nothing when a restore fails midway', async () => {
    await install(makePack());
    await install(second());
    // The last write of the restore fails: everything before it must be undone.
    const fail = () => {
      throw new Error('disk full');
    };
    db.packs.hook('updating', fail);
    db.packs.hook('creating', fail);
    await expect(restorePrevious(db, 'test-pack')).rejects.toThrow();
    db.packs.hook('updating').unsubscribe(fail);
    db.packs.hook('creating').unsubscribe(fail);
    expect((await exportPack(db, 'test-pack'))?.version).toBe('2.0.0');
    expect(await previousVersions(db)).toEqual(new Map([['test-pack', '1.0.0']]));
  });

  it('is there only after an update, and goes with the pack', async () => {
    expect(await restorePrevious(db, 'test-pack')).toBe(false);
    await install(makePack());
    expect(await restorePrevious(db, 'test-pack')).toBe(false);
    await install(second());
    await removePack(db, 'test-pack');
    expect(await previousVersions(db)).toEqual(new Map());
    expect(await db.previousEntities.count()).toBe(0);
  });
});
