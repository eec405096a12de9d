/**
 * Which facts a card leads with: the few a reader takes in at a glance, then
 * every other one in the order they come on "All facts". Pure, so the page's
 * card and the popup's full card order facts the same way.
 *
 * The card's own order (lib/cards.ts) already ranks by the pack's weights,
 * then facts about the entity before facts that only mention it. On top of it:
 * - Facts that match the page come first: a fact naming another entity the
 *   page mentions (Nvidia's card on a page about DeepSeek leads with the fact
 *   that links them). One such fact per linked entity, for at most
 *   `maxLinked` entities, so the entity's own most important fact keeps a place.
 * - The glance holds up to `count` facts whose lines, with the description's,
 *   stay within `maxLines` (estimated at `charsPerLine`, the card's measure
 *   in a wide sans-serif): the first fact always, a later one only if it still
 *   fits. A long fact waits for "All facts" rather than push the card past a
 *   glance, and a shorter one further down may take its place.
 * - With the page's publication date (issue 17), the card reads "as of" the
 *   article: items whose every claim is dated after that day go apart, under
 *   "Since this article", each part in the card's order (which, among facts
 *   of equal weight, puts the latest first: in the "as of" part, the closest
 *   to the article's moment). The glance then holds the "as of" facts that
 *   fit and the most important later one, so that what changed shows at rest.
 */
import type { CardData, CardFact, CardItem } from './cards';

export interface GlanceOptions {
  /** Entities the page names (marked or not); the card's own entity is ignored. */
  pageEntities?: ReadonlySet<string>;
  /** Facts in the glance at most. */
  count?: number;
  /** Lines of text, description and facts, the glance may hold in all. */
  maxLines?: number;
  /** Characters on a line of the card, estimated. */
  charsPerLine?: number;
  /** Linked entities whose fact may move ahead of the pack's order. */
  maxLinked?: number;
  /** The page's publication day ("2025-01-22"): later facts go under "Since this article". */
  pageDate?: string;
}

export interface CardArrangement {
  /** The card's items (as of the page, with a page date): the glance first, then the rest in the card's order. */
  items: CardItem[];
  /** How many of `items` the glance shows. */
  glance: number;
  /** Items dated after the page's date, in the card's order (empty without a page date). */
  since: CardItem[];
  /** How many of `since` the glance shows. */
  sinceGlance: number;
}

export const GLANCE_FACTS = 3;
/** With the card's fixed parts, nine lines of text keep it near 340 px high. */
export const GLANCE_LINES = 9;
/** About what a line of the card holds at 14 px in a wide sans-serif (DejaVu, Verdana). */
export const CHARS_PER_LINE = 40;
const MAX_LINKED = 2;

/** The claim an item shows first: the fact itself, or a dispute's most important claim. */
export function leadClaim(item: CardItem): CardFact {
  return item.kind === 'fact' ? item.fact : item.claims[0]!;
}

function claimsOf(item: CardItem): readonly CardFact[] {
  return item.kind === 'fact' ? [item.fact] : item.claims;
}

/** When a claim holds: the fact's own date, else its source's (partial ISO 8601; empty when unknown). */
export function claimDate(fact: CardFact): string {
  return fact.date || fact.source.date;
}

/** A partial date's first day, "2025-09" → "2025-09-01"; empty when it is not one. */
function firstDay(date: string): string {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  return match ? `${match[1]}-${match[2] ?? '01'}-${match[3] ?? '01'}` : '';
}

/**
 * Whether a claim came after the page's day: its date's first day is later.
 * "2025" on a page of 22 January 2025 is not (it may be the same moment).
 */
export function datedAfter(fact: CardFact, pageDate: string): boolean {
  const day = firstDay(claimDate(fact));
  return day !== '' && day > pageDate;
}

/** Lines the "as of" note and the "Since this article" heading take in the glance. */
const NOTE_LINES = 1;

/** The page's entities an item names, other than the card's own. */
function linkedEntities(item: CardItem, own: string, page: ReadonlySet<string>): string[] {
  const linked = new Set<string>();
  for (const claim of claimsOf(item)) {
    for (const entity of claim.entities) if (entity !== own && page.has(entity)) linked.add(entity);
  }
  return [...linked];
}

export function arrangeCard(card: CardData, options: GlanceOptions = {}): CardArrangement {
  const {
    pageEntities = new Set<string>(),
    count = GLANCE_FACTS,
    maxLines = GLANCE_LINES,
    charsPerLine = CHARS_PER_LINE,
    maxLinked = MAX_LINKED,
    pageDate,
  } = options;
  const lines = (item: CardItem) => Math.ceil(leadClaim(item).text.text.length / charsPerLine);

  const later = (item: CardItem) =>
    pageDate !== undefined && claimsOf(item).every((claim) => datedAfter(claim, pageDate));
  const asOf = card.items.filter((item) => !later(item));
  // In the card's order too: the glance shows the most important change, not the first in time.
  const since = card.items.filter(later);

  // Items that link to the page, one per linked entity, in the card's order.
  const promoted: CardItem[] = [];
  const linkedSeen = new Set<string>();
  for (const item of asOf) {
    if (linkedSeen.size >= maxLinked) break;
    const fresh = linkedEntities(item, card.id, pageEntities).filter((e) => !linkedSeen.has(e));
    if (fresh.length === 0) continue;
    for (const entity of fresh) linkedSeen.add(entity);
    promoted.push(item);
  }
  const ranked = [...promoted, ...asOf.filter((item) => !promoted.includes(item))];

  let room = maxLines - Math.ceil((card.description?.text.length ?? 0) / charsPerLine);
  if (pageDate !== undefined) room -= NOTE_LINES;
  const glance: CardItem[] = [];
  const sinceShown: CardItem[] = [];
  /** Adds items while they fit, until `target` holds `max`; the glance's very first item always fits. */
  const fill = (target: CardItem[], items: readonly CardItem[], max: number) => {
    for (const item of items) {
      if (target.length >= max) break;
      const needed = lines(item);
      if (glance.length + sinceShown.length > 0 && needed > room) continue;
      target.push(item);
      room -= needed;
    }
  };
  if (ranked.length > 0 && since.length > 0) {
    // Both parts at rest: the first "as of" item, the first later one under its heading, then what still fits.
    fill(glance, ranked.slice(0, 1), 1);
    sinceShown.push(since[0]!);
    room -= NOTE_LINES + lines(since[0]!);
    fill(glance, ranked.slice(1), count - 1);
  } else {
    fill(glance, ranked, count);
    if (since.length > 0) room -= NOTE_LINES;
    fill(sinceShown, since, count);
  }
  return {
    items: [...glance, ...ranked.filter((item) => !glance.includes(item))],
    glance: glance.length,
    since: [...sinceShown, ...since.filter((item) => !sinceShown.includes(item))],
    sinceGlance: sinceShown.length,
  };
}

/** Distinct sources among a dispute's claims: "two sources differ". */
export function sourceCount(claims: readonly CardFact[]): number {
  return new Set(claims.map((claim) => `${claim.packId}/${claim.source.id}`)).size;
}
