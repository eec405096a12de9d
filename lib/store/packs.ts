/**
 * The reader's packs: import (validated, planned, then written in one
 * transaction), removal, export, and the listing the options page shows.
 */
import { packError } from '@/lib/pack/errors';
import { keyChange, type KeyChangeVerdict, type Signer } from '@/lib/pack/key-change';
import { compareVersions } from '@/lib/pack/semver';
import { readSignatureFile, SignatureError, toBase64, verifyPack } from '@/lib/pack/signature';
import type { Pack } from '@/lib/pack/types';
import { validatePack, type PackError } from '@/lib/pack/validate';
import { packChanges, type PackChanges } from './changes';
import type { PackRecord, ReperesDatabase } from './db';
import { keepMatcherEntities } from './matcher-entities';
import { contentHash, packToRecords, recordsToPack } from './records';

/**
 * What importing a pack would do, given what is installed:
 * - install: no pack with this id yet;
 * - update: a newer version replaces the installed one whole;
 * - unchanged: the same version with the same content (nothing to do);
 * - conflict: the same version with different content (refused unless forced);
 * - downgrade: an older version (refused unless forced).
 */
export type ImportKind = 'install' | 'update' | 'unchanged' | 'conflict' | 'downgrade';

export interface ImportPlan {
  kind: ImportKind;
  pack: Pack;
  hash: string;
  /** The installed version, its content hash and its signer (null: unsigned), when there is one. */
  installedVersion?: string;
  installedHash?: string;
  installedSigner?: Signer;
  changes: PackChanges;
  /** Who signed this version (its key, checked), or null when it comes unsigned. */
  signer: PackSigner | null;
  /** Whether its signer may follow the installed version's (lib/pack/key-change.ts). */
  keyChange: KeyChangeVerdict;
}

/** A signer as stored and shown: the key's fingerprint (hex) and the raw public key (base64). */
export interface PackSigner {
  fingerprint: string;
  publicKey: string;
}

export interface PlanOptions {
  /** The bytes of the pack's `.sig` file, when it comes with one. */
  signature?: Uint8Array;
  /** The key the signature must be by (the extension's own key, for the bundled pack). */
  expectedKey?: Uint8Array;
}

export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; errors: PackError[] };

export function decideImport(
  installed: Pick<PackRecord, 'version' | 'contentHash'> | undefined,
  version: string,
  hash: string,
): ImportKind {
  if (!installed) return 'install';
  const order = compareVersions(version, installed.version);
  if (order > 0) return 'update';
  if (order < 0) return 'downgrade';
  return hash === installed.contentHash ? 'unchanged' : 'conflict';
}

/** The exact bytes a pack was given as, which a signature covers; null when it came parsed. */
function packBytes(input: unknown): Uint8Array | null {
  if (typeof input === 'string') return new TextEncoder().encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return null;
}

/** The checked signer of a pack's bytes, or the error that refuses it. */
async function checkSigner(
  input: unknown,
  options: PlanOptions,
): Promise<{ signer: PackSigner | null } | { error: PackError }> {
  if (options.signature === undefined) return { signer: null };
  const refuse = (problem: PackErrorParamsProblem, detail = '') => ({
    error: packError('', 'bad-signature', { problem, detail }),
  });
  const bytes = packBytes(input);
  if (bytes === null) return refuse('no-bytes');
  let checked;
  try {
    checked = await verifyPack(bytes, readSignatureFile(options.signature), options.expectedKey);
  } catch (error) {
    if (error instanceof SignatureError) return refuse('malformed', error.message);
    throw error;
  }
  if (!checked.ok) return refuse(checked.problem, checked.reason);
  return { signer: { fingerprint: checked.fingerprint, publicKey: toBase64(checked.publicKey) } };
}

type PackErrorParamsProblem = Extract<PackError, { code: 'bad-signature' }>['params']['problem'];

