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

/** Where each part of the stored search index is kept in the `meta` table (the bench reads them too). */
export const searchIndexKey = (lang: string, part: 'names' | 'all') =>
  part === 'all' ? `searchIndex/${lang}` : `searchIndex/${lang}/names`;

/** What the popup reads first, as Dexie would give it. */
export interface NamesRead {
  packs: PackRecord[];
  /** The stored names-only index's row, if any (checked by the popup, like one read through Dexie). */
  names: MetaRecord | undefined;
}

interface EarlyRead {
  lang: string;
  read: Promise<NamesRead | undefined>;
}

/** Where the early script leaves its read for the popup's script, in the popup's window. */
const HANDOFF = '__reperesEarlyNames';
type WithHandoff = Record<typeof HANDOFF, EarlyRead | undefined>;

/**
 * Reads the packs and the names-only index for `lang`, or undefined when
 * there is nothing to read (no database yet: it is not created here, which
 * is Dexie's job) or the read failed: the popup then reads through Dexie.
 */
export function readNames(
  lang: string,
  database = DATABASE_NAME,
  factory: IDBFactory = indexedDB,
): Promise<NamesRead | undefined> {
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
      const done = (value: NamesRead | undefined) => {
        db.close();
        resolve(value);
      };
      try {
        const transaction = db.transaction(['packs', 'meta'], 'readonly');
        const packs = transaction.objectStore('packs').getAll();
        const names = transaction.objectStore('meta').get(searchIndexKey(lang, 'names'));
        transaction.oncomplete = () =>
          done({
            packs: packs.result as PackRecord[],
            names: names.result as MetaRecord | undefined,
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
export function beginNamesRead(lang: string): void {
  (globalThis as unknown as WithHandoff)[HANDOFF] = { lang, read: readNames(lang) };
}

/**
 * The read the early script began for `lang`, taken once: a later load of
 * the index (the packs changed) must read afresh. Undefined when none was
 * begun (tests, or the early script failed to run) or for another language.
 */
export function takeNamesRead(lang: string): Promise<NamesRead | undefined> | undefined {
  const handoff = globalThis as unknown as WithHandoff;
  const early = handoff[HANDOFF];
  handoff[HANDOFF] = undefined;
  return early?.lang === lang ? early.read : undefined;
}
