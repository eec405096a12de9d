import {
  compilePacks,
  serializeMatcher,
  type MatcherPack,
  type SerializedMatcherIndex,
} from '@/lib/match';
import { storeMatcherIndex } from '@/lib/matcher-storage';
import type { ReperesDatabase } from './db';
import { matcherEntitiesOf } from './matcher-entities';

/** Compiles the aliases of every installed pack into one index, each pack with its topic words. */
export async function buildMatcherIndex(db: ReperesDatabase): Promise<SerializedMatcherIndex> {
  const packs = await db.transaction('r', [db.packs, db.meta, db.entities], async () => {
    const records = await db.packs.toArray();
    const read: MatcherPack[] = [];
    for (const record of records) {
      read.push({ entities: await matcherEntitiesOf(db, record), topics: record.header.topics });
    }
    return read;
  });
  return serializeMatcher(compilePacks(packs));
}

/** Rebuilds the index after a change to the packs and publishes it to every tab. */
export async function publishMatcherIndex(db: ReperesDatabase): Promise<SerializedMatcherIndex> {
  const index = await buildMatcherIndex(db);
  await storeMatcherIndex(index);
  return index;
}