/**
 * Validates a pack (text, bytes or parsed) and works out what importing it
 * would do, its signature checked when it comes with one. Writes nothing.
 */
export async function planImport(
  db: ReperesDatabase,
  input: unknown,
  options: PlanOptions = {},
): Promise<PlanResult> {
  const validation = validatePack(input);
  if (!validation.ok) return validation;
  const signed = await checkSigner(input, options);
  if ('error' in signed) return { ok: false, errors: [signed.error] };
  const pack = validation.pack;
  const hash = await contentHash(pack);
  const installed = await db.packs.get(pack.id);
  const kind = decideImport(installed, pack.version, hash);
  const before = installed && kind !== 'unchanged' ? await exportPack(db, pack.id) : undefined;
  const installedSigner: Signer | undefined = installed && (installed.signer?.fingerprint ?? null);
  const signer = signed.signer?.fingerprint ?? null;
  return {
    ok: true,
    plan: {
      kind,
      pack,
      hash,
      installedVersion: installed?.version,
      installedHash: installed?.contentHash,
      installedSigner,
      changes: kind === 'unchanged' ? packChanges(pack, pack) : packChanges(before, pack),
      signer: signed.signer,
      // The same content unsigned changes nothing, its installed signer included.
      keyChange:
        kind === 'unchanged' && signer === null ? { ok: true } : keyChange(installedSigner, signer),
    },
  };
}

/**
 * Whether an unchanged plan (the installed version, the same content) brings a signer the
 * installed pack does not have: a first signature, or another key's (a key change, which
 * the reader must accept as for an update). Applying it records that signer, nothing else.
 */
export function bringsNewSigner(plan: ImportPlan): boolean {
  return (
    plan.kind === 'unchanged' &&
    plan.signer !== null &&
    plan.signer.fingerprint !== plan.installedSigner
  );
}

export class ImportRefusedError extends Error {
  constructor(readonly plan: ImportPlan) {
    super(
      plan.keyChange.ok
        ? `pack "${plan.pack.id}" ${plan.pack.version} refused: version ${plan.installedVersion} is installed (${plan.kind})`
        : `pack "${plan.pack.id}" ${plan.pack.version} refused: ${plan.keyChange.reason} (installed version signed by ${plan.keyChange.installed})`,
    );
    this.name = 'ImportRefusedError';
  }
}

/** Another context changed the pack between planning and writing: plan again. */
export class StalePlanError extends Error {
  constructor(id: string) {
    super(`pack "${id}" changed while the import was being prepared`);
    this.name = 'StalePlanError';
  }
}

export interface ApplyOptions {
  /** The reader confirmed replacing an installed pack by an older or different same-version one. */
  force?: boolean;
  /** The reader accepted this update's signer (or its lack of one) in place of the installed one's. */
  acceptSigner?: boolean;
  bundled?: boolean;
  /** Called as rows are written, from 0 to 1. Throwing aborts the import, leaving the store as it was. */
  onProgress?: (fraction: number) => void;
  now?: number;
}

/** Rows per bulk write: small enough for steady progress, large enough to stay fast. */
const CHUNK = 1000;

/**
 * Writes a planned import in one transaction: the pack's previous rows are
 * removed and the new ones written together, or nothing happens (also when
 * the browser closes mid-way: IndexedDB then aborts the transaction).
 */
