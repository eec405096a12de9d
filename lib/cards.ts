/**
 * What a card shows, built from store rows without touching the store: the
 * entity (merged over every pack that describes it), its facts with their
 * sources, the disputes among them, and its related entities.
 *
 * Rules, in one place:
 * - Pack precedence: the most recently updated pack first (then pack id).
 *   Name, type and description come from the first pack that has the entity.
 * - Facts: every fact whose subject is the entity, from every pack, then every
 *   fact that mentions it (a secondary entity). A mentioning fact that repeats
 *   the source and evidence of a fact already on the card is the same claim
 *   seen from another entity's side (packs hold one per entity), so only the
 *   first is kept. A fact seen twice (same pack, same fact id) is kept once.
 * - Order: weight (higher first), then subject before mention, then date (the
 *   fact's, else its source's; later first), then pack precedence, then pack
 *   order.
 * - Disputes: `disagreesWith` links, resolved within the fact's own pack.
 *   Facts linked directly or through others form one dispute, shown at the
 *   place of its most important claim. A counterpart that neither has the
 *   entity as subject nor mentions it is brought in for the dispute only.
 * - Text: the reader's language, else the pack's language, else any.
 */
import type { EntityRecord, PackRecord } from '@/lib/store/db';
import type { EntityType, Fact, LangMap, Source } from '@/lib/pack/types';

/** Text picked from a language map, with the language it is in (for `lang` attributes). */
export interface CardText {
  text: string;
  lang: string;
}

export interface CardSource {
  id: string;
  title: string;
  publisher: string | null;
  /** ISO 8601, partial precision: "2025", "2025-01", "2025-01-22". Empty when unknown. */
  date: string;
  language: string;
  /** Only an http(s) URL; absent otherwise. */
  url?: string;
}

export interface CardFact {
  /** `packId/factId`: unique on a card. */
  key: string;
  id: string;
  packId: string;
  packTitle: string;
  /** subject: the card's entity is the fact's subject; mentioned: a secondary entity; counterpart: shown only as the other side of a dispute. */
  role: 'subject' | 'mentioned' | 'counterpart';
  /** Every entity the fact names, its subject first (the card's own included). */
  entities: string[];
  text: CardText;
  evidence: string;
  /** The fact's own date, else empty (the source's date is in `source`). */
  date: string;
  weight: number;
  source: CardSource;
  /** Keys of the facts it disagrees with that are on this card. */
  disagreesWith: string[];
}

/** One line of the card: a fact, or claims that disagree, most important first. */
export type CardItem = { kind: 'fact'; fact: CardFact } | { kind: 'dispute'; claims: CardFact[] };

export interface CardRelated {
  id: string;
  name: string;
  type: EntityType;
}

export interface CardData {
  id: string;
  name: string;
  type: EntityType;
  /** The one-line description, absent when no pack has one. */
  description?: CardText;
  /** Packs describing the entity, in precedence order. */
  packs: { id: string; title: string }[];
  /** Facts and disputes, most important first. */
  items: CardItem[];
  /** Facts on the card, counterparts included. */
  factCount: number;
  related: CardRelated[];
}

/** Picks the reader's language, then the pack's, then the first one the map has. */
export function pickText(
  map: LangMap | undefined,
  lang: string,
  packLang: string,
): CardText | undefined {
  if (!map) return undefined;
  const entries = Object.entries(map).filter(([, text]) => text.trim() !== '');
  if (entries.length === 0) return undefined;
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  const wanted = [lang, packLang];
  for (const want of wanted) {
    const exact = entries.find(([tag]) => tag.toLowerCase() === want.toLowerCase());
    if (exact) return { text: exact[1], lang: exact[0] };
    const sameLanguage = entries.find(([tag]) => primary(tag) === primary(want));
    if (sameLanguage) return { text: sameLanguage[1], lang: sameLanguage[0] };
  }
  const [tag, text] = entries[0]!;
  return { text, lang: tag };
}

