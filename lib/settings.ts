/**
 * The reader's settings, in `browser.storage.local` under one key, shared by
 * every part of the extension. Storage can hold anything (older versions,
 * other code, a hand edit), so what is read is validated field by field and
 * anything unusable falls back to its default.
 */
import { storedValue } from './stored-value';
import type { MarkScope } from './match/relevance';

/** How mentions are painted: an underline, or an opaque amber background behind the words too. */
export type HighlightStyle = 'underline' | 'tint';

export interface Settings {
  /** No marks and no cards on any page. */
  paused: boolean;
  /** Hostnames where Repères is off (a listed domain covers its subdomains). */
  disabledSites: string[];
  /** Per hostname, entity ids the reader said are not what the page means. */
  mutedEntities: Record<string, string[]>;
  /** How long the pointer rests on a mention before its card opens, in ms. */
  hoverDelayMs: number;
  highlightStyle: HighlightStyle;
  /** Mark only the first mention of each entity on a page. */
  firstMentionOnly: boolean;
  /**
   * `subject` (default): the packs' subject names, and their background names
   * only on pages about their subject; `all`: every name the packs know.
   */
  markScope: MarkScope;
  /**
   * Cards read "as of" the page's publication date: facts dated after it
   * shown apart, under "Since this article" (on by default).
   */
  asOfArticle: boolean;
}

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  paused: false,
  disabledSites: [],
  mutedEntities: {},
  hoverDelayMs: 350,
  highlightStyle: 'underline',
  firstMentionOnly: false,
  markScope: 'subject',
  asOfArticle: true,
});

/** The hover delay's bounds: below, cards open while the pointer merely crosses text. */
export const HOVER_DELAY_RANGE = { min: 100, max: 2000 } as const;

/** Caps, so that a corrupted value cannot make every page pay for it. */
const MAX_SITES = 10_000;
const MAX_IDS_PER_SITE = 1_000;
const MAX_LENGTH = 253; // the longest DNS name; ids are shorter (128)

const isShortString = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && value.length <= MAX_LENGTH;

function stringList(value: unknown, max: number, map = (s: string) => s): string[] {
  if (!Array.isArray(value)) return [];
  const out = new Set<string>();
  for (const item of value) {
    if (out.size >= max) break;
    if (isShortString(item)) out.add(map(item));
  }
  return [...out];
}

/** Settings from whatever storage holds: unknown fields dropped, bad ones defaulted. */
export function parseSettings(value: unknown): Settings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ...DEFAULT_SETTINGS, disabledSites: [], mutedEntities: {} };
  }
  const record = value as Record<string, unknown>;
  const mutedEntities: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const muted = record.mutedEntities;
  if (typeof muted === 'object' && muted !== null && !Array.isArray(muted)) {
    let sites = 0;
    for (const [host, ids] of Object.entries(muted as Record<string, unknown>)) {
      if (sites >= MAX_SITES) break;
      if (!isShortString(host)) continue;
      const list = stringList(ids, MAX_IDS_PER_SITE);
      if (list.length === 0) continue;
      mutedEntities[host.toLowerCase()] = list;
      sites++;
    }
  }
  return {
    paused: record.paused === true,
    disabledSites: stringList(record.disabledSites, MAX_SITES, (s) => s.toLowerCase()),
    mutedEntities: { ...mutedEntities },
    hoverDelayMs:
      typeof record.hoverDelayMs === 'number' && Number.isFinite(record.hoverDelayMs)
        ? Math.round(
            Math.min(HOVER_DELAY_RANGE.max, Math.max(HOVER_DELAY_RANGE.min, record.hoverDelayMs)),
          )
        : DEFAULT_SETTINGS.hoverDelayMs,
    highlightStyle: record.highlightStyle === 'tint' ? 'tint' : 'underline',
    firstMentionOnly: record.firstMentionOnly === true,
    markScope: record.markScope === 'all' ? 'all' : 'subject',
    asOfArticle: record.asOfArticle !== false,
  };
}

const stored = storedValue(SETTINGS_KEY, parseSettings);

export const getSettings = (): Promise<Settings> => stored.get();

/** Reads, changes and writes the settings (lib/stored-value.ts); the change gets a copy it may modify or replace. */
export const updateSettings = (
  change: (settings: Settings) => Settings | void,
): Promise<Settings> => stored.update(change);

/** Calls back with the new settings whenever any context changes them; returns the unsubscribe. */
export const watchSettings = (callback: (settings: Settings) => void): (() => void) =>
  stored.watch(callback);

/** The site of a page: its lowercase hostname, for http(s) pages only (else null). */
export function siteOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

/** The hostname and every parent domain: "www.lemonde.fr", "lemonde.fr", "fr". */
function domainsOf(host: string): string[] {
  const parts = host.toLowerCase().split('.');
  return parts.map((_, i) => parts.slice(i).join('.'));
}

/** Whether Repères is off on this host (the host or a parent domain is listed). */
export function isSiteDisabled(settings: Settings, host: string): boolean {
  const listed = new Set(settings.disabledSites);
  return domainsOf(host).some((domain) => listed.has(domain));
}

/** The setting that turns a site off or on again (on again: also its parent domains). */
export function setSiteDisabled(settings: Settings, host: string, disabled: boolean): Settings {
  const domains = new Set(domainsOf(host));
  const others = settings.disabledSites.filter((site) => !domains.has(site));
  return { ...settings, disabledSites: disabled ? [...others, host.toLowerCase()] : others };
}

/** Whether Repères is active on this host at all. */
export function isActiveOn(settings: Settings, host: string): boolean {
  return !settings.paused && !isSiteDisabled(settings, host);
}

/** Entity ids muted on this host. */
export function mutedOn(settings: Settings, host: string): string[] {
  return settings.mutedEntities[host.toLowerCase()] ?? [];
}

/** The settings with an entity muted on a host ("Not this entity here"). */
export function muteEntity(settings: Settings, host: string, id: string): Settings {
  const key = host.toLowerCase();
  const list = settings.mutedEntities[key] ?? [];
  if (list.includes(id)) return settings;
  return { ...settings, mutedEntities: { ...settings.mutedEntities, [key]: [...list, id] } };
}

/** The settings with an entity no longer muted on a host. */
export function unmuteEntity(settings: Settings, host: string, id: string): Settings {
  const key = host.toLowerCase();
  const list = (settings.mutedEntities[key] ?? []).filter((entry) => entry !== id);
  const mutedEntities = { ...settings.mutedEntities };
  if (list.length > 0) mutedEntities[key] = list;
  else delete mutedEntities[key];
  return { ...settings, mutedEntities };
}
