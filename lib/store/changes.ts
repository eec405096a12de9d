import type { Pack } from '@/lib/pack/types';

export interface IdChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** What replacing one version of a pack by another changes, for the reader to review. */
export interface PackChanges {
  entities: IdChanges;
  facts: IdChanges;
  sources: IdChanges;
}

function compareById<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
): IdChanges {
  const old = new Map(before.map((item) => [item.id, JSON.stringify(item)]));
  const seen = new Set<string>();
  const changes: IdChanges = { added: [], changed: [], removed: [] };
  for (const item of after) {
    seen.add(item.id);
    const previous = old.get(item.id);
    if (previous === undefined) changes.added.push(item.id);
    else if (previous !== JSON.stringify(item)) changes.changed.push(item.id);
  }
  for (const id of old.keys()) if (!seen.has(id)) changes.removed.push(id);
  return changes;
}

export function packChanges(before: Pack | undefined, after: Pack): PackChanges {
  return {
    entities: compareById(before?.entities ?? [], after.entities),
    facts: compareById(before?.facts ?? [], after.facts),
    sources: compareById(before?.sources ?? [], after.sources),
  };
}