export async function applyImport(
  db: ReperesDatabase,
  plan: ImportPlan,
  options: ApplyOptions = {},
): Promise<'written' | 'unchanged'> {
  if (plan.kind === 'unchanged' && !bringsNewSigner(plan)) return 'unchanged';
  if ((plan.kind === 'conflict' || plan.kind === 'downgrade') && !options.force) {
    throw new ImportRefusedError(plan);
  }
  if (!plan.keyChange.ok && !options.acceptSigner) throw new ImportRefusedError(plan);
  if (plan.kind === 'unchanged') return recordSigner(db, plan);
  const { pack } = plan;
  const { header, entities } = packToRecords(pack);
  const now = options.now ?? Date.now();
  await db.transaction('rw', [db.packs, db.entities, db.meta, ...previousTables(db)], async () => {
    const installed = await db.packs.get(pack.id);
    // The plan was made outside this transaction; another context may have written since.
    if (isStale(installed, plan)) throw new StalePlanError(pack.id);
    if (installed) await keepAsPrevious(db, installed);
    await db.entities.where('packId').equals(pack.id).delete();
    options.onProgress?.(0);
    for (let start = 0; start < entities.length; start += CHUNK) {
      await db.entities.bulkAdd(entities.slice(start, start + CHUNK));
      options.onProgress?.(Math.min(1, (start + CHUNK) / Math.max(1, entities.length)));
    }
    await keepMatcherEntities(db, pack.id, { contentHash: plan.hash, rows: entities });
    await db.packs.put({
      id: pack.id,
      version: pack.version,
      title: pack.title,
      header,
      sources: pack.sources,
      counts: {
        entities: pack.entities.length,
        facts: pack.facts.length,
        sources: pack.sources.length,
      },
      contentHash: plan.hash,
      installedAt: installed?.installedAt ?? now,
      updatedAt: now,
      bundled: options.bundled ?? installed?.bundled ?? false,
      ...(plan.signer && { signer: plan.signer }),
    });
    options.onProgress?.(1);
  });
  return 'written';
}

const previousTables = (db: ReperesDatabase) => [db.previousPacks, db.previousEntities];

/** Whether the installed pack is no longer the one a plan was made against: its content or its signer changed. */
function isStale(installed: PackRecord | undefined, plan: ImportPlan): boolean {
  if (installed?.contentHash !== plan.installedHash) return true;
  return (
    installed !== undefined && (installed.signer?.fingerprint ?? null) !== plan.installedSigner
  );
}

/**
 * The same content again, signed: only the signer is written, in the pack's record. The
 * rows, the version and the previous version stay as they are (there is nothing to undo).
 */
async function recordSigner(db: ReperesDatabase, plan: ImportPlan): Promise<'written'> {
  await db.transaction('rw', db.packs, async () => {
    const installed = await db.packs.get(plan.pack.id);
    if (!installed || isStale(installed, plan) || !plan.signer) {
      throw new StalePlanError(plan.pack.id);
    }
    await db.packs.put({ ...installed, signer: plan.signer });
  });
  return 'written';
}

/** Within a transaction: the installed version becomes the pack's previous one (replacing any older). */
async function keepAsPrevious(db: ReperesDatabase, installed: PackRecord): Promise<void> {
  await dropPrevious(db, installed.id);
  const rows = await db.entities.where('packId').equals(installed.id).toArray();
  await db.previousEntities.bulkAdd(rows);
  await db.previousPacks.put(installed);
}

async function dropPrevious(db: ReperesDatabase, id: string): Promise<void> {
  await db.previousEntities.where('packId').equals(id).delete();
  await db.previousPacks.delete(id);
}

/** The version each pack's "Restore previous version" would bring back, by pack id. */
export async function previousVersions(db: ReperesDatabase): Promise<Map<string, string>> {
  const records = await db.previousPacks.toArray();
  return new Map(records.map((record) => [record.id, record.version]));
}

/**
 * Brings a pack's previous version back, in one transaction; the version it
 * replaces becomes the previous one, so a restore can itself be undone.
 * False when there is none (or the pack was removed meanwhile).
 */
export async function restorePrevious(
  db: ReperesDatabase,
  id: string,
  now = Date.now(),
): Promise<boolean> {
  return db.transaction('rw', [db.packs, db.entities, db.meta, ...previousTables(db)], async () => {
    const [current, previous] = [await db.packs.get(id), await db.previousPacks.get(id)];
    if (!current || !previous) return false;
    const previousRows = await db.previousEntities.where('packId').equals(id).toArray();
    await keepAsPrevious(db, current);
    await db.entities.where('packId').equals(id).delete();
    await db.entities.bulkAdd(previousRows);
    await keepMatcherEntities(db, id, { contentHash: previous.contentHash, rows: previousRows });
    await db.packs.put({ ...previous, installedAt: current.installedAt, updatedAt: now });
    return true;
  });
}

