/**
 * Which correct mentions deserve a mark. A pack's subject entities are marked
 * wherever their rules hold; its background entities (widely known names it
 * mentions only as context: a head of state, a country, a newspaper) only on
 * pages about the pack's subject; and no entity on its own web site.
 *
 * A page is about a pack's subject when its reading content shows two signs
 * of it: mentions of the pack's subject entities (each counts, up to two per
 * entity) and the distinct topic words of the pack (`topics`) found on it.
 * One sign is not enough: a single "Nvidia" in a gadget review, or the word
 * "blockchain" in passing, does not make a page about AI chips or crypto.
 *
 * The table is plain JSON, compiled with the matcher and stored beside it.
 */

import type { Entity } from '../pack/types';
import { foldPhrase } from './normalize';
import type { PageContext } from './page-context';

/** Signs of a pack's subject a page needs before its background entities are marked. */
export const TOPIC_SIGNS_NEEDED = 2;
/** How many of a page's signs one subject entity may give (the same name repeated). */
const SIGNS_PER_ENTITY = 2;

/** What the reader chose: the pack's subject names (default) or every name the packs know. */
export type MarkScope = 'subject' | 'all';

export interface RelevanceTable {
  /** Per entity, by its position in the index's `entityIds`: the position of its pack. */
  entityPack: number[];
  /** Positions of the background entities. */
  background: number[];
  /** Entities with web sites of their own: [position, host names]. */
  domains: [number, string[]][];
  /** Per pack: its topic words and phrases, folded. */
  topics: string[][];
}

/** A pack's entities and topic words, as the matcher is compiled from them. */
export interface MatcherPack {
  readonly entities: Iterable<Entity>;
  readonly topics?: readonly string[];
}

/** An empty table: what a page uses when its index has none (every entity a subject). */
export function emptyRelevance(entityCount: number): RelevanceTable {
  return {
    entityPack: new Array<number>(entityCount).fill(0),
    background: [],
    domains: [],
    topics: [[]],
  };
}

/** Adds a pack's entity to the table being compiled, at `position` among all entities. */
export function addToRelevance(
  table: RelevanceTable,
  entity: Entity,
  position: number,
  pack: number,
): void {
  table.entityPack[position] = pack;
  if (entity.role === 'background') table.background.push(position);
  if (entity.domains && entity.domains.length > 0) {
    table.domains.push([position, entity.domains.map((d) => d.toLowerCase())]);
  }
}

/** A pack's topic words, folded and deduplicated. */
export function foldTopics(topics: readonly string[] | undefined): string[] {
  const folded = new Set<string>();
  for (const topic of topics ?? []) {
    const key = foldPhrase(topic);
    if (key !== '') folded.add(key);
  }
  return [...folded];
}

/** Whether `host` is `domain` or one of its subdomains. */
export function isOnDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
}

/** What to do with a correct mention: mark it, hold it until the page shows its subject, or drop it. */
export const MARK = 0;
export const HOLD = 1;
export const DROP = 2;
export type Verdict = typeof MARK | typeof HOLD | typeof DROP;

/** Entity id → position, per index's id list: built once, not once per page scan. */
const positionsOf = new WeakMap<readonly string[], Map<string, number>>();

function positions(entityIds: readonly string[]): Map<string, number> {
  let found = positionsOf.get(entityIds);
  if (!found) {
    found = new Map(entityIds.map((id, i) => [id, i]));
    positionsOf.set(entityIds, found);
  }
  return found;
}

/**
 * One page's relevance judgements: subject mentions are counted as they are
 * found, so that background mentions held back can be marked once the page
 * shows its subject. Signs only accumulate during a page view.
 */
export class PageRelevance {
  private readonly position: Map<string, number>;
  private readonly background: Set<number>;
  private readonly ownSite = new Set<number>();
  /** Per pack: signs counted from subject mentions; per entity: signs it gave. */
  private readonly mentionSigns: number[];
  private readonly signsOf = new Map<number, number>();
  /** Per pack: whether it is known to be the page's subject. */
  private readonly onTopic: boolean[];
  /** Per pack: topic words found, and how many of its topic words have been looked up. */
  private readonly topicSigns: number[];
  private readonly topicsLookedUp: number[];

