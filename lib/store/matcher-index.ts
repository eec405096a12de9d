import {
  compilePacks,
  serializeMatcher,
  type MatcherPack,
  type SerializedMatcherIndex,
} from '@/lib/match';
import { storeMatcherIndex } from '@/lib/matcher-storage';
import type { Entity } from '@/lib/pack/types';
import type { ReperesDatabase } from './db';

/** Compiles the aliases of every installed pack into one index, each pack with its topic words. */
export async function buildMatcherIndex(db: ReperesDatabase): Promise<SerializedMatcherIndex> {
  const byPack = new Map<string, Entity[]>();
  await db.entities.each((row) => {
    let entities = byPack.get(row.packId);
    if (!entities) byPack.set(row.packId, (entities = []));
    entities.push(row.entity);
  });
  const packs: MatcherPack[] = [];
  for (const record of await db.packs.toArray()) {
    packs.push({ entities: byPack.get(record.id) ?? [], topics: record.header.topics });
  }
  return serializeMatcher(compilePacks(packs));
}

/** Rebuilds the index after a change to the packs and publishes it to every tab. */
export async function publishMatcherIndex(db: ReperesDatabase): Promise<SerializedMatcherIndex> {
  const index = await buildMatcherIndex(db);
  await storeMatcherIndex(index);
  return index;
}
