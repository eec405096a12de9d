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
}

export interface CardArrangement {
  /** Every item of the card: the glance first, then the rest in the card's order. */
  items: CardItem[];
  /** How many of `items` the glance shows. */
  glance: number;
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
  } = options;
  const lines = (text: string) => Math.ceil(text.length / charsPerLine);

  // Items that link to the page, one per linked entity, in the card's order.
  const promoted: CardItem[] = [];
  const linkedSeen = new Set<string>();
  for (const item of card.items) {
    if (linkedSeen.size >= maxLinked) break;
    const fresh = linkedEntities(item, card.id, pageEntities).filter((e) => !linkedSeen.has(e));
    if (fresh.length === 0) continue;
    for (const entity of fresh) linkedSeen.add(entity);
    promoted.push(item);
  }
  const ranked = [...promoted, ...card.items.filter((item) => !promoted.includes(item))];

  const glance: CardItem[] = [];
  let room = maxLines - lines(card.description?.text ?? '');
  for (const item of ranked) {
    if (glance.length >= count) break;
    const needed = lines(leadClaim(item).text.text);
    if (glance.length > 0 && needed > room) continue;
    glance.push(item);
    room -= needed;
  }
  return {
    items: [...glance, ...ranked.filter((item) => !glance.includes(item))],
    glance: glance.length,
  };
}

/** Distinct sources among a dispute's claims: "two sources differ". */
export function sourceCount(claims: readonly CardFact[]): number {
  return new Set(claims.map((claim) => `${claim.packId}/${claim.source.id}`)).size;
}