/** The URL if it is an absolute http(s) URL, else undefined: nothing else becomes a link. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Packs in precedence order: most recently updated first, then by id. */
export function packPrecedence(packs: readonly PackRecord[]): PackRecord[] {
  return [...packs].sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

const ROLE_ORDER = { subject: 0, mentioned: 1, counterpart: 2 } as const;

interface Candidate {
  fact: Fact;
  pack: PackRecord | undefined;
  packRank: number;
  position: number;
  role: CardFact['role'];
}

function toCardSource(source: Source | undefined, id: string): CardSource {
  if (!source) return { id, title: '', publisher: null, date: '', language: '' };
  const url = safeHttpUrl(source.url);
  return {
    id: source.id,
    title: source.title,
    publisher: source.publisher,
    date: source.date,
    language: source.language,
    ...(url !== undefined && { url }),
  };
}

/** Later date first; an absent date last. Partial ISO dates compare as strings. */
function compareDatesDesc(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  return a < b ? 1 : -1;
}

/**
 * Builds the card of entity `id`.
 * @param rows the entity's own rows (one per pack describing it).
 * @param otherRows rows that may hold facts mentioning it, its related
 *   entities (for their names) or the counterparts of its disputes; any
 *   other row is ignored. Duplicates with `rows` are harmless.
 * @param packs the pack records (header, sources); rows of an absent pack still count.
 * @param lang the reader's language (BCP 47).
 */
export function buildCard(
  rows: readonly EntityRecord[],
  otherRows: readonly EntityRecord[],
  packs: readonly PackRecord[],
  id: string,
  lang: string,
): CardData | undefined {
  const ordered = packPrecedence(packs);
  const packById = new Map(ordered.map((pack) => [pack.id, pack]));
  const rankOf = (packId: string) => {
    const pack = packById.get(packId);
    return pack ? ordered.indexOf(pack) : ordered.length;
  };
  const byRank = (a: EntityRecord, b: EntityRecord) =>
    rankOf(a.packId) - rankOf(b.packId) || a.packId.localeCompare(b.packId);

  const own = rows.filter((row) => row.id === id).sort(byRank);
  const main = own[0];
  if (!main) return undefined;
  const allRows = [...own, ...otherRows];
  const packLang = (packId: string) => packById.get(packId)?.header.language ?? lang;

  // Every fact the rows hold, by pack and id: where counterparts are found.
  const pool = new Map<string, { fact: Fact; row: EntityRecord; position: number }>();
  for (const row of allRows) {
    row.facts.forEach((fact, i) => {
      const key = `${row.packId}/${fact.id}`;
      if (!pool.has(key)) pool.set(key, { fact, row, position: row.factPositions[i] ?? i });
    });
  }

  // Facts on the card: subject facts, then mentions, each kept once.
  const candidates = new Map<string, Candidate>();
  const add = (key: string, role: Candidate['role']) => {
    const entry = pool.get(key);
    if (!entry || candidates.has(key)) return;
    const packId = entry.row.packId;
    candidates.set(key, {
      fact: entry.fact,
      pack: packById.get(packId),
      packRank: rankOf(packId),
      position: entry.position,
      role,
    });
  };
  for (const [key, { fact }] of pool) if (fact.entities[0] === id) add(key, 'subject');
  for (const [key, { fact }] of pool) {
    if (fact.entities[0] !== id && fact.entities.includes(id)) add(key, 'mentioned');
  }

  const sourceOf = (candidate: Candidate) =>
    candidate.pack?.sources.find((source) => source.id === candidate.fact.source);
  const factDate = (candidate: Candidate) => candidate.fact.date ?? sourceOf(candidate)?.date ?? '';
  const compare = (a: Candidate, b: Candidate) =>
    (b.fact.weight ?? 0) - (a.fact.weight ?? 0) ||
    ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
    compareDatesDesc(factDate(a), factDate(b)) ||
    a.packRank - b.packRank ||
    a.position - b.position;

  // The same claim seen from another entity's side: same pack, source and evidence.
  const claimKey = (key: string, fact: Fact) =>
    `${key.slice(0, key.length - fact.id.length - 1)}\u0000${fact.source}\u0000${fact.evidence}`;
  const twinOf = new Map<string, string>(); // dropped key → kept key
  const keptClaims = new Map<string, string>(); // claim → kept key
  const dedupeOrder = [...candidates].sort(
    ([, a], [, b]) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || compare(a, b),
  );
  for (const [key, candidate] of dedupeOrder) {
    const claim = claimKey(key, candidate.fact);
    const kept = keptClaims.get(claim);
    if (kept === undefined) keptClaims.set(claim, key);
    else if (candidate.role !== 'subject') {
      twinOf.set(key, kept);
      candidates.delete(key);
    }
  }

  // Disputes: bring counterparts in, then group linked facts.
  const packOfKey = (key: string, fact: Fact) => key.slice(0, key.length - fact.id.length - 1);
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    (links.get(a) ?? links.set(a, new Set()).get(a)!).add(b);
    (links.get(b) ?? links.set(b, new Set()).get(b)!).add(a);
  };
  const resolve = (key: string): string | undefined => {
    const twin = twinOf.get(key);
    if (twin !== undefined) return twin;
    if (candidates.has(key)) return key;
    const entry = pool.get(key);
    if (!entry) return undefined;
    const claim = claimKey(key, entry.fact);
    const kept = keptClaims.get(claim);
    if (kept !== undefined) return kept;
    add(key, 'counterpart');
    keptClaims.set(claim, key);
    return key;
  };
  for (const [key, candidate] of [...candidates]) {
    if (candidate.role === 'counterpart') continue;
    const packId = packOfKey(key, candidate.fact);
    for (const other of candidate.fact.disagreesWith ?? []) {
      const resolved = resolve(`${packId}/${other}`);
      if (resolved !== undefined) link(key, resolved);
    }
  }

  const cardFacts = new Map<string, CardFact>();
  for (const [key, candidate] of candidates) {
    const packId = packOfKey(key, candidate.fact);
    cardFacts.set(key, {
      key,
      id: candidate.fact.id,
      packId,
      packTitle: candidate.pack?.title ?? packId,
      role: candidate.role,
      entities: [...candidate.fact.entities],
      text: pickText(candidate.fact.text, lang, packLang(packId)) ?? { text: '', lang },
      evidence: candidate.fact.evidence,
      date: candidate.fact.date ?? '',
      weight: candidate.fact.weight ?? 0,
      source: toCardSource(sourceOf(candidate), candidate.fact.source),
      disagreesWith: [...(links.get(key) ?? [])],
    });
  }

  const sortedKeys = [...candidates].sort(([, a], [, b]) => compare(a, b)).map(([key]) => key);
  const placed = new Set<string>();
  const items: CardItem[] = [];
  for (const key of sortedKeys) {
    if (placed.has(key)) continue;
    if (!links.has(key)) {
      placed.add(key);
      items.push({ kind: 'fact', fact: cardFacts.get(key)! });
      continue;
    }
    // The whole group of linked facts, in card order.
    const group = new Set<string>([key]);
    const queue = [key];
    while (queue.length > 0) {
      for (const next of links.get(queue.pop()!) ?? []) {
        if (!group.has(next)) {
          group.add(next);
          queue.push(next);
        }
      }
    }
    const claims = sortedKeys.filter((k) => group.has(k));
    claims.forEach((k) => placed.add(k));
    items.push({ kind: 'dispute', claims: claims.map((k) => cardFacts.get(k)!) });
  }

  // Related entities: from every pack, in precedence order, named from the rows given.
  const rowById = new Map<string, EntityRecord>();
  for (const row of [...allRows].sort(byRank)) if (!rowById.has(row.id)) rowById.set(row.id, row);
  const related: CardRelated[] = [];
  const seen = new Set<string>([id]);
  for (const row of own) {
    for (const relatedId of row.entity.related ?? []) {
      const target = rowById.get(relatedId);
      if (seen.has(relatedId) || !target) continue;
      seen.add(relatedId);
      related.push({ id: relatedId, name: target.entity.name, type: target.entity.type });
    }
  }

  const describing = own.find((row) =>
    pickText(row.entity.description, lang, packLang(row.packId)),
  );
  const description = describing
    ? pickText(describing.entity.description, lang, packLang(describing.packId))
    : undefined;

  return {
    id,
    name: main.entity.name,
    type: main.entity.type,
    ...(description && { description }),
    packs: own.map((row) => ({
      id: row.packId,
      title: packById.get(row.packId)?.title ?? row.packId,
    })),
    items,
    factCount: cardFacts.size,
    related,
  };
}

/** Fact ids a card's facts disagree with that `rows` do not hold, by pack: what else to load. */
export function missingCounterparts(
  rows: readonly EntityRecord[],
  id: string,
): Map<string, Set<string>> {
  const held = new Set<string>();
  for (const row of rows) for (const fact of row.facts) held.add(`${row.packId}/${fact.id}`);
  const missing = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const fact of row.facts) {
      if (!fact.entities.includes(id)) continue;
      for (const other of fact.disagreesWith ?? []) {
        if (held.has(`${row.packId}/${other}`)) continue;
        (missing.get(row.packId) ?? missing.set(row.packId, new Set()).get(row.packId)!).add(other);
      }
    }
  }
  return missing;
}
