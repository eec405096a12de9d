/**
 * One check of one subscription (issue 16): fetch (lib/pack/update-check.ts),
 * then plan the import exactly as a chosen file is planned (validation,
 * signature, key change). What it found is kept for the options page to
 * preview, or applied at once when the reader chose so and nothing needs
 * their word (no key change, no older version). Whatever fails, the
 * installed pack is untouched and the failure is in the status.
 */
import { LIMITS } from './pack/limits';
import { formatPackError } from './pack/validate';
import { fetchPackUpdate, nextCheckAt, PACK_FETCH_TIMEOUT_MS } from './pack/update-check';
import type { ReperesDatabase } from './store/db';
import { applyImport, bringsNewSigner, planImport, type ImportPlan } from './store/packs';
import {
  getSubscriptions,
  updateSubscription,
  type Subscription,
  type SubscriptionStatus,
} from './subscriptions';

/** An update found and not yet applied, as fetched: the preview plans it again from these bytes. */
export interface PendingUpdate {
  url: string;
  bytes: Uint8Array;
  signature?: Uint8Array;
  fetchedAt: number;
}

const pendingKey = (url: string) => `pendingUpdate:${url}`;

export async function pendingUpdate(
  db: ReperesDatabase,
  url: string,
): Promise<PendingUpdate | undefined> {
  return (await db.meta.get(pendingKey(url)))?.value as PendingUpdate | undefined;
}

export async function clearPendingUpdate(db: ReperesDatabase, url: string): Promise<void> {
  await db.meta.delete(pendingKey(url));
}

/** Plans a pending update as a manual import is planned: the preview shows the same review. */
export async function planPendingUpdate(db: ReperesDatabase, update: PendingUpdate) {
  return planImport(db, update.bytes, update.signature && { signature: update.signature });
}

export interface CheckDependencies {
  now: number;
  /** Whether the reader granted access to the subscription's origin (it may be revoked since). */
  mayReach: (url: string) => Promise<boolean>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface CheckOutcome {
  subscription: Subscription;
  /** A pack was written: the matcher and search indexes must follow. */
  applied: boolean;
}

/** Whether a subscription is due: on its daily schedule, or sooner after failures (backoff). */
export function isDue(subscription: Subscription, now: number): boolean {
  if (subscription.schedule === 'off') return false;
  if (subscription.lastCheck === undefined) return true;
  return now >= nextCheckAt(subscription.lastCheck, subscription.failures);
}

export async function checkSubscription(
  db: ReperesDatabase,
  subscription: Subscription,
  dependencies: CheckDependencies,
): Promise<CheckOutcome> {
  const { now } = dependencies;
  const done = (
    status: SubscriptionStatus,
    extra: Partial<Subscription> = {},
    applied = false,
  ): CheckOutcome => ({
    subscription: {
      ...subscription,
      ...extra,
      lastCheck: now,
      failures: status.kind === 'error' ? subscription.failures + 1 : 0,
      status,
    },
    applied,
  });
  const failed = (detail: string) => done({ kind: 'error', at: now, detail });

  if (!(await dependencies.mayReach(subscription.url))) {
    return failed('no permission to reach this address: subscribe again to grant it');
  }
  const fetched = await fetchPackUpdate({
    url: subscription.url,
    etag: subscription.etag,
    lastModified: subscription.lastModified,
    maxBytes: LIMITS.maxPackBytes,
    timeoutMs: dependencies.timeoutMs ?? PACK_FETCH_TIMEOUT_MS,
    fetch: dependencies.fetch,
  });
  if (fetched.kind === 'not-modified') return done({ kind: 'up-to-date', at: now });
  if (fetched.kind === 'failed') return failed(fetched.detail);

  const validators = {
    ...(fetched.etag !== undefined && { etag: fetched.etag }),
    ...(fetched.lastModified !== undefined && { lastModified: fetched.lastModified }),
  };
  const update: PendingUpdate = {
    url: subscription.url,
    bytes: fetched.bytes,
    ...(fetched.signature && { signature: fetched.signature }),
    fetchedAt: now,
  };
  const planned = await planPendingUpdate(db, update);
  if (!planned.ok) {
    // Refused as a chosen file would be: the first reason, and no validators kept, so it is fetched again.
    const first = planned.errors[0];
    return failed(first ? formatPackError(first, 'en') : 'not a valid pack');
  }
  const { plan } = planned;
  const packId = { packId: plan.pack.id };
  // The same content newly signed is news (its signer is recorded), as for a chosen file.
  if ((plan.kind === 'unchanged' && !bringsNewSigner(plan)) || plan.kind === 'downgrade') {
    await clearPendingUpdate(db, subscription.url);
    return done({ kind: 'up-to-date', at: now }, { ...validators, ...packId });
  }
  if (subscription.autoApply && readyToApply(plan)) {
    await applyImport(db, plan, { now });
    await clearPendingUpdate(db, subscription.url);
    return done(
      { kind: 'applied', at: now, version: plan.pack.version },
      { ...validators, ...packId },
      true,
    );
  }
  await db.meta.put({ key: pendingKey(subscription.url), value: update });
  return done(
    { kind: 'update-found', at: now, version: plan.pack.version },
    { ...validators, ...packId },
  );
}

/** Applied without the reader's word only when nothing in it needs that word. */
function readyToApply(plan: ImportPlan): boolean {
  return (
    (plan.kind === 'install' || plan.kind === 'update' || bringsNewSigner(plan)) &&
    plan.keyChange.ok
  );
}

/**
 * Checks subscriptions and records what each check found: the one at `url`
 * (the reader's "Check now"), or every one that is due (the schedule).
 * Returns the subscriptions as stored after, and whether a pack was written.
 */
export async function runChecks(
  db: ReperesDatabase,
  which: { url: string } | 'due',
  dependencies: Omit<CheckDependencies, 'now'> & { now?: () => number },
): Promise<{ subscriptions: Subscription[]; applied: boolean }> {
  const now = dependencies.now ?? Date.now;
  let applied = false;
  let subscriptions = await getSubscriptions();
  const chosen = subscriptions.filter((s) =>
    which === 'due' ? isDue(s, now()) : s.url === which.url,
  );
  for (const subscription of chosen) {
    const outcome = await checkSubscription(db, subscription, { ...dependencies, now: now() });
    applied ||= outcome.applied;
    subscriptions = await updateSubscription(subscription.url, () => outcome.subscription);
  }
  return { subscriptions, applied };
}
