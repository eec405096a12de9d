/**
 * The packs a reader subscribed to (issue 16), in `browser.storage.local`
 * under one key: where each pack's updates live, how often to look, whether
 * to apply them without asking, and what the last look found. Storage can
 * hold anything, so what is read is validated entry by entry; an unusable
 * entry is dropped, never trusted.
 */
import { storedValue } from './stored-value';
import { updateUrlAllowed } from './pack/update-url';

export type Schedule = 'daily' | 'off';

/** What the last check of a subscription found. */
export type SubscriptionStatus =
  | { kind: 'up-to-date'; at: number }
  | { kind: 'update-found'; at: number; version: string }
  | { kind: 'applied'; at: number; version: string }
  | { kind: 'error'; at: number; detail: string };

export interface Subscription {
  /** The pack's address (its `updateUrl`). */
  url: string;
  /** The pack it brings, once a check has read it. */
  packId?: string;
  schedule: Schedule;
  /** Apply updates as they are found, without the preview. */
  autoApply: boolean;
  /** Validators of the last answer, for conditional requests. */
  etag?: string;
  lastModified?: string;
  /** When it was last checked, and how many checks in a row have failed. */
  lastCheck?: number;
  failures: number;
  status?: SubscriptionStatus;
}

export const SUBSCRIPTIONS_KEY = 'subscriptions';
const MAX_SUBSCRIPTIONS = 100;
const MAX_TEXT = 2048;

const shortText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
const time = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

function parseStatus(value: unknown): SubscriptionStatus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (!time(record.at)) return undefined;
  const at = record.at;
  switch (record.kind) {
    case 'up-to-date':
      return { kind: 'up-to-date', at };
    case 'update-found':
    case 'applied':
      return shortText(record.version)
        ? { kind: record.kind, at, version: record.version }
        : undefined;
    case 'error':
      return shortText(record.detail) ? { kind: 'error', at, detail: record.detail } : undefined;
    default:
      return undefined;
  }
}

function parseSubscription(value: unknown): Subscription | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  if (!shortText(record.url) || !updateUrlAllowed(record.url)) return null;
  const status = parseStatus(record.status);
  return {
    url: record.url,
    ...(shortText(record.packId) && { packId: record.packId }),
    schedule: record.schedule === 'off' ? 'off' : 'daily',
    autoApply: record.autoApply === true,
    ...(shortText(record.etag) && { etag: record.etag }),
    ...(shortText(record.lastModified) && { lastModified: record.lastModified }),
    ...(time(record.lastCheck) && { lastCheck: record.lastCheck }),
    failures:
      typeof record.failures === 'number' &&
      Number.isInteger(record.failures) &&
      record.failures > 0
        ? Math.min(record.failures, 1000)
        : 0,
    ...(status && { status }),
  };
}

/** Subscriptions from whatever storage holds: one per address, bad entries dropped. */
export function parseSubscriptions(value: unknown): Subscription[] {
  if (!Array.isArray(value)) return [];
  const byUrl = new Map<string, Subscription>();
  for (const item of value.slice(0, MAX_SUBSCRIPTIONS)) {
    const subscription = parseSubscription(item);
    if (subscription && !byUrl.has(subscription.url)) byUrl.set(subscription.url, subscription);
  }
  return [...byUrl.values()];
}

const stored = storedValue(SUBSCRIPTIONS_KEY, parseSubscriptions);

export const getSubscriptions = (): Promise<Subscription[]> => stored.get();

/** Reads, changes and writes the subscriptions (lib/stored-value.ts). */
export const updateSubscriptions = (
  change: (subscriptions: Subscription[]) => Subscription[],
): Promise<Subscription[]> => stored.update(change);

/** Changes one subscription, if it is still there. */
export function updateSubscription(
  url: string,
  change: (subscription: Subscription) => Subscription,
): Promise<Subscription[]> {
  return updateSubscriptions((all) => all.map((s) => (s.url === url ? change(s) : s)));
}

export const watchSubscriptions = (
  callback: (subscriptions: Subscription[]) => void,
): (() => void) => stored.watch(callback);

/** The host permission pattern for an address's origin: the one origin a subscription may reach. */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}
