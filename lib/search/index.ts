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
  /**
   * Names and aliases only: a small index that answers the names a reader
   * types while the whole one loads (descriptions still show as snippets).
   */
  namesOnly?: boolean;
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

/** A document while the index is built; the index keeps its fields in columns. */
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

/** A list of strings as one string and where each starts: item i ends where i + 1 starts. */
export interface StringColumn {
  readonly joined: string;
  readonly starts: Int32Array;
}

/**
 * Lists of numbers as one array and where each starts. Columns, not arrays
 * of objects or of small arrays, so that an index of 10,000 entities and
 * 100,000 facts is a few dozen values to store and read back (structured
 * clone copies strings and typed arrays whole), not half a million objects.
 */
export interface ListColumn {
  readonly items: Int32Array;
  readonly starts: Int32Array;
}

/**
 * The search index: plain strings, typed arrays and a few small objects, so
 * that it can be stored as it is (lib/store/search.ts) and read back in one go.
 */
export interface SearchIndex {
  readonly lang: string;
  /** Entities in columns too: ten thousand objects would be most of what reading the index costs. */
  readonly entityId: StringColumn;
  readonly entityName: StringColumn;
  readonly entityType: StringColumn;
  /** The description in the reader's language ('' where none), and its language. */
  readonly entityDescription: StringColumn;
  readonly entityDescriptionLang: StringColumn;
  /** Documents in priority order: by kind (names first), then weight (higher first). */
  readonly docKind: Uint8Array;
  readonly docEntity: Int32Array;
  /** As written; folded again for the few documents a query ranks (storing it folded too doubles what the popup reads). */
  readonly docText: StringColumn;
  /** Docs [0, nameDocs) are names and aliases. */
  readonly nameDocs: number;
  /**
   * Of the descriptions and facts only (entry i: document nameDocs + i), as
   * names and aliases have none: their language, as an index into `langs`
   * (0 is ''); a fact's id ('' for a description), and its pack as an index
   * into `packIds` (-1: not a fact). The names-only index, which the popup
   * reads first, so carries none of them.
   */
  readonly docLang: Uint16Array;
  readonly langs: readonly string[];
  readonly docFactId: StringColumn;
  readonly docPack: Int32Array;
  readonly packIds: readonly string[];
  /** Every word, in code-unit order: a word's id is its rank. */
  readonly words: StringColumn;
  /** Word id → ascending doc ids. */
  readonly postings: ListColumn;
  /** Letter trigrams in code-unit order, and the ids of the words (4 letters or more) holding each. */
  readonly trigramKeys: StringColumn;
  readonly trigramWords: ListColumn;
  readonly trigramCounts: Uint16Array;
}

function stringColumn(list: readonly string[]): StringColumn {
  const starts = new Int32Array(list.length + 1);
  for (let i = 0; i < list.length; i++) starts[i + 1] = starts[i]! + list[i]!.length;
  return { joined: list.join(''), starts };
}

function listColumn(lists: readonly ArrayLike<number>[]): ListColumn {
  const starts = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) starts[i + 1] = starts[i]! + lists[i]!.length;
  const items = new Int32Array(starts[lists.length]!);
  for (let i = 0; i < lists.length; i++) items.set(lists[i]!, starts[i]);
  return { items, starts };
}

const stringAt = (column: StringColumn, i: number) =>
  column.joined.slice(column.starts[i], column.starts[i + 1]);
const lengthAt = (column: StringColumn | ListColumn, i: number) =>
  column.starts[i + 1]! - column.starts[i]!;
const listAt = (column: ListColumn, i: number) =>
  column.items.subarray(column.starts[i], column.starts[i + 1]);

