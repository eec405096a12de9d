/**
 * Finds entity mentions in one block of text (a paragraph-like unit; mentions
 * never cross blocks). One left-to-right pass: at each word start the trie is
 * walked as far as the text allows, so the cost depends on the text, not on
 * how many aliases the index holds.
 */

import { caseAllows } from './case-rule';
import {
  ASCII_WORD,
  combineSurrogates,
  isHighSurrogate,
  isLowSurrogate,
  isSpaceCode,
  isWordAt,
  isWordBefore,
  isWordCodePoint,
  LOWER_TABLE,
  lowerCodeUnit,
} from './chars';
import type { NormalizedText } from './normalize';
import { normalizeText } from './normalize';
import type { PageContext } from './page-context';
import { containsPhrase, nextOccurrence, occurrence } from './phrases';
import { needsTextCheck, type CompiledRules } from './rules';
import { TOKEN_HASH_MASK, TOKEN_HASH_SEED, mixTokenUnit, tokenFilterHas } from './token-filter';
import { findChild, type MatcherIndex } from './trie';

/** How far before a mention a veto phrase may start beyond twice its length (white-space runs). */
const VETO_SPACE_SLACK = 32;

export interface Mention {
  entityId: string;
  /** Which alias matched: its index in the entity's `aliases`, or -1 for the entity's name. */
  aliasIndex: number;
  /** UTF-16 offsets in the block as given (not the normalised text). */
  start: number;
  end: number;
  /** The block's original text from start to end. */
  text: string;
}

/**
 * The text of the blocks around a block, folded (`NormalizedText.folded`):
 * `before` ends with the nearest block before it, `after` starts with the
 * nearest block after it. Each may be cut to what a window can reach.
 */
export interface Surroundings {
  before: string;
  after: string;
}

export interface MatchOptions {
  /** Stop after this many mentions (default: no limit). */
  maxMentions?: number;
  /** The page, for rules with `contextScope: 'page'`; without it the block stands for the page. */
  page?: PageContext;
  /**
   * The text around the block, asked for at most once and only when a
   * `near` context word is missing from the block itself. Context words
   * (never veto or avoid words) are also looked for there, within the same
   * window, the block boundary counting as one character: a heading, a
   * table cell or a caption takes its context from the text beside it,
   * while a mention still never crosses a block and a look-alike sense
   * is judged on its own block.
   */
  surroundings?: () => Surroundings;
}

/**
 * Context, veto and avoid checks around a mention; only the text within reach
 * of the mention is searched, so a long block costs no more per mention.
 */
class BlockRules {
  private around: Surroundings | undefined;

  constructor(
    private readonly folded: string,
    private readonly page: PageContext | undefined,
    private readonly surroundings: (() => Surroundings) | undefined,
  ) {}

  /**
   * Whether a veto phrase overlaps [start, end). It may begin before the
   * mention by its own length plus some slack for white-space runs.
   */
  private overlaps(phrase: string, start: number, end: number): boolean {
    const reach = phrase.length * 2 + VETO_SPACE_SLACK;
    const { folded } = this;
    for (let s = nextOccurrence(folded, phrase, start - reach, end - 1); s >= 0;) {
      if (occurrence.end > start) return true;
      s = nextOccurrence(folded, phrase, s + 1, end - 1);
    }
    return false;
  }

  /** Whether a phrase lies within `window` units of [start, end), other than inside the mention itself. */
  private near(phrase: string, start: number, end: number, window: number): boolean {
    const to = end + window;
    const { folded } = this;
    for (let s = nextOccurrence(folded, phrase, start - window, to); s >= 0;) {
      const e = occurrence.end;
      if (e <= to && !(s >= start && e <= end)) return true;
      s = nextOccurrence(folded, phrase, s + 1, to);
    }
    return false;
  }

