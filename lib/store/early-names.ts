/**
 * The popup's first read, begun while its page is still being parsed
 * (entrypoints/popup-early.ts), before the popup's own script has loaded:
 * the packs and the stored names-only search index, in one read
 * transaction of IndexedDB itself (Dexie comes with the popup's script).
 * At 10,000 entities the names are megabytes, which IndexedDB takes tens of
 * milliseconds to hand over; begun this way, that time overlaps the loading
 * of the popup's script instead of following it (issue 14: the popup's
 * first result). Nothing here imports Dexie or the search code, so the
 * early script stays a few kilobytes.
 */
import type { MetaRecord, PackRecord } from './db';

/** The extension's database (lib/store/db.ts), and the stores read here. */
export const DATABASE_NAME = 'reperes';

const INDEX_PREFIX = 'searchIndex/';
const NAMES_SUFFIX = '/names';

/** Where each part of the stored search index is kept in the `meta` table (the bench reads them too). */
export const searchIndexKey = (lang: string, part: 'names' | 'all') =>
  `${INDEX_PREFIX}${lang}${part === 'names' ? NAMES_SUFFIX : ''}`;

/** What the popup reads first, as Dexie would give it. */
export interface NamesRead {
  packs: PackRecord[];
  /** The stored names-only index's row, if any (checked by the popup, like one read through Dexie). */
  names: MetaRecord | undefined;
}

/** Where the early script leaves its read for the popup's script, in the popup's window. */
const HANDOFF = '__reperesEarlyNames';
type WithHandoff = Record<typeof HANDOFF, Promise<EarlyRead | undefined> | undefined>;

/** A read, and the language of the names it found (undefined: none). */
interface EarlyRead extends NamesRead {
  lang: string | undefined;
}

/**
 * Reads the packs and the stored names-only index, or undefined when there
 * is nothing to read (no database yet: it is not created here, which is
 * Dexie's job) or the read failed: the popup then reads through Dexie.
 * Without asking the browser's language (the polyfill would make this
 * script ten times larger): the index is stored for one language, the
 * browser's, and the popup takes the read only if it is its own.
 */
export function readNames(
  database = DATABASE_NAME,
  factory: IDBFactory = indexedDB,
): Promise<EarlyRead | undefined> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(database);
    } catch {
      resolve(undefined);
      return;
    }
    // A database that does not exist yet would be created empty: abort, which removes it again.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(undefined);
    request.onblocked = () => resolve(undefined);
    request.onsuccess = () => {
      const db = request.result;
      // Never stand in the way of Dexie upgrading the database.
      db.onversionchange = () => db.close();
      const done = (value: EarlyRead | undefined) => {
        db.close();
        resolve(value);
      };
      try {
        const transaction = db.transaction(['packs', 'meta'], 'readonly');
        const meta = transaction.objectStore('meta');
        const packs = transaction.objectStore('packs').getAll();
        let lang: string | undefined;
        let names: IDBRequest | undefined;
        const keys = meta.getAllKeys(IDBKeyRange.bound(INDEX_PREFIX, `${INDEX_PREFIX}\uffff`));
        keys.onsuccess = () => {
          const parts = (keys.result as string[]).filter((key) => key.endsWith(NAMES_SUFFIX));
          // Several languages (the browser's changed): which is the popup's is not known here.
          if (parts.length !== 1) return;
          lang = parts[0]!.slice(INDEX_PREFIX.length, -NAMES_SUFFIX.length);
          names = meta.get(parts[0]!);
        };
        transaction.oncomplete = () =>
          done({
            packs: packs.result as PackRecord[],
            names: names?.result as MetaRecord | undefined,
            lang,
          });
        transaction.onerror = () => done(undefined);
        transaction.onabort = () => done(undefined);
      } catch {
        // The stores are missing (a database from elsewhere): leave it to Dexie.
        done(undefined);
      }
    };
  });
}

/** Begins the read for the popup (the early script). */
export function beginNamesRead(database = DATABASE_NAME): void {
  (globalThis as unknown as WithHandoff)[HANDOFF] = readNames(database);
}

/**
 * The read the early script began, taken once (a later load of the index,
 * the packs changed, must read afresh), if it found the names in `lang`.
 * Undefined when none was begun (tests, or the early script did not run).
 */
export function takeNamesRead(lang: string): Promise<NamesRead | undefined> | undefined {
  const handoff = globalThis as unknown as WithHandoff;
  const early = handoff[HANDOFF];
  handoff[HANDOFF] = undefined;
  return early?.then((read) => (read?.lang === lang ? read : undefined));
}
