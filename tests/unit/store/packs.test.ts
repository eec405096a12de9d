import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReperesDatabase } from '@/lib/store/db';
import {
  applyImport,
  exportPack,
  ImportRefusedError,
  listPacks,
  planImport,
  removePack,
  syncBundledPack,
} from '@/lib/store/packs';
import { validatePack } from '@/lib/pack/validate';
import type { Pack } from '@/lib/pack/types';
import { makePack } from '../support/packs';

let db: ReperesDatabase;
let dbCount = 0;

beforeEach(() => {
  db = new ReperesDatabase(`test-${++dbCount}`);
});
afterEach(async () => {
  await db.delete();
});

async function importPack(pack: Pack | string, options: Parameters<typeof applyImport>[2] = {}) {
  const result = await planImport(db, typeof pack === 'string' ? pack : JSON.stringify(pack));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { plan: result.plan, outcome: await applyImport(db, result.plan, options) };
}

/** Everything the store holds, to compare before and after. */
async function snapshot() {
  return {
    packs: await db.packs.toArray(),
    entities: await db.entities.toArray(),
    meta: await db.meta.toArray(),
  };
}

describe('importing a pack', () => {
  it('installs it and lists it with its counts', async () => {
    const { plan, outcome } = await importPack(makePack({ entities: 4, factsPerEntity: 3 }));
    expect(plan.kind).toBe('install');
    expect(outcome).toBe('written');
    const [listed] = await listPacks(db);
    expect(listed).toMatchObject({
      id: 'test-pack',
      version: '1.0.0',
      title: 'Test pack',
      counts: { entities: 4, facts: 12, sources: 1 },
      bundled: false,
    });
  });

  it('writes nothing when the pack has errors, and says where they are', async () => {
    const pack = makePack();
    pack.facts[1]!.source = 's9';
    const result = await planImport(db, JSON.stringify(pack));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain('facts[1].source');
    expect(await snapshot()).toEqual({ packs: [], entities: [], meta: [] });
  });

  it('exports a pack that validates and is the one imported', async () => {
    const original = makePack({ entities: 5, factsPerEntity: 2 });
    // Facts out of subject order, to prove export keeps the pack's own order.
    original.facts.reverse();
    await importPack(original);
    const exported = await exportPack(db, 'test-pack');
    const validated = validatePack(JSON.stringify(exported));
    expect(validated.ok).toBe(true);
    expect(exported).toEqual((validatePack(JSON.stringify(original)) as { pack: Pack }).pack);
    const again = await planImport(db, JSON.stringify(exported));
    expect(again.ok && again.plan.kind).toBe('unchanged');
  });

  it('stores markup and script in text fields as plain text, unchanged', async () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await importPack(makePack({ factText: hostile }));
    const rows = await db.entities.toArray();
    expect(rows[0]!.facts[0]!.text.en).toBe(hostile);
  });
});

describe('versions', () => {
  it('does nothing for the same version with the same content', async () => {
    await importPack(makePack(), { now: 1000 });
    const before = await snapshot();
    const { plan, outcome } = await importPack(makePack(), { now: 2000 });
    expect(plan.kind).toBe('unchanged');
    expect(outcome).toBe('unchanged');
    expect(await snapshot()).toEqual(before);
  });

  it('replaces the older pack whole with a newer version, and says what changes', async () => {
    await importPack(makePack({ entities: 3 }), { now: 1000 });
    const next = makePack({ version: '1.1.0', entities: 3 });
    next.entities.splice(2, 1); // e2 removed
    next.facts = next.facts.filter((fact) => !fact.entities.includes('e2'));
    next.facts[0]!.text.en = 'A corrected fact.';
    next.entities.push({
      id: 'new',
      name: 'Newcomer',
      type: 'person',
      aliases: [],
      description: { en: 'New.' },
    });
    const { plan } = await importPack(next, { now: 2000 });
    expect(plan.kind).toBe('update');
    expect(plan.changes.entities).toEqual({ added: ['new'], changed: [], removed: ['e2'] });
    expect(plan.changes.facts.changed).toEqual(['e0-f0']);
    expect(plan.changes.facts.removed.sort()).toEqual(['e1-f0', 'e1-f1', 'e2-f0', 'e2-f1']);
    expect(await db.entities.where('id').equals('e2').count()).toBe(0);
    expect(await exportPack(db, 'test-pack')).toEqual(next);
    const [record] = await listPacks(db);
    expect(record).toMatchObject({ version: '1.1.0', installedAt: 1000, updatedAt: 2000 });
  });

  it('refuses the same version with different content, unless the reader confirms', async () => {
    await importPack(makePack());
    const before = await snapshot();
    const altered = makePack({ factText: 'Different.' });
    await expect(importPack(altered)).rejects.toBeInstanceOf(ImportRefusedError);
    expect(await snapshot()).toEqual(before);
    const { plan } = await importPack(altered, { force: true });
    expect(plan.kind).toBe('conflict');
    expect((await exportPack(db, 'test-pack'))?.facts[0]?.text.en).toBe('Different.');
  });

  it('refuses an older version, unless the reader confirms the downgrade', async () => {
    await importPack(makePack({ version: '2.0.0' }));
    const older = makePack({ version: '1.9.9', entities: 1 });
    const refused = importPack(older);
    await expect(refused).rejects.toThrow(/refused: version 2\.0\.0 is installed \(downgrade\)/);
    expect((await listPacks(db))[0]?.version).toBe('2.0.0');
    await importPack(older, { force: true });
    expect((await listPacks(db))[0]).toMatchObject({ version: '1.9.9', counts: { entities: 1 } });
  });

  it('orders versions by semver precedence, not as text', async () => {
    await importPack(makePack({ version: '1.9.0' }));
    const { plan } = await importPack(makePack({ version: '1.10.0' }));
    expect(plan.kind).toBe('update');
    const pre = await planImport(db, JSON.stringify(makePack({ version: '1.10.0-beta.1' })));
    expect(pre.ok && pre.plan.kind).toBe('downgrade');
  });
});

