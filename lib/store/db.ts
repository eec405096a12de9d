import Dexie, { type Table } from 'dexie';
import type { Entity, Fact, Pack, Source } from '@/lib/pack/types';
import { DATABASE_NAME } from './early-names';

/** A pack's top-level fields, without its three lists. */
export type PackHeader = Omit<Pack, 'sources' | 'entities' | 'facts'>;

export interface PackRecord {
  id: string;
  version: string;
  title: string;
  header: PackHeader;
  sources: Source[];
  counts: { entities: number; facts: number; sources: number };
  /** SHA-256 of the validated pack's JSON: "same version, same content" is a no-op. */
  contentHash: string;
  /** When this pack id was first installed, and when this version was. */
  installedAt: number;
  updatedAt: number;
  /** Shipped with the extension (data/), as opposed to imported by the reader. */
  bundled: boolean;
  /** Who signed this version, its signature checked on import; absent when unsigned. */
  signer?: { fingerprint: string; publicKey: string };
}

/**
 * One row per entity of a pack, carrying the facts whose subject it is: a
 * pack of 100,000 facts is written as ~10,000 rows, which IndexedDB takes in
 * a fraction of the time of one row per fact.
 */
export interface EntityRecord {
  packId: string;
  id: string;
  entity: Entity;
  facts: Fact[];
  /** Entities these facts also concern (not as subject), indexed so their cards find them. */
  secondary: string[];
  /** Positions in the pack, so that export gives the pack back in its own order. */
  position: number;
  factPositions: number[];
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

/**
 * The extension's one database, in the extension's origin (background,
 * popup, options). Content scripts never open it: theirs would be the page's.
 */
export class ReperesDatabase extends Dexie {
  packs!: Table<PackRecord, string>;
  entities!: Table<EntityRecord, [string, string]>;
  meta!: Table<MetaRecord, string>;
  /**
   * The version each pack replaced, kept whole so that "Restore previous
   * version" brings it back in one transaction. Apart from `entities`, so
   * that no card, index or search ever sees it.
   */
  previousPacks!: Table<PackRecord, string>;
  previousEntities!: Table<EntityRecord, [string, string]>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      packs: 'id',
      entities: '[packId+id], id, packId, *secondary',
      meta: 'key',
    });
    this.version(2).stores({
      previousPacks: 'id',
      previousEntities: '[packId+id], packId',
    });
  }
}

let shared: ReperesDatabase | undefined;

/** The database of this extension context, opened on first use. */
export function database(): ReperesDatabase {
  return (shared ??= new ReperesDatabase());
}