  constructor(
    entityIds: readonly string[],
    private readonly table: RelevanceTable,
    host: string,
    private readonly scope: MarkScope,
  ) {
    this.position = positions(entityIds);
    this.background = new Set(table.background);
    for (const [entity, domains] of table.domains) {
      if (domains.some((domain) => isOnDomain(host, domain))) this.ownSite.add(entity);
    }
    this.mentionSigns = table.topics.map(() => 0);
    this.onTopic = table.topics.map(() => false);
    this.topicSigns = table.topics.map(() => 0);
    this.topicsLookedUp = table.topics.map(() => 0);
  }

  /** Counts a mention found in the reading content and says what to do with it. */
  judge(entityId: string): Verdict {
    const entity = this.position.get(entityId);
    if (entity === undefined) return MARK;
    if (this.ownSite.has(entity)) return DROP;
    if (!this.background.has(entity)) {
      const given = this.signsOf.get(entity) ?? 0;
      if (given < SIGNS_PER_ENTITY) {
        this.signsOf.set(entity, given + 1);
        const pack = this.table.entityPack[entity] ?? 0;
        this.mentionSigns[pack] = (this.mentionSigns[pack] ?? 0) + 1;
      }
      return MARK;
    }
    return this.scope === 'all' ? MARK : HOLD;
  }

  /**
   * Whether a held background mention may now be marked: its pack's subject
   * shows on the page (topic words are looked up in `page`, once each).
   */
  release(entityId: string, page: PageContext): boolean {
    const entity = this.position.get(entityId);
    if (entity === undefined) return true;
    return this.packOnTopic(this.table.entityPack[entity] ?? 0, page);
  }

  /**
   * Whether a pack's subject shows on the page. Each topic word is looked up
   * once per page view (a page that gains words a lookup missed is judged
   * anew, see PageContext.gainedMissedPhrase).
   */
  private packOnTopic(pack: number, page: PageContext): boolean {
    while (this.lookUpTopic(pack, page));
    return this.onTopic[pack] ?? false;
  }

  /**
   * Looks up one more topic word of a pack whose subject is not shown yet;
   * false when there is nothing left to look up. What a caller working in
   * time slices runs, one word per step (`stepTopics`).
   */
  private lookUpTopic(pack: number, page: PageContext): boolean {
    const signs = () => (this.mentionSigns[pack] ?? 0) + (this.topicSigns[pack] ?? 0);
    if (!this.onTopic[pack] && signs() >= TOPIC_SIGNS_NEEDED) this.onTopic[pack] = true;
    const topics = this.table.topics[pack] ?? [];
    const next = this.topicsLookedUp[pack] ?? 0;
    if (this.onTopic[pack] || next >= topics.length) return false;
    this.topicsLookedUp[pack] = next + 1;
    if (page.hasPhrase(topics[next]!)) this.topicSigns[pack] = (this.topicSigns[pack] ?? 0) + 1;
    if (signs() >= TOPIC_SIGNS_NEEDED) this.onTopic[pack] = true;
    return !this.onTopic[pack] && next + 1 < topics.length;
  }

  /** One topic lookup of any pack still undecided; false when none is left. */
  stepTopics(page: PageContext): boolean {
    for (let pack = 0; pack < this.onTopic.length; pack++) {
      if (this.lookUpTopic(pack, page)) return true;
    }
    return false;
  }
}

/**
 * The mentions of a whole page that deserve a mark, in their order, and those
 * that do not (held background names on a page not about their subject, or
 * names on their own site): what the page would show once fully scanned.
 */
export function selectRelevant<M extends { entityId: string }>(
  mentions: readonly M[],
  relevance: PageRelevance,
  page: PageContext,
): { marked: M[]; unmarked: M[] } {
  const verdicts = mentions.map((m) => relevance.judge(m.entityId));
  const marked: M[] = [];
  const unmarked: M[] = [];
  mentions.forEach((mention, i) => {
    const verdict = verdicts[i];
    const keep =
      verdict === MARK || (verdict === HOLD && relevance.release(mention.entityId, page));
    (keep ? marked : unmarked).push(mention);
  });
  return { marked, unmarked };
}
