import { browser } from 'wxt/browser';
import { compileMatcher, serializeMatcher, type SerializedMatcherIndex } from '@/lib/match';
import { MATCHER_INDEX_KEY } from '@/lib/matcher-storage';
import type { Entity } from '@/lib/pack/types';
import type { ReperesDatabase } from './db';

/** Compiles the aliases of every installed pack into one index. */
export async function buildMatcherIndex(db: ReperesDatabase): Promise<SerializedMatcherIndex> {
  const entities: Entity[] = [];
  await db.entities.each((row) => entities.push(row.entity));
  return serializeMatcher(compileMatcher(entities));
}

/** Rebuilds the index after a change to the packs and publishes it to every tab. */
export async function publishMatcherIndex(db: ReperesDatabase): Promise<SerializedMatcherIndex> {
  const index = await buildMatcherIndex(db);
  await browser.storage.local.set({ [MATCHER_INDEX_KEY]: index });
  return index;
}
