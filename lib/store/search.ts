/** The popup's search index, built from the store (an extension page reads it directly). */
import { packPrecedence } from '@/lib/cards';
import { createSearchIndexGradually, type SearchIndex } from '@/lib/search';
import { runGeneratorInSlices } from '@/lib/slices';
import type { ReperesDatabase } from './db';

/**
 * Reads every entity row in one read transaction and indexes them, the most
 * recently updated pack first (it names an entity several packs describe, as
 * on cards), in time slices: with a pack of thousands of entities the popup
 * keeps answering the reader's keys while it indexes.
 */
export async function loadSearchIndex(db: ReperesDatabase, lang: string): Promise<SearchIndex> {
  const [packs, rows] = await db.transaction('r', db.packs, db.entities, () =>
    Promise.all([db.packs.toArray(), db.entities.toArray()]),
  );
  const rank = new Map(packPrecedence(packs).map((pack, i) => [pack.id, i]));
  const order = (packId: string) => rank.get(packId) ?? rank.size;
  rows.sort((a, b) => order(a.packId) - order(b.packId) || a.position - b.position);
  return (await runGeneratorInSlices(createSearchIndexGradually(rows, { lang })))!;
}
