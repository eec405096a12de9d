/**
 * The background's side of page matching (issue 14): one loaded index for
 * every tab, with the warm JIT of a long-lived context, and one page view's
 * session (lib/dom/page-matching.ts) per frame. Pages send their reading
 * blocks' texts and paint the offsets that come back.
 *
 * A background that was asleep wakes with the message and loads its index
 * once; one that restarted has lost its sessions, and says so (null), so
 * that the page starts again. The index is reloaded when a page knows of a
 * newer one (its stamp) or the background published one.
 */
import { loadMatcher, type MatcherIndex, type SerializedMatcherIndex } from '@/lib/match';
import {
  emptyVerdicts,
  PageMatching,
  type BlockText,
  type MatchSettings,
  type Verdicts,
} from '@/lib/dom/page-matching';

export interface ScanPageRequest {
  /** The page view's id, chosen by the page for each full scan. */
  session: string;
  /** The stamp of the index the page was told about, if any. */
  stamp: string | undefined;
  settings: MatchSettings;
  blocks: readonly BlockText[];
}

export interface ScanMoreRequest {
  session: string;
  groups: readonly (readonly BlockText[])[];
  forget: readonly number[];
  room: number;
}

/** Sessions kept at most: one per open frame that has text, the oldest dropped first. */
const MAX_SESSIONS = 64;

interface LoadedIndex {
  matcher: MatcherIndex | undefined;
  stamp: string | undefined;
}

export class MatchingService {
  private loaded: Promise<LoadedIndex> | undefined;
  private readonly sessions = new Map<string, { id: string; matching: PageMatching }>();

  constructor(
    private readonly read: () => Promise<{
      index: SerializedMatcherIndex | undefined;
      stamp: string | undefined;
    }>,
  ) {}

  /** A new index was published: the next page loads it. Sessions of the old one are dropped. */
  indexChanged(): void {
    this.loaded = undefined;
    this.sessions.clear();
  }

  /** A frame's full scan: starts its session. `frame`: the tab and frame it came from. */
  async scanPage(frame: string, request: ScanPageRequest): Promise<Verdicts> {
    const start = performance.now();
    const { matcher } = await this.index(request.stamp);
    const loadMs = performance.now() - start;
    this.sessions.delete(frame);
    if (!matcher) return { ...emptyVerdicts(0), work: { loadMs, matchMs: 0 } };
    const matching = new PageMatching(matcher, request.settings);
    if (this.sessions.size >= MAX_SESSIONS) {
      this.sessions.delete(this.sessions.keys().next().value!);
    }
    this.sessions.set(frame, { id: request.session, matching });
    const matchStart = performance.now();
    const verdicts = matching.scanPage(request.blocks);
    return { ...verdicts, work: { loadMs, matchMs: performance.now() - matchStart } };
  }

  /** Changed blocks of a frame's page view; null when that view is not known here (any more). */
  scanMore(frame: string, request: ScanMoreRequest): Verdicts | null {
    const session = this.sessions.get(frame);
    if (!session || session.id !== request.session) return null;
    // Most recently used last: the oldest session is the one dropped.
    this.sessions.delete(frame);
    this.sessions.set(frame, session);
    const start = performance.now();
    session.matching.forget(request.forget);
    const verdicts = session.matching.scanMore(request.groups, request.room);
    return { ...verdicts, work: { loadMs: 0, matchMs: performance.now() - start } };
  }

  /** A tab closed: its frames' sessions go with it. */
  forgetTab(tabId: number): void {
    for (const frame of this.sessions.keys()) {
      if (frame.startsWith(`${tabId}:`)) this.sessions.delete(frame);
    }
  }

  private async index(stamp: string | undefined): Promise<LoadedIndex> {
    const current = this.loaded && (await this.loaded);
    if (current && (stamp === undefined || current.stamp === stamp)) return current;
    // Not loaded yet, or the page knows of another index than the one loaded.
    const loading = this.read().then(({ index, stamp: stored }) => ({
      matcher: loadSafely(index),
      stamp: stored,
    }));
    this.loaded = loading;
    return loading;
  }
}

/** The tab and frame a message came from, as a session key; undefined when not from a tab. */
export function frameKey(sender: { tab?: { id?: number }; frameId?: number }): string | undefined {
  const tabId = sender.tab?.id;
  return tabId === undefined ? undefined : `${tabId}:${sender.frameId ?? 0}`;
}

/** A damaged or missing index means no marks, never an error. */
function loadSafely(index: SerializedMatcherIndex | undefined): MatcherIndex | undefined {
  if (!index) return undefined;
  try {
    return loadMatcher(index);
  } catch {
    return undefined;
  }
}