describe('atomicity', () => {
  it('leaves the store exactly as before when an update fails mid-way', async () => {
    await importPack(makePack({ entities: 2500, factsPerEntity: 1 }));
    const before = await snapshot();
    const next = makePack({
      version: '2.0.0',
      entities: 2600,
      factsPerEntity: 1,
      factText: 'New.',
    });
    let calls = 0;
    const failing = importPack(next, {
      onProgress: (fraction) => {
        // Fail after rows of the new version were already written in the transaction.
        if (fraction > 0 && ++calls === 2) throw new Error('the browser went away');
      },
    });
    await expect(failing).rejects.toThrow('the browser went away');
    expect(calls).toBe(2);
    expect(await snapshot()).toEqual(before);
  });
});

describe('several packs', () => {
  it('keeps facts about the same entity from both packs, and one removal leaves the other', async () => {
    await importPack(makePack({ id: 'pack-a', entities: 2 }));
    await importPack(makePack({ id: 'pack-b', entities: 3, factText: 'From B.' }));
    const rows = await db.entities.where('id').equals('e1').toArray();
    expect(rows.map((row) => row.packId).sort()).toEqual(['pack-a', 'pack-b']);
    // e1 is a secondary subject of e0's facts in both packs.
    expect((await db.entities.where('secondary').equals('e1').toArray()).length).toBe(2);

    expect(await removePack(db, 'pack-a')).toBe(true);
    const left = await db.entities.where('id').equals('e1').toArray();
    expect(left.map((row) => row.packId)).toEqual(['pack-b']);
    expect(left[0]!.facts[0]!.text.en).toBe('From B.');
    expect((await listPacks(db)).map((pack) => pack.id)).toEqual(['pack-b']);
  });
});

describe('the bundled pack', () => {
  it('is installed on first run and updated when the extension ships a newer one', async () => {
    expect(await syncBundledPack(db, JSON.stringify(makePack()))).toBe('install');
    expect(await syncBundledPack(db, JSON.stringify(makePack()))).toBe('unchanged');
    expect(await syncBundledPack(db, JSON.stringify(makePack({ version: '1.0.1' })))).toBe(
      'update',
    );
    expect((await listPacks(db))[0]).toMatchObject({ version: '1.0.1', bundled: true });
  });

  it('stays removed when the reader removed it, even when a newer one ships', async () => {
    await syncBundledPack(db, JSON.stringify(makePack()));
    await removePack(db, 'test-pack');
    expect(await syncBundledPack(db, JSON.stringify(makePack({ version: '9.0.0' })))).toBe(
      'kept-removed',
    );
    expect(await listPacks(db)).toEqual([]);
  });

  it('does not replace a newer version the reader imported', async () => {
    await importPack(makePack({ version: '3.0.0' }));
    expect(await syncBundledPack(db, JSON.stringify(makePack()))).toBe('downgrade');
    expect((await listPacks(db))[0]?.version).toBe('3.0.0');
  });
});