  /** Whether a phrase lies in the surrounding blocks within `window` units of [start, end). */
  private nearAround(phrase: string, start: number, end: number, window: number): boolean {
    if (this.surroundings === undefined) return false;
    this.around ??= this.surroundings();
    const { before, after } = this.around;
    // As within the block: the phrase lies wholly within the window. The boundary counts as one unit.
    const reachBefore = window - start - 1;
    if (reachBefore > 0 && before !== '') {
      if (nextOccurrence(before, phrase, before.length - reachBefore, before.length) >= 0) {
        return true;
      }
    }
    const reachAfter = window - (this.folded.length - end) - 1;
    if (reachAfter <= 0 || after === '') return false;
    for (let s = nextOccurrence(after, phrase, 0, reachAfter); s >= 0;) {
      if (occurrence.end <= reachAfter) return true;
      s = nextOccurrence(after, phrase, s + 1, reachAfter);
    }
    return false;
  }

  private onPage(phrase: string): boolean {
    return this.page ? this.page.hasPhrase(phrase) : containsPhrase(this.folded, phrase);
  }

  allows(rules: CompiledRules, start: number, end: number): boolean {
    for (const phrase of rules.veto) if (this.overlaps(phrase, start, end)) return false;
    for (const phrase of rules.avoid) if (this.near(phrase, start, end, rules.window)) return false;
    if (rules.context.length === 0) return true;
    if (rules.contextScope === 'page') return rules.context.some((phrase) => this.onPage(phrase));
    if (rules.context.some((phrase) => this.near(phrase, start, end, rules.window))) return true;
    return rules.context.some((phrase) => this.nearAround(phrase, start, end, rules.window));
  }
}

/** A hyphen as printed (not a dash, which separates: "Trump–Xi", "Nvidia—the chipmaker"). */
function isHyphenCode(c: number): boolean {
  return c === 0x2d || c === 0x2010 || c === 0x2011;
}

/**
 * Words glued after a name that still refer to it ("SoftBank-controlled",
 * "Arm-based", "Trump-era"), besides any ending in "-ed"; and prefixes glued
 * before it ("ex-OpenAI", "anti-Trump").
 */
const NAME_SUFFIXES = new Set([
  'made',
  'run',
  'built',
  'era',
  'style',
  'like',
  'compatible',
  'friendly',
]);
const NAME_PREFIXES = new Set([
  'ex',
  'anti',
  'pro',
  'post',
  'pre',
  'pré',
  'non',
  'neo',
  'néo',
  'pseudo',
]);

/** The lowercase letters of the word of `s` from `from` (ASCII-folded enough for the sets above). */
function wordFrom(s: string, from: number, step: 1 | -1): string {
  let i = from;
  while (i >= 0 && i < s.length && isWordAt(s, i)) i += step;
  return (step === 1 ? s.slice(from, i) : s.slice(i + 1, from + 1)).toLowerCase();
}

/**
 * Whether normalised [start, end) is glued by a hyphen into a longer compound
 * that is not about the name ("Meta-posts", "DeepSeek-V3", "Mica-coated"…
 * but "SoftBank-controlled" and "ex-OpenAI" are about it). A name that
 * contains its hyphen is an alias of its own ("DeepSeek-R1"), found first
 * as the longer match.
 */
function gluedByHyphen(normalized: NormalizedText, start: number, end: number): boolean {
  const { original } = normalized;
  const after = normalized.originalEnd(end);
  if (isHyphenCode(original.charCodeAt(after)) && isWordAt(original, after + 1)) {
    const first = original.charAt(after + 1);
    // Capitalised, it is another name or a model ("Trump-Xi", "DeepSeek-V3").
    if (first !== first.toLowerCase()) return true;
    const word = wordFrom(original, after + 1, 1);
    if (!(word.endsWith('ed') || NAME_SUFFIXES.has(word))) return true;
  }
  const before = normalized.originalStart(start) - 1;
  if (!(isHyphenCode(original.charCodeAt(before)) && isWordBefore(original, before))) return false;
  return !NAME_PREFIXES.has(wordFrom(original, before - 1, -1));
}

// Candidates at one word start (trie nodes with outputs, and where they end), shortest first.
let candidateNode = new Int32Array(64);
let candidateEnd = new Int32Array(64);

