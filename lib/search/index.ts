/**
 * The popup's search over every entity (name, aliases, description) and
 * every fact (its text in every language).
 *
 * Fuse.js scans each record on every query, which is too slow for large
 * packs, so it only ranks a small candidate set found through a word index:
 * - every text is folded (case, diacritics, typographic variants: the
 *   matcher's own normalisation), then cut into words;
 * - each query word finds the index's words that equal it, that start with
 *   it (the reader is still typing), or, from 4 letters on, that share enough
 *   letter trigrams with it (typos: "nvidai", "deepsek");
 * - the documents holding those words are tiered, the best few hundred go to
 *   Fuse, which scores typos and closeness within each tier.
 *
 * Tiers, best first: a name or alias holding every query word, then a
 * description or fact holding every query word, then the same two with a
 * typo, then partial matches. So an entity's name comes before the facts
 * that merely mention it, and an exact mention before a name that only looks
 * like the query.
 */
import Fuse from 'fuse.js';
import { PAUSE_MASK, runToEnd, sortGradually, type Pausable } from '@/lib/pausable';
import { collapseSpaces, normalizeText } from '@/lib/match/normalize';
import type { Entity, EntityType, Fact } from '@/lib/pack/types';
import { normalizeRanges, type Highlighted, type MatchRange } from './highlight';

export type { Highlighted, MatchRange } from './highlight';

/** What the index is built from: store rows (EntityRecord) have this shape. */
export interface SearchRecord {
  packId: string;
  id: string;
  entity: Entity;
  facts: readonly Fact[];
}

export interface SearchIndexOptions {
  /** The reader's language: breaks ties between texts and picks descriptions. */
  lang?: string;
}

export interface SearchSnippet extends Highlighted {
  kind: 'fact' | 'description';
  /** For a fact. */
  factId?: string;
  packId?: string;
}

export interface SearchResult {
  id: string;
  name: string;
  type: EntityType;
  /** Lower is better. */
  score: number;
  /** Ranges of the name that match the query. */
  nameMatches: MatchRange[];
  /** The alias that matched, when the name itself did not. */
  alias?: Highlighted;
  /** The best matching fact (else the matching description, else the description). */
  snippet?: SearchSnippet;
}

const NAME = 0;
const ALIAS = 1;
const DESCRIPTION = 2;
const FACT = 3;

interface Doc {
  kind: number;
  entity: number;
  text: string;
  folded: string;
  lang: string;
  weight: number;
  factId?: string;
  packId?: string;
}

interface IndexedEntity {
  id: string;
  name: string;
  type: EntityType;
  description?: { text: string; lang: string };
}

