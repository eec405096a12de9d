/**
 * A pack's entities without their facts, kept beside its rows for the matcher
 * (lib/store/matcher-index.ts): reading the rows themselves brings every fact
 * along (25 MB for 100,000 facts, half a second in the background after each
 * import), where the matcher needs only names and aliases. Written in the
 * same transactions as the rows.
 */
import type { Entity } from '@/lib/pack/types';
import type { EntityRecord, PackRecord, ReperesDatabase } from './db';

interface MatcherEntities {
  /** The pack's content hash when written: a copy that no longer matches is not used. */
  contentHash: string;
  /** In the rows' key order (entity id), the order the matcher has always read them in. */
  entities: Entity[];
}

const matcherEntitiesKey = (packId: string) => `matcherEntities:${packId}`;

/**
 * Within a transaction over `db.meta` that writes a pack's rows: keeps its entities for
 * the matcher, or drops them when `rows` is null (the pack removed).
 */
export async function keepMatcherEntities(
  db: ReperesDatabase,
  packId: string,
  version: { contentHash: string; rows: readonly EntityRecord[] } | null,
): Promise<void> {
  if (version === null) {
    await db.meta.delete(matcherEntitiesKey(packId));
    return;
  }
  const entities = [...version.rows]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row) => row.entity);
  const value: MatcherEntities = { contentHash: version.contentHash, entities };
  await db.meta.put({ key: matcherEntitiesKey(packId), value });
}

/** A pack's entities for the matcher: the copy kept beside its rows, else from the rows. */
export async function matcherEntitiesOf(
  db: ReperesDatabase,
  record: PackRecord,
): Promise<Entity[]> {
  const kept = (await db.meta.get(matcherEntitiesKey(record.id)))?.value as
    Partial<MatcherEntities> | undefined;
  if (kept?.contentHash === record.contentHash && Array.isArray(kept.entities)) {
    return kept.entities;
  }
  const rows = await db.entities.where('packId').equals(record.id).toArray();
  return rows.map((row) => row.entity);
}