function pushCandidate(count: number, node: number, end: number): number {
  if (count === candidateNode.length) {
    const node2 = new Int32Array(count * 2);
    const end2 = new Int32Array(count * 2);
    node2.set(candidateNode);
    end2.set(candidateEnd);
    candidateNode = node2;
    candidateEnd = end2;
  }
  candidateNode[count] = node;
  candidateEnd[count] = end;
  return count + 1;
}

/**
 * Walks the trie from `start`, folding case one unit at a time; records each
 * alias that ends at a word end. A space in a label matches a white-space
 * run. Returns the candidate count.
 */
function collectCandidates(index: MatcherIndex, text: string, start: number): number {
  const { labels, labelStart, outStart } = index;
  const length = text.length;
  let count = 0;
  let node = 0;
  let p = start;
  while (p < length) {
    const unit = text.charCodeAt(p);
    let lower = LOWER_TABLE[unit]!;
    if (lower === 0) lower = lowerCodeUnit(unit);
    const child = findChild(index, node, isSpaceCode(lower) ? 0x20 : lower);
    if (child < 0) break;
    const labelEnd = labelStart[child + 1]!;
    let k = labelStart[child]!;
    for (; k < labelEnd && p < length; k++) {
      const expected = labels[k]!;
      const actual = text.charCodeAt(p);
      if (expected === 0x20) {
        if (!isSpaceCode(actual)) break;
        p++;
        while (p < length && isSpaceCode(text.charCodeAt(p))) p++;
      } else {
        let folded = LOWER_TABLE[actual]!;
        if (folded === 0) folded = lowerCodeUnit(actual);
        if (folded !== expected) break;
        p++;
      }
    }
    if (k < labelEnd) break;
    node = child;
    if (outStart[node] !== outStart[node + 1] && !isWordAt(text, p)) {
      count = pushCandidate(count, node, p);
    }
  }
  return count;
}

// Case check results of the outputs of the node being tried, by position among them.
let caseResults = new Uint8Array(16);

/** What one findMentions call carries between word starts. */
interface BlockState {
  /** The block's rule checker, created on first need. */
  blockRules: BlockRules | null;
  /** End of the output acceptLongest returned last. */
  end: number;
}

/**
 * The longest alias starting at `start` that passes its case and rules (the
 * first such output, in pack order, when several share that length), or -1.
 * Its end is left in `state.end`.
 */
function acceptLongest(
  index: MatcherIndex,
  normalized: NormalizedText,
  start: number,
  options: MatchOptions,
  state: BlockState,
): number {
  const { outStart, outRule, rules, caseTwin } = index;
  const text = normalized.text;
  if (caseResults.length < index.maxOutputs) caseResults = new Uint8Array(index.maxOutputs);
  for (let c = collectCandidates(index, text, start) - 1; c >= 0; c--) {
    const node = candidateNode[c]!;
    const end = candidateEnd[c]!;
    const first = outStart[node]!;
    for (let o = first; o < outStart[node + 1]!; o++) {
      const rule = rules[outRule[o]!]!;
      // Many entities may share an alias: check each distinct case form once.
      const twin = caseTwin[o]!;
      const caseOk =
        twin === o - first
          ? caseAllows(index, o, rule.case, text, start, end)
          : caseResults[twin] === 1;
      caseResults[o - first] = caseOk ? 1 : 0;
      if (!caseOk) continue;
      if (needsTextCheck(rule)) {
        state.blockRules ??= new BlockRules(normalized.folded, options.page, options.surroundings);
        if (!state.blockRules.allows(rule, start, end)) continue;
      }
      if (gluedByHyphen(normalized, start, end)) break;
      state.end = end;
      return o;
    }
  }
  return -1;
}

