/** Reads what a card needs from the store, in one read transaction, through the indexes. */
import { buildCard, missingCounterparts, type CardData } from '@/lib/cards';
import type { EntityRecord, ReperesDatabase } from './db';

/**
 * Packs up to this many entities are scanned for a dispute's counterpart that
 * no row near the entity holds; larger ones are not (the claim then shows
 * alone), so that opening a card stays fast whatever is installed.
 */
const COUNTERPART_SCAN_LIMIT = 5000;

/** The card of entity `id` in language `lang`, or undefined when no pack describes it. */
export async function loadCard(
  db: ReperesDatabase,
  id: string,
  lang: string,
): Promise<CardData | undefined> {
  return db.transaction('r', db.packs, db.entities, async () => {
    const rows = await db.entities.where('id').equals(id).toArray();
    if (rows.length === 0) return undefined;
    const packs = await db.packs.toArray();
    const mentioning = await db.entities.where('secondary').equals(id).toArray();
    const loaded = new Set(rows.map(key));
    const others: EntityRecord[] = [];
    const keep = (found: EntityRecord[]) => {
      for (const row of found) {
        if (loaded.has(key(row))) continue;
        loaded.add(key(row));
        others.push(row);
      }
    };
    keep(mentioning);

    // Related entities (for their names) and the entities the card's facts
    // name, where a dispute's other side usually is.
    const near = new Set<string>();
    for (const row of rows) for (const relatedId of row.entity.related ?? []) near.add(relatedId);
    for (const row of [...rows, ...others]) {
      for (const fact of row.facts) {
        if (fact.disagreesWith?.length && fact.entities.includes(id)) {
          for (const entityId of fact.entities) near.add(entityId);
        }
      }
    }
    const loadedIds = new Set([...rows, ...others].map((row) => row.id));
    const nearIds = [...near].filter((nearId) => !loadedIds.has(nearId));
    if (nearIds.length > 0) keep(await db.entities.where('id').anyOf(nearIds).toArray());

    // Still missing: scan the (small) packs that hold them.
    const missing = missingCounterparts([...rows, ...others], id);
    for (const [packId, factIds] of missing) {
      const pack = packs.find((record) => record.id === packId);
      if (!pack || pack.counts.entities > COUNTERPART_SCAN_LIMIT) continue;
      keep(
        await db.entities
          .where('packId')
          .equals(packId)
          .filter((row) => row.facts.some((fact) => factIds.has(fact.id)))
          .toArray(),
      );
    }
    return buildCard(rows, others, packs, id, lang);
  });
}

const key = (row: EntityRecord) => `${row.packId}\u0000${row.id}`;
