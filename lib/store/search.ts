/**
 * The popup's search index: built from the store, and kept in it. The
 * background builds and stores it whenever the packs change, so the popup
 * reads stored values instead of every entity row and an index build
 * (seconds with 10,000 entities); where they are missing or stale (another
 * language, packs changed since), the popup builds its own, as before.
 *
 * Stored in two parts: the names and aliases alone, a small value the popup
 * reads first and answers with at once, then the whole index (facts and
 * descriptions), which takes a hundred milliseconds or more to read at
 * 10,000 entities.
 */
import { packPrecedence } from '@/lib/cards';
import { createSearchIndexGradually, type SearchIndex } from '@/lib/search';
import { runGeneratorInSlices } from '@/lib/slices';
import type { PackRecord, ReperesDatabase } from './db';
import { searchIndexKey, type NamesRead } from './early-names';

/** Bumped whenever SearchIndex changes shape: an index stored by another version is rebuilt. */
export const SEARCH_INDEX_FORMAT = 3;

interface StoredSearchIndex {
  format: number;
  /** What it was built from (packsStamp). */
  stamp: string;
  lang: string;
  index: SearchIndex;
}

type Part = 'names' | 'all';
export { searchIndexKey };

/** What an index depends on: every pack's id, content and update time (its precedence). */
export function packsStamp(packs: readonly PackRecord[]): string {
  return packs
    .map((pack) => `${pack.id}\u0000${pack.contentHash}\u0000${pack.updatedAt}`)
    .sort()
    .join('\u0001');
}

const COLUMNS = [
  'entityId',
  'entityName',
  'entityType',
  'entityDescription',
  'entityDescriptionLang',
  'docText',
  'docFactId',
  'words',
  'trigramKeys',
] as const;
const LISTS = ['postings', 'trigramWords'] as const;

/** Whether a stored value is an index of this format, for these packs and this language. */
function isCurrent(value: unknown, stamp: string, lang: string): value is StoredSearchIndex {
  const stored = value as Partial<StoredSearchIndex> | undefined;
  const index = stored?.index as Partial<SearchIndex> | undefined;
  if (stored?.format !== SEARCH_INDEX_FORMAT || stored.stamp !== stamp || stored.lang !== lang) {
    return false;
  }
  // Storage is ours, but a value cut short (a quota, a crash) must not reach a query.
  if (!index || !(index.docKind instanceof Uint8Array)) return false;
  const docs = index.docKind.length;
  return (
    COLUMNS.every((name) => {
      const column = index[name];
      return typeof column?.joined === 'string' && column.starts instanceof Int32Array;
    }) &&
    LISTS.every((name) => {
      const list = index[name];
      return list?.items instanceof Int32Array && list.starts instanceof Int32Array;
    }) &&
    index.docText!.starts.length === docs + 1 &&
    index.docEntity?.length === docs &&
    typeof index.nameDocs === 'number' &&
    index.nameDocs >= 0 &&
    index.nameDocs <= docs &&
    index.docLang instanceof Uint16Array &&
    index.docLang.length === docs - index.nameDocs &&
    index.docPack instanceof Int32Array &&
    index.docPack.length === docs - index.nameDocs &&
    index.docFactId!.starts.length === docs - index.nameDocs + 1 &&
    index.entityName!.starts.length === index.entityId!.starts.length &&
    index.entityDescription!.starts.length === index.entityId!.starts.length &&
    index.words!.starts.length === index.postings!.starts.length &&
    index.trigramCounts?.length === index.words!.starts.length - 1
  );
}

/**
 * Reads every entity row in one read transaction and indexes them, names
 * alone and whole, the most recently updated pack first (it names an entity
 * several packs describe, as on cards), in time slices: with a pack of
 * thousands of entities the popup keeps answering the reader's keys while it
 * indexes.
 */
async function buildSearchIndexes(
  db: ReperesDatabase,
  lang: string,
): Promise<{ stamp: string; names: SearchIndex; all: SearchIndex }> {
  const [packs, rows] = await db.transaction('r', db.packs, db.entities, () =>
    Promise.all([db.packs.toArray(), db.entities.toArray()]),
  );
  const rank = new Map(packPrecedence(packs).map((pack, i) => [pack.id, i]));
  const order = (packId: string) => rank.get(packId) ?? rank.size;
  rows.sort((a, b) => order(a.packId) - order(b.packId) || a.position - b.position);
  const build = async (namesOnly: boolean) =>
    (await runGeneratorInSlices(createSearchIndexGradually(rows, { lang, namesOnly })))!;
  return { stamp: packsStamp(packs), names: await build(true), all: await build(false) };
}

async function save(
  db: ReperesDatabase,
  lang: string,
  { stamp, names, all }: { stamp: string; names: SearchIndex; all: SearchIndex },
) {
  const row = (part: Part, index: SearchIndex) => ({
    key: searchIndexKey(lang, part),
    value: { format: SEARCH_INDEX_FORMAT, stamp, lang, index } satisfies StoredSearchIndex,
  });
  // No room left is no reason to fail a search: the next opening builds again.
  await db.meta.bulkPut([row('names', names), row('all', all)]).catch(() => undefined);
}

/** The packs and the stored names-only index, in one read transaction. */
async function readNamesThroughDexie(db: ReperesDatabase, lang: string): Promise<NamesRead> {
  const [packs, names] = await db.transaction('r', db.packs, db.meta, () =>
    Promise.all([db.packs.toArray(), db.meta.get(searchIndexKey(lang, 'names'))]),
  );
  return { packs, names };
}

/**
 * The index for `lang`: the stored one when it is current, else one built
 * now (and stored). `onNames` gets the names-only index first, when a
 * current one is stored, so that the reader's first query is answered while
 * the whole index is still being read; the whole is read once the promise
 * it returns settles (the popup: once the first results are on screen, as
 * reading the whole index holds the thread for tens of milliseconds).
 * `early`: the same first read, begun before Dexie was loaded
 * (lib/store/early-names.ts); without it, or when it found nothing, it is
 * read here.
 */
export async function loadSearchIndex(
  db: ReperesDatabase,
  lang: string,
  onNames?: (index: SearchIndex) => unknown,
  early?: Promise<NamesRead | undefined>,
): Promise<SearchIndex> {
  const { packs, names } =
    (await early?.catch(() => undefined)) ?? (await readNamesThroughDexie(db, lang));
  const stamp = packsStamp(packs);
  if (isCurrent(names?.value, stamp, lang)) await onNames?.(names.value.index);
  // A transaction of its own, so the names arrive before this long read ends.
  const all = await db.meta.get(searchIndexKey(lang, 'all'));
  if (isCurrent(all?.value, stamp, lang)) return all.value.index;
  const built = await buildSearchIndexes(db, lang);
  await save(db, lang, built);
  return built.all;
}

/** Builds and stores the index for `lang` (the background, after the packs change). */
export async function storeSearchIndex(db: ReperesDatabase, lang: string): Promise<void> {
  await save(db, lang, await buildSearchIndexes(db, lang));
}