/** Adds the mention of output `found` over normalised [start, end); returns the mention count. */
function addMention(
  mentions: Mention[],
  index: MatcherIndex,
  normalized: NormalizedText,
  start: number,
  end: number,
  found: number,
): number {
  const from = normalized.originalStart(start);
  const to = normalized.originalEnd(end);
  return mentions.push({
    entityId: index.entityIds[index.outEntity[found]!]!,
    aliasIndex: index.outAlias[found]!,
    start: from,
    end: to,
    text: normalized.original.slice(from, to),
  });
}

/**
 * Finds mentions in a block: whole words only, leftmost-longest, no overlaps.
 * Where the longest alias at a position fails its case or rules, shorter ones
 * at the same position are tried. Offsets are in the block as given.
 */
export function findMentions(
  index: MatcherIndex,
  block: string | NormalizedText,
  options: MatchOptions = {},
): Mention[] {
  const normalized = typeof block === 'string' ? normalizeText(block) : block;
  const text = normalized.text;
  const limit = options.maxMentions ?? Infinity;
  const mentions: Mention[] = [];
  if (limit <= 0 || index.nodeCount <= 1) return mentions;
  const state: BlockState = { blockRules: null, end: 0 };
  const length = text.length;
  const wordStarts = index.firstWords.finder(length);
  if (wordStarts !== null) {
    // The native search finds the words an alias may start with; the trie does the rest.
    const { folded } = normalized;
    wordStarts.lastIndex = 0;
    for (let word = wordStarts.exec(folded); word !== null; word = wordStarts.exec(folded)) {
      // Part of a longer word, which no other word starts inside: skip to this match's end.
      if (isWordBefore(folded, word.index) || isWordAt(folded, wordStarts.lastIndex)) continue;
      const found = acceptLongest(index, normalized, word.index, options, state);
      if (found < 0) continue;
      if (addMention(mentions, index, normalized, word.index, state.end, found) >= limit) break;
      wordStarts.lastIndex = state.end;
    }
    return mentions;
  }

  const { tokenFilter } = index;
  const emptyTokenPasses = tokenFilterHas(tokenFilter, TOKEN_HASH_SEED);
  let afterWord = false;
  let i = 0;
  // This loop runs once per character of every page: the ASCII path avoids
  // function calls (mixTokenUnit is inlined), since a content script's code
  // runs mostly unoptimised, once per page load.
  while (i < length) {
    const first = text.charCodeAt(i);
    if (afterWord || (first < 128 && ASCII_WORD[first] !== 1 && !emptyTokenPasses)) {
      // The character ending a word (not a word start itself), or a
      // non-word character where no alias may start.
      i += first >= 0xd800 && first <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
      afterWord = false;
      continue;
    }
    // A word start: hash the folded word that begins here (empty at a non-word character).
    let hash = TOKEN_HASH_SEED;
    let p = i;
    while (p < length) {
      const unit = text.charCodeAt(p);
      if (unit < 128) {
        if (ASCII_WORD[unit] !== 1) break;
        hash = (hash * 33 + LOWER_TABLE[unit]!) & TOKEN_HASH_MASK; // mixTokenUnit, inlined
        p++;
      } else if (isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(p + 1))) {
        const low = text.charCodeAt(p + 1);
        if (!isWordCodePoint(combineSurrogates(unit, low))) break;
        hash = mixTokenUnit(mixTokenUnit(hash, unit), low);
        p += 2;
      } else {
        if (!isWordCodePoint(unit)) break;
        let lower = LOWER_TABLE[unit]!;
        if (lower === 0) lower = lowerCodeUnit(unit);
        hash = mixTokenUnit(hash, lower);
        p++;
      }
    }
    const worthWalking = p === i ? emptyTokenPasses : tokenFilterHas(tokenFilter, hash);
    const found = worthWalking ? acceptLongest(index, normalized, i, options, state) : -1;
    if (found >= 0) {
      if (addMention(mentions, index, normalized, i, state.end, found) >= limit) break;
      i = state.end;
      afterWord = isWordBefore(text, i);
    } else if (p > i) {
      // Go on after this word…
      i = p;
      afterWord = true;
    } else {
      // …or after this non-word character.
      i += isHighSurrogate(first) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    }
  }
  return mentions;
}
