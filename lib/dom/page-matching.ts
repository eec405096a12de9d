/**
 * One page view's matching, apart from its DOM: the texts of its reading
 * blocks go in, the mentions to mark and those to leave unmarked come out.
 * It runs where the compiled index lives — the background, whose JIT is
 * warm and which holds the index once for every tab — so that a page pays
 * for walking its DOM and painting, not for matching (issue 14). The page
 * scanner (lib/page/page-scanner.ts) talks to it through a `MentionSource`:
 * across a message in the extension, directly in unit tests and tools.
 *
 * The session keeps what the judgements of later blocks depend on: the
 * page's words (for page-scoped rules and topic words), the relevance signs
 * counted so far, and the background names held until the page shows their
 * subject.
 */
import { HOLD, MARK, PageRelevance, type MarkScope, type MatcherIndex } from '../match';
import type { PageContext } from '../match';
import { pageContextOf, scanBlocks, type BlockMention } from './scan';

/** A reading block's text, by an id the page gives it (unique within a page view). */
export interface BlockText {
  id: number;
  text: string;
}

/** A mention found: its block's id, its offsets in that block's text, its entity. */
export type FoundMention = [block: number, start: number, end: number, entityId: string];

/** What a page view's judgements depend on, fixed for the session. */
export interface MatchSettings {
  /** The page's host: no entity is marked on its own site. */
  host: string;
  /** Which names are marked (see lib/match/relevance.ts). */
  scope: MarkScope;
  /** Entities the reader muted on this site: neither marked nor counted. */
  muted: readonly string[];
  /** At most this many marks on a page. */
  maxMentions: number;
}

export interface Verdicts {
  /** Mentions to mark, in the order their blocks were matched. */
  marked: FoundMention[];
  /** Names found but not marked (held background names, names on their own site). */
  unmarked: FoundMention[];
  /** Mentions given earlier as unmarked that are now to be marked: their subject has arrived. */
  released: FoundMention[];
  /** Words a page-scoped rule missed have arrived: the whole page should be judged again. */
  rejudge: boolean;
  /** Entities in the index used (0: no index). */
  entities: number;
  /** Where the source spent its time, ms: loading its index (0 when loaded), matching. */
  work?: { loadMs: number; matchMs: number };
}

/** How a page scanner reaches a page view's matching, wherever it runs. */
export interface MentionSource {
  /** Starts a page view: every reading block, in page order. */
  scanPage(blocks: readonly BlockText[]): Promise<Verdicts>;
  /**
   * Blocks that changed, grouped by the subtree that changed (a group's
   * blocks are neighbours; groups are not), after `forget`: blocks gone
   * since. Null when the source no longer knows this page view (the
   * background restarted): the page starts again with `scanPage`.
   */
  scanMore(
    groups: readonly (readonly BlockText[])[],
    forget: readonly number[],
    room: number,
  ): Promise<Verdicts | null>;
}

export class PageMatching {
  private readonly relevance: PageRelevance;
  private readonly muted: Set<string>;
  private page: PageContext | undefined;
  /** Background mentions waiting for the page to show their pack's subject. */
  private held: FoundMention[] = [];
  /** Mentions of names on their own site: never marked, listed in the popup. */
  private dropped: FoundMention[] = [];

  constructor(
    private readonly matcher: MatcherIndex,
    private readonly settings: MatchSettings,
  ) {
    const { entityIds, relevance } = matcher;
    this.relevance = new PageRelevance(entityIds, relevance, settings.host, settings.scope);
    this.muted = new Set(settings.muted);
  }

  /** The whole page (see MentionSource.scanPage); call once per session. */
  scanPage(blocks: readonly BlockText[]): Verdicts {
    // Page-scoped rules need the whole page's words before any block is judged.
    const page = (this.page = pageContextOf(blocks));
    const verdicts = emptyVerdicts(this.matcher.entityIds.length);
    for (let b = 0; b < blocks.length; b++) {
      const room = this.settings.maxMentions - verdicts.marked.length;
      if (room <= 0) break;
      this.judge(
        scanBlocks(blocks, this.matcher, { page, from: b, to: b + 1, maxMentions: room }),
        verdicts,
      );
    }
    this.settle(verdicts);
    return verdicts;
  }

  /** Changed blocks (see MentionSource.scanMore). */
  scanMore(groups: readonly (readonly BlockText[])[], room: number): Verdicts {
    const page = (this.page ??= pageContextOf([]));
    const verdicts = emptyVerdicts(this.matcher.entityIds.length);
    for (const blocks of groups) {
      pageContextOf(blocks, { page });
      const left = room - verdicts.marked.length;
      if (left <= 0) break;
      this.judge(scanBlocks(blocks, this.matcher, { page, maxMentions: left }), verdicts);
    }
    this.settle(verdicts);
    // Words a page-scoped rule missed have arrived: mentions judged without
    // them may count now, anywhere on the page.
    verdicts.rejudge = page.gainedMissedPhrase();
    return verdicts;
  }

  /** Drops what is known of blocks that left the page or changed. */
  forget(blockIds: readonly number[]): void {
    if (blockIds.length === 0) return;
    const gone = new Set(blockIds);
    const keep = (mention: FoundMention) => !gone.has(mention[0]);
    this.held = this.held.filter(keep);
    this.dropped = this.dropped.filter(keep);
  }

  private judge(found: readonly BlockMention<BlockText>[], into: Verdicts): void {
    const cap = this.settings.maxMentions;
    for (const mention of found) {
      if (this.muted.has(mention.entityId)) continue;
      const entry: FoundMention = [mention.block.id, mention.start, mention.end, mention.entityId];
      const verdict = this.relevance.judge(mention.entityId);
      if (verdict === MARK) {
        into.marked.push(entry);
        continue;
      }
      // Bounded like the marks: a page cannot make these lists grow without end.
      const unmarked = verdict === HOLD ? this.held : this.dropped;
      if (unmarked.length < cap) {
        unmarked.push(entry);
        into.unmarked.push(entry);
      }
    }
  }

  /**
   * Releases the held mentions whose pack's subject the page now shows:
   * those found in this same call are marked with the rest, those given
   * earlier as unmarked are `released`.
   */
  private settle(verdicts: Verdicts): void {
    const { page, relevance } = this;
    if (this.held.length === 0 || page === undefined) return;
    const fresh = new Set(verdicts.unmarked);
    const waiting = this.held;
    this.held = [];
    for (const mention of waiting) {
      if (!relevance.release(mention[3], page)) this.held.push(mention);
      else if (fresh.delete(mention)) verdicts.marked.push(mention);
      else verdicts.released.push(mention);
    }
    verdicts.unmarked = verdicts.unmarked.filter((mention) => fresh.has(mention));
  }
}

/** Nothing to mark, nothing found, with an index of `entities` entities (0: none). */
export function emptyVerdicts(entities: number): Verdicts {
  return { marked: [], unmarked: [], released: [], rejudge: false, entities };
}

/** A page view's matching in this same thread: for unit tests and tools. */
export function localMentionSource(matcher: MatcherIndex, settings: MatchSettings): MentionSource {
  let session: PageMatching | undefined;
  return {
    scanPage(blocks) {
      session = new PageMatching(matcher, settings);
      return Promise.resolve(session.scanPage(blocks));
    },
    scanMore(groups, forget, room) {
      if (!session) return Promise.resolve(null);
      session.forget(forget);
      return Promise.resolve(session.scanMore(groups, room));
    },
  };
}