export interface SearchIndex {
  readonly lang: string;
  readonly entities: readonly IndexedEntity[];
  /** Ordered by kind (names first), then weight (higher first): doc order is priority order. */
  readonly docs: readonly Doc[];
  /** Docs [0, nameDocs) are names and aliases. */
  readonly nameDocs: number;
  readonly words: readonly string[];
  readonly wordIds: ReadonlyMap<string, number>;
  /** Word ids in the words' code-unit order, for prefix look-ups. */
  readonly sortedWords: Int32Array;
  /** Word id → ascending doc ids. */
  readonly postings: readonly Int32Array[];
  /** Letter trigram → ids of the words (4 letters or more) that hold it. */
  readonly trigrams: ReadonlyMap<string, Int32Array>;
  readonly trigramCounts: Uint16Array;
  /** Scratch space reused by every query. */
  readonly scratch: { exact: Uint32Array; fuzzy: Uint32Array; shared: Uint16Array };
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lowercase, diacritics folded, white space collapsed: how texts and queries are compared. */
export function foldForSearch(text: string): string {
  return collapseSpaces(normalizeText(text).folded);
}

function wordsOf(folded: string): string[] {
  return folded.match(WORD) ?? [];
}

function trigramsOf(word: string): string[] {
  const padded = `^${word}$`;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}

function pickDescription(entity: Entity, lang: string): IndexedEntity['description'] {
  const entries = Object.entries(entity.description);
  const primary = (tag: string) => tag.toLowerCase().split('-')[0];
  const found =
    entries.find(([tag]) => primary(tag) === primary(lang)) ??
    entries.find(([tag]) => primary(tag) === 'en') ??
    entries[0];
  return found ? { text: found[1], lang: found[0] } : undefined;
}

/**
 * Builds the index once (per popup opening). Records of one entity from
 * several packs merge: the first record given for an id names it, so pass the
 * most recently updated pack's records first.
 */
export function createSearchIndex(
  records: Iterable<SearchRecord>,
  options: SearchIndexOptions = {},
): SearchIndex {
  return runToEnd(createSearchIndexGradually(records, options));
}

/** Records indexed between pauses: each brings a name, aliases and facts in two languages. */
const RECORDS_PER_PAUSE = 32;

/**
 * `createSearchIndex`, pausing in its loops (see lib/pausable.ts): the popup
 * stays responsive while it indexes a pack of thousands of entities.
 */
export function* createSearchIndexGradually(
  records: Iterable<SearchRecord>,
  options: SearchIndexOptions = {},
): Pausable<SearchIndex> {
  const lang = options.lang ?? 'en';
  const entities: IndexedEntity[] = [];
  const entityIndex = new Map<string, number>();
  const namesSeen: Set<string>[] = [];
  const factsSeen = new Set<string>();
  const docs: Doc[] = [];
  const addDoc = (doc: Omit<Doc, 'folded'>) => {
    const folded = normalizeText(doc.text).folded;
    if (folded.trim() !== '') docs.push({ ...doc, folded });
  };

  let read = 0;
  for (const record of records) {
    if (++read % RECORDS_PER_PAUSE === 0) yield;
    let e = entityIndex.get(record.id);
    if (e === undefined) {
      e = entities.length;
      entityIndex.set(record.id, e);
      const description = pickDescription(record.entity, lang);
      entities.push({
        id: record.id,
        name: record.entity.name,
        type: record.entity.type,
        ...(description && { description }),
      });
      namesSeen.push(new Set());
    }
    const names = namesSeen[e]!;
    const first = names.size === 0;
    for (const [i, alias] of [record.entity.name, ...record.entity.aliases].entries()) {
      const text = typeof alias === 'string' ? alias : alias.text;
      const key = foldForSearch(text);
      if (names.has(key)) continue;
      names.add(key);
      addDoc({ kind: first && i === 0 ? NAME : ALIAS, entity: e, text, lang: '', weight: 0 });
    }
    for (const [tag, text] of Object.entries(record.entity.description)) {
      addDoc({ kind: DESCRIPTION, entity: e, text, lang: tag, weight: 0 });
    }
    for (const fact of record.facts) {
      const key = `${record.packId}\u0000${fact.id}`;
      if (factsSeen.has(key)) continue;
      factsSeen.add(key);
      for (const [tag, text] of Object.entries(fact.text)) {
        addDoc({
          kind: FACT,
          entity: e,
          text,
          lang: tag,
          weight: fact.weight ?? 0,
          factId: fact.id,
          packId: record.packId,
        });
      }
    }
  }
  // Priority order, so that postings (ascending doc ids) are in it too.
  yield* sortGradually(
    docs,
    (a, b) => a.kind - b.kind || b.weight - a.weight || a.entity - b.entity,
  );
  let nameDocs = 0;
  while (nameDocs < docs.length && docs[nameDocs]!.kind <= ALIAS) nameDocs++;

  const words: string[] = [];
  const wordIds = new Map<string, number>();
  const lists: number[][] = [];
  for (let d = 0; d < docs.length; d++) {
    if ((d & PAUSE_MASK) === PAUSE_MASK) yield;
    const doc = docs[d]!;
    for (const word of wordsOf(doc.folded)) {
      let w = wordIds.get(word);
      if (w === undefined) {
        w = words.length;
        wordIds.set(word, w);
        words.push(word);
        lists.push([]);
      }
      const list = lists[w]!;
      if (list[list.length - 1] !== d) list.push(d);
    }
  }
  const postings = lists.map((list) => Int32Array.from(list));
  const sortedWords = Int32Array.from(words.keys()).sort((a, b) =>
    words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0,
  );

  const trigramLists = new Map<string, number[]>();
  const trigramCounts = new Uint16Array(words.length);
  for (let w = 0; w < words.length; w++) {
    if ((w & PAUSE_MASK) === PAUSE_MASK) yield;
    const word = words[w]!;
    if (word.length < 4) continue;
    const grams = trigramsOf(word);
    trigramCounts[w] = grams.length;
    for (const gram of grams) {
      let list = trigramLists.get(gram);
      if (!list) trigramLists.set(gram, (list = []));
      list.push(w);
    }
  }
  const trigrams = new Map<string, Int32Array>();
  for (const [gram, list] of trigramLists) trigrams.set(gram, Int32Array.from(list));

  return {
    lang,
    entities,
    docs,
    nameDocs,
    words,
    wordIds,
    sortedWords,
    postings,
    trigrams,
    trigramCounts,
    scratch: {
      exact: new Uint32Array(docs.length),
      fuzzy: new Uint32Array(docs.length),
      shared: new Uint16Array(words.length),
    },
  };
}

const EXACT = 0;
const PREFIX = 1;
const FUZZY = 2;

/** Most query words considered (one bit each). */
const MAX_TOKENS = 8;
/** Most words a query word expands to, by prefix and by typo. */
const MAX_PREFIX_WORDS = 300;
const MAX_FUZZY_WORDS = 48;
/** Similarity (Dice over letter trigrams) a word needs to pass for a typo of the query word. */
const MIN_SIMILARITY = 0.5;
/** Documents handed to Fuse, and per entity. */
const MAX_CANDIDATES = 400;
const MAX_DOCS_PER_ENTITY = 4;

function lowerBound(index: SearchIndex, token: string): number {
  const { sortedWords, words } = index;
  let lo = 0;
  let hi = sortedWords.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[sortedWords[mid]!]! < token) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index's words a query word stands for, with how (exact, prefix, typo). */
function expand(index: SearchIndex, token: string): Map<number, number> {
  const found = new Map<number, number>();
  const exact = index.wordIds.get(token);
  if (exact !== undefined) found.set(exact, EXACT);
  const { sortedWords, words } = index;
  for (
    let i = lowerBound(index, token), taken = 0;
    i < sortedWords.length && taken < MAX_PREFIX_WORDS;
    i++
  ) {
    const w = sortedWords[i]!;
    if (!words[w]!.startsWith(token)) break;
    if (!found.has(w)) {
      found.set(w, PREFIX);
      taken++;
    }
  }
  if (token.length < 4) return found;

  const grams = trigramsOf(token);
  const { shared } = index.scratch;
  const touched: number[] = [];
  for (const gram of grams) {
    const list = index.trigrams.get(gram);
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      if (shared[w] === 0) touched.push(w);
      shared[w]!++;
    }
  }
  const fuzzy: { w: number; similarity: number }[] = [];
  for (const w of touched) {
    const similarity = (2 * shared[w]!) / (grams.length + index.trigramCounts[w]!);
    shared[w] = 0;
    if (similarity >= MIN_SIMILARITY && !found.has(w)) {
      if (Math.abs(words[w]!.length - token.length) <= 3) fuzzy.push({ w, similarity });
    }
  }
  fuzzy.sort((a, b) => b.similarity - a.similarity);
  for (const { w } of fuzzy.slice(0, MAX_FUZZY_WORDS)) found.set(w, FUZZY);
  return found;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** A query word and the index's words taken for typos of it. */
interface WordMatch {
  token: string;
  typos: ReadonlySet<string>;
}

interface Scored {
  doc: number;
  score: number;
}

/** Up to `limit` entities matching the query, best first. */
export function search(index: SearchIndex, query: string, limit = 20): SearchResult[] {
  const foldedQuery = foldForSearch(query);
  const tokens = [...new Set(wordsOf(foldedQuery))].slice(0, MAX_TOKENS);
  if (tokens.length === 0 || limit <= 0) return [];
  const full = (1 << tokens.length) - 1;
  const { exact, fuzzy } = index.scratch;
  const touched: number[] = [];
  const expansions = tokens.map((token) => expand(index, token));

  expansions.forEach((found, t) => {
    const bit = 1 << t;
    // Words of one or two letters find names and aliases only: every fact holds some.
    const end = tokens[t]!.length < 3 ? index.nameDocs : index.docs.length;
    for (const [w, how] of found) {
      const list = index.postings[w]!;
      const marks = how === FUZZY ? fuzzy : exact;
      for (let i = 0; i < list.length; i++) {
        const d = list[i]!;
        if (d >= end) break;
        if (exact[d] === 0 && fuzzy[d] === 0) touched.push(d);
        marks[d]! |= bit;
      }
    }
  });

  // Tier each document, then keep the best few per tier (doc order is priority order).
  const buckets: number[][] = [];
  for (const d of touched) {
    const any = exact[d]! | fuzzy[d]!;
    const missing = tokens.length - popcount(any);
    const exactness = exact[d] === full ? 0 : any === full ? 1 : 1 + missing;
    const tier = exactness * 2 + (d < index.nameDocs ? 0 : 1);
    (buckets[tier] ??= []).push(d);
  }
  const candidates: number[] = [];
  const perEntity = new Map<number, number>();
  const tierOf = new Map<number, number>();
  for (let tier = 0; tier < buckets.length && candidates.length < MAX_CANDIDATES; tier++) {
    const bucket = buckets[tier];
    if (!bucket) continue;
    const ordered = Int32Array.from(bucket).sort();
    for (let i = 0; i < ordered.length && candidates.length < MAX_CANDIDATES; i++) {
      const d = ordered[i]!;
      const e = index.docs[d]!.entity;
      const count = perEntity.get(e) ?? 0;
      if (d >= index.nameDocs && count >= MAX_DOCS_PER_ENTITY) continue;
      perEntity.set(e, count + 1);
      candidates.push(d);
      tierOf.set(d, tier);
    }
  }
  const wordMatches: WordMatch[] = tokens.map((token, t) => {
    const typos = new Set<string>();
    for (const [w, how] of expansions[t]!) if (how === FUZZY) typos.add(index.words[w]!);
    return { token, typos };
  });
  for (const d of touched) exact[d] = fuzzy[d] = 0;
  if (candidates.length === 0) return [];

  // Fuse scores closeness and typos within a tier.
  const fuse = new Fuse(
    candidates.map((d) => index.docs[d]!.folded),
    { includeScore: true, ignoreLocation: true, ignoreFieldNorm: true, threshold: 0.6 },
  );
  const fuseScore = new Map<number, number>();
  for (const hit of fuse.search(foldedQuery)) {
    fuseScore.set(candidates[hit.refIndex]!, hit.score ?? 0);
  }

  const named = new Set<number>();
  for (const d of candidates) if (d < index.nameDocs) named.add(index.docs[d]!.entity);
  const scored: Scored[] = candidates.map((d) => {
    const doc = index.docs[d]!;
    let score = tierOf.get(d)! + 0.5 * (fuseScore.get(d) ?? 1);
    if (d < index.nameDocs) {
      // The closer the name's length to the query's, the better: "MiCA" before "MiCA II".
      score += 0.1 * (1 - Math.min(1, foldedQuery.length / Math.max(1, doc.folded.length)));
    } else if (named.has(doc.entity)) {
      score -= 0.35; // its name matches too, if only in part
    }
    if (doc.lang !== '' && doc.lang.split('-')[0] !== index.lang) score += 0.05;
    return { doc: d, score };
  });
  scored.sort((a, b) => a.score - b.score || a.doc - b.doc);

  const results = new Map<number, { best: number; name?: number; text?: number }>();
  for (const { doc: d, score } of scored) {
    const e = index.docs[d]!.entity;
    let entry = results.get(e);
    if (!entry) {
      if (results.size >= limit) continue;
      results.set(e, (entry = { best: score }));
    }
    if (d < index.nameDocs) entry.name ??= d;
    else entry.text ??= d;
  }

  return [...results].map(([e, entry]) => {
    const entity = index.entities[e]!;
    const result: SearchResult = {
      id: entity.id,
      name: entity.name,
      type: entity.type,
      score: entry.best,
      nameMatches: [],
    };
    if (entry.name !== undefined) {
      const doc = index.docs[entry.name]!;
      const lit = highlight(doc.text, wordMatches);
      if (doc.kind === NAME) result.nameMatches = lit.matches;
      else {
        const nameLit = highlight(entity.name, wordMatches);
        if (nameLit.matches.length > 0) result.nameMatches = nameLit.matches;
        else result.alias = lit;
      }
    } else {
      result.nameMatches = highlight(entity.name, wordMatches).matches;
    }
    if (entry.text !== undefined) {
      const doc = index.docs[entry.text]!;
      result.snippet = {
        kind: doc.kind === FACT ? 'fact' : 'description',
        ...highlight(doc.text, wordMatches),
        lang: doc.lang,
        ...(doc.factId !== undefined && { factId: doc.factId, packId: doc.packId }),
      };
    } else if (entity.description) {
      result.snippet = { kind: 'description', ...entity.description, matches: [] };
    }
    return result;
  });
}

/** Where the query's words (as expanded) occur in a text, in the text's own offsets. */
function highlight(text: string, wordMatches: readonly WordMatch[]): Highlighted {
  const normalized = normalizeText(text);
  const ranges: MatchRange[] = [];
  for (const match of normalized.folded.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    for (const { token, typos } of wordMatches) {
      let end = -1;
      if (word.startsWith(token)) end = start + token.length;
      else if (typos.has(word)) end = start + word.length;
      if (end === -1) continue;
      const original = normalized.toOriginal(start, end);
      ranges.push([original.start, original.end]);
      break;
    }
  }
  return { text, matches: normalizeRanges(ranges, text.length) };
}