/** The first item of a sorted string column not below `key`. */
function lowerBound(column: StringColumn, key: string): number {
  let lo = 0;
  let hi = column.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stringAt(column, mid) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function find(column: StringColumn, key: string): number {
  const at = lowerBound(column, key);
  return at < column.starts.length - 1 && stringAt(column, at) === key ? at : -1;
}

function entityAt(index: SearchIndex, e: number): IndexedEntity {
  const text = stringAt(index.entityDescription, e);
  return {
    id: stringAt(index.entityId, e),
    name: stringAt(index.entityName, e),
    type: stringAt(index.entityType, e) as EntityType,
    ...(text !== '' && {
      description: { text, lang: stringAt(index.entityDescriptionLang, e) },
    }),
  };
}

/** Scratch space reused by every query of an index, made on its first query. */
const scratches = new WeakMap<
  SearchIndex,
  { exact: Uint32Array; fuzzy: Uint32Array; shared: Uint16Array }
>();
function scratchOf(index: SearchIndex) {
  let scratch = scratches.get(index);
  if (!scratch) {
    const docs = index.docKind.length;
    scratch = {
      exact: new Uint32Array(docs),
      fuzzy: new Uint32Array(docs),
      shared: new Uint16Array(index.trigramCounts.length),
    };
    scratches.set(index, scratch);
  }
  return scratch;
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
    if (options.namesOnly) continue;
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

  // Words in first-seen order with their documents, then ranked in code-unit order.
  const seenWords: string[] = [];
  const seenIds = new Map<string, number>();
  const lists: number[][] = [];
  for (let d = 0; d < docs.length; d++) {
    if ((d & PAUSE_MASK) === PAUSE_MASK) yield;
    const doc = docs[d]!;
    for (const word of wordsOf(doc.folded)) {
      let w = seenIds.get(word);
      if (w === undefined) {
        w = seenWords.length;
        seenIds.set(word, w);
        seenWords.push(word);
        lists.push([]);
      }
      const list = lists[w]!;
      if (list[list.length - 1] !== d) list.push(d);
    }
  }
  yield;
  const ranked = Int32Array.from(seenWords.keys()).sort((a, b) =>
    seenWords[a]! < seenWords[b]! ? -1 : seenWords[a]! > seenWords[b]! ? 1 : 0,
  );
  yield;
  const words = Array.from(ranked, (w) => seenWords[w]!);
  const postings = listColumn(Array.from(ranked, (w) => lists[w]!));

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
  const grams = [...trigramLists.keys()].sort();
  yield;

  const langs = [''];
  const langIds = new Map([['', 0]]);
  const packIds: string[] = [];
  const packIdIds = new Map<string, number>();
  const textDocs = docs.slice(nameDocs);
  const docLang = new Uint16Array(textDocs.length);
  const docPack = new Int32Array(textDocs.length).fill(-1);
  for (let t = 0; t < textDocs.length; t++) {
    const { lang, packId } = textDocs[t]!;
    let l = langIds.get(lang);
    if (l === undefined) langIds.set(lang, (l = langs.push(lang) - 1));
    docLang[t] = l;
    if (packId !== undefined) {
      let p = packIdIds.get(packId);
      if (p === undefined) packIdIds.set(packId, (p = packIds.push(packId) - 1));
      docPack[t] = p;
    }
  }

  return {
    lang,
    entityId: stringColumn(entities.map((entity) => entity.id)),
    entityName: stringColumn(entities.map((entity) => entity.name)),
    entityType: stringColumn(entities.map((entity) => entity.type)),
    entityDescription: stringColumn(entities.map((entity) => entity.description?.text ?? '')),
    entityDescriptionLang: stringColumn(entities.map((entity) => entity.description?.lang ?? '')),
    docKind: Uint8Array.from(docs, (doc) => doc.kind),
    docEntity: Int32Array.from(docs, (doc) => doc.entity),
    docLang,
    langs,
    docText: stringColumn(docs.map((doc) => doc.text)),
    docFactId: stringColumn(textDocs.map((doc) => doc.factId ?? '')),
    docPack,
    packIds,
    nameDocs,
    words: stringColumn(words),
    postings,
    trigramKeys: stringColumn(grams),
    trigramWords: listColumn(grams.map((gram) => trigramLists.get(gram)!)),
    trigramCounts,
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

/** The index's words a query word stands for, with how (exact, prefix, typo). */
function expand(index: SearchIndex, token: string): Map<number, number> {
  const found = new Map<number, number>();
  const { words } = index;
  const wordCount = words.starts.length - 1;
  // Ids are ranks: the exact word, then the words it starts, follow one another.
  for (
    let w = lowerBound(words, token), taken = 0;
    w < wordCount && taken < MAX_PREFIX_WORDS;
    w++
  ) {
    const word = stringAt(words, w);
    if (!word.startsWith(token)) break;
    found.set(w, word === token ? EXACT : PREFIX);
    taken++;
  }
  if (token.length < 4) return found;

  const grams = trigramsOf(token);
  const { shared } = scratchOf(index);
  const touched: number[] = [];
  for (const gram of grams) {
    const g = find(index.trigramKeys, gram);
    if (g < 0) continue;
    const list = listAt(index.trigramWords, g);
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
      if (Math.abs(lengthAt(words, w) - token.length) <= 3) fuzzy.push({ w, similarity });
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
  const { exact, fuzzy } = scratchOf(index);
  const touched: number[] = [];
  const expansions = tokens.map((token) => expand(index, token));

  expansions.forEach((found, t) => {
    const bit = 1 << t;
    // Words of one or two letters find names and aliases only: every fact holds some.
    const end = tokens[t]!.length < 3 ? index.nameDocs : index.docKind.length;
    for (const [w, how] of found) {
      const list = listAt(index.postings, w);
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
      const e = index.docEntity[d]!;
      const count = perEntity.get(e) ?? 0;
      if (d >= index.nameDocs && count >= MAX_DOCS_PER_ENTITY) continue;
      perEntity.set(e, count + 1);
      candidates.push(d);
      tierOf.set(d, tier);
    }
  }
  const wordMatches: WordMatch[] = tokens.map((token, t) => {
    const typos = new Set<string>();
    for (const [w, how] of expansions[t]!) if (how === FUZZY) typos.add(stringAt(index.words, w));
    return { token, typos };
  });
  for (const d of touched) exact[d] = fuzzy[d] = 0;
  if (candidates.length === 0) return [];

  // Fuse scores closeness and typos within a tier.
  const folded = new Map(
    candidates.map((d) => [d, normalizeText(stringAt(index.docText, d)).folded]),
  );
  const fuse = new Fuse(
    candidates.map((d) => folded.get(d)!),
    { includeScore: true, ignoreLocation: true, ignoreFieldNorm: true, threshold: 0.6 },
  );
  const fuseScore = new Map<number, number>();
  for (const hit of fuse.search(foldedQuery)) {
    fuseScore.set(candidates[hit.refIndex]!, hit.score ?? 0);
  }

  const named = new Set<number>();
  for (const d of candidates) if (d < index.nameDocs) named.add(index.docEntity[d]!);
  const scored: Scored[] = candidates.map((d) => {
    let score = tierOf.get(d)! + 0.5 * (fuseScore.get(d) ?? 1);
    if (d < index.nameDocs) {
      // The closer the name's length to the query's, the better: "MiCA" before "MiCA II".
      const length = folded.get(d)!.length;
      score += 0.1 * (1 - Math.min(1, foldedQuery.length / Math.max(1, length)));
    } else if (named.has(index.docEntity[d]!)) {
      score -= 0.35; // its name matches too, if only in part
    }
    const lang = d < index.nameDocs ? '' : index.langs[index.docLang[d - index.nameDocs]!]!;
    if (lang !== '' && lang.split('-')[0] !== index.lang) score += 0.05;
    return { doc: d, score };
  });
  scored.sort((a, b) => a.score - b.score || a.doc - b.doc);

  const results = new Map<number, { best: number; name?: number; text?: number }>();
  for (const { doc: d, score } of scored) {
    const e = index.docEntity[d]!;
    let entry = results.get(e);
    if (!entry) {
      if (results.size >= limit) continue;
      results.set(e, (entry = { best: score }));
    }
    if (d < index.nameDocs) entry.name ??= d;
    else entry.text ??= d;
  }

  return [...results].map(([e, entry]) => {
    const entity = entityAt(index, e);
    const result: SearchResult = {
      id: entity.id,
      name: entity.name,
      type: entity.type,
      score: entry.best,
      nameMatches: [],
    };
    if (entry.name !== undefined) {
      const lit = highlight(stringAt(index.docText, entry.name), wordMatches);
      if (index.docKind[entry.name] === NAME) result.nameMatches = lit.matches;
      else {
        const nameLit = highlight(entity.name, wordMatches);
        if (nameLit.matches.length > 0) result.nameMatches = nameLit.matches;
        else result.alias = lit;
      }
    } else {
      result.nameMatches = highlight(entity.name, wordMatches).matches;
    }
    if (entry.text !== undefined) {
      const d = entry.text;
      const t = d - index.nameDocs;
      const pack = index.docPack[t]!;
      result.snippet = {
        kind: index.docKind[d] === FACT ? 'fact' : 'description',
        ...highlight(stringAt(index.docText, d), wordMatches),
        lang: index.langs[index.docLang[t]!]!,
        ...(pack >= 0 && { factId: stringAt(index.docFactId, t), packId: index.packIds[pack] }),
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