/**
 * Writes a plan the reader confirmed in the options page's review: what the
 * review asked about (an older or conflicting version, a new signer) is
 * what they said yes to.
 */
export function applyConfirmed(
  db: ReperesDatabase,
  plan: ImportPlan,
  options: Pick<ApplyOptions, 'onProgress'> = {},
): Promise<'written' | 'unchanged'> {
  return applyImport(db, plan, {
    ...options,
    force: plan.kind === 'conflict' || plan.kind === 'downgrade',
    acceptSigner: !plan.keyChange.ok,
  });
}

/** Removes a pack and every row of it (its previous version too); other packs' facts about the same entities stay. */
export async function removePack(db: ReperesDatabase, id: string): Promise<boolean> {
  return db.transaction('rw', [db.packs, db.entities, db.meta, ...previousTables(db)], async () => {
    const record = await db.packs.get(id);
    if (!record) return false;
    await db.entities.where('packId').equals(id).delete();
    await keepMatcherEntities(db, id, null);
    await db.packs.delete(id);
    await dropPrevious(db, id);
    if (record.bundled) await rememberRemovedBundled(db, id);
    return true;
  });
}

/** The pack as it was imported: it validates, and importing it again changes nothing. */
export async function exportPack(db: ReperesDatabase, id: string): Promise<Pack | undefined> {
  return db.transaction('r', db.packs, db.entities, async () => {
    const record = await db.packs.get(id);
    if (!record) return undefined;
    const rows = await db.entities.where('packId').equals(id).toArray();
    return recordsToPack(record.header, record.sources, rows);
  });
}

/** Installed packs, newest change first. */
export async function listPacks(db: ReperesDatabase): Promise<PackRecord[]> {
  const packs = await db.packs.toArray();
  return packs.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

const REMOVED_BUNDLED = 'removedBundledPacks';

async function rememberRemovedBundled(db: ReperesDatabase, id: string): Promise<void> {
  const removed = new Set((await db.meta.get(REMOVED_BUNDLED))?.value as string[] | undefined);
  removed.add(id);
  await db.meta.put({ key: REMOVED_BUNDLED, value: [...removed] });
}

/**
 * Installs or updates a pack shipped with the extension: on first run, and
 * when the extension ships a newer version. A reader who removed it keeps it
 * removed; a newer version the reader imported is not replaced by an older one.
 */
export async function syncBundledPack(
  db: ReperesDatabase,
  input: unknown,
  signing?: { signature: Uint8Array; key: Uint8Array },
): Promise<ImportKind | 'kept-removed' | 'invalid' | 'refused'> {
  const result = await planImport(
    db,
    input,
    signing && { signature: signing.signature, expectedKey: signing.key },
  );
  if (!result.ok) return 'invalid';
  const removed = (await db.meta.get(REMOVED_BUNDLED))?.value as string[] | undefined;
  if (removed?.includes(result.plan.pack.id)) return 'kept-removed';
  const { kind } = result.plan;
  // The same pack installed unsigned (by an older extension): the project's signature is recorded.
  if (kind === 'install' || kind === 'update' || bringsNewSigner(result.plan)) {
    try {
      await applyImport(db, result.plan, { bundled: true });
    } catch (error) {
      // Two background starts raced to install it: the first one's write stands.
      if (error instanceof StalePlanError) return 'unchanged';
      // The reader installed this pack id from another signer: theirs stands.
      if (error instanceof ImportRefusedError) return 'refused';
      throw error;
    }
  }
  return kind;
}
