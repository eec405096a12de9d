/**
 * A Bloom filter over the first word of every alias key. An alias can only
 * match where the text's word (maximal run of word characters, case folded)
 * equals the alias's first word, so the trie is walked only at words that
 * pass: most prose words never touch the trie, whatever its size.
 * Built from the trie on load, so it costs nothing in the stored index.
 */

import { combineSurrogates, isHighSurrogate, isLowSurrogate, isWordCodePoint } from './chars';
import { PAUSE_MASK, type Pausable } from '../pausable';

/*
 * The token hash stays below 2^24 at every step: unoptimised code (what a
 * content script mostly runs, once per page) boxes every integer beyond
 * 2^30 in a heap object, and this hash is updated once per character of the
 * page. A 24-bit multiplicative hash is plenty for a prefilter.
 */
export const TOKEN_HASH_SEED = 5381;
export const TOKEN_HASH_MASK = 0xffffff;

/** Adds one folded code unit to a token hash. */
export function mixTokenUnit(hash: number, unit: number): number {
  return (hash * 33 + unit) & TOKEN_HASH_MASK;
}

/** Two bit positions for a token hash (below 2^24, so small multipliers keep them small too). */
function firstBit(hash: number, mask: number): number {
  return (hash ^ (hash >>> 13)) & mask;
}

function secondBit(hash: number, mask: number): number {
  return ((hash >>> 7) ^ ((hash * 37) & TOKEN_HASH_MASK)) & mask;
}

export interface TokenFilter {
  readonly bits: Int32Array;
  readonly mask: number;
}

export function tokenFilterHas(filter: TokenFilter, hash: number): boolean {
  const a = firstBit(hash, filter.mask);
  if ((filter.bits[a >>> 5]! & (1 << (a & 31))) === 0) return false;
  const b = secondBit(hash, filter.mask);
  return (filter.bits[b >>> 5]! & (1 << (b & 31))) !== 0;
}

interface TrieView {
  nodeCount: number;
  labels: Uint16Array;
  labelStart: Int32Array;
  childStart: Int32Array;
  outStart: Int32Array;
}

/** Beyond this many distinct first words, no native search for them is prepared (see FirstWords). */
export const FIRST_WORDS_MAX = 2000;

/**
 * Hashes the first word of every key by walking the trie depth first until
 * each path leaves its first word, and lists those words while there are at
 * most FIRST_WORDS_MAX of them. Surrogate pairs may be split across labels,
 * so a high surrogate waits for the next unit.
 */
export function* buildTokenFilter(
  trie: TrieView,
): Pausable<{ filter: TokenFilter; firstWords: string[] | null }> {
  const hashes: number[] = [];
  let words: Set<string> | null = new Set();
  let visited = 0;
  // Depth-first stack of [node, hash so far, pending high surrogate or -1], and the word so far.
  const stack: number[] = [0, TOKEN_HASH_SEED, -1];
  const texts: string[] = [''];
  while (stack.length > 0) {
    if ((visited++ & PAUSE_MASK) === PAUSE_MASK) yield;
    let pending = stack.pop()!;
    let hash = stack.pop()!;
    const node = stack.pop()!;
    let text = texts.pop()!;
    let ended = false;
    const from = trie.labelStart[node]!;
    let k = from;
    for (; k < trie.labelStart[node + 1]! && !ended; k++) {
      const unit = trie.labels[k]!;
      if (pending >= 0) {
        const word = isLowSurrogate(unit) && isWordCodePoint(combineSurrogates(pending, unit));
        if (word) hash = mixTokenUnit(mixTokenUnit(hash, pending), unit);
        else ended = true;
        pending = -1;
      } else if (isHighSurrogate(unit)) {
        pending = unit;
      } else if (isWordCodePoint(unit)) {
        hash = mixTokenUnit(hash, unit);
      } else {
        ended = true;
      }
    }
    if (words !== null) {
      // The units read, less the one that ended the word (and a high surrogate it orphaned).
      text += String.fromCharCode(...trie.labels.subarray(from, ended ? k - 1 : k));
      if (ended && isHighSurrogate(text.charCodeAt(text.length - 1))) text = text.slice(0, -1);
    }
    // The word ends inside this label, or a key ends at this node: its first word is complete.
    if (ended || trie.outStart[node]! < trie.outStart[node + 1]!) {
      hashes.push(hash);
      // A key that starts with a non-word character has no first word to search for.
      const word = pending >= 0 ? text.slice(0, -1) : text;
      if (words !== null)
        words = word === '' || words.size >= FIRST_WORDS_MAX ? null : words.add(word);
    }
    if (ended) continue;
    for (let child = trie.childStart[node]!; child < trie.childStart[node + 1]!; child++) {
      stack.push(child, hash, pending);
      texts.push(text);
    }
  }
  let size = 64;
  while (size < hashes.length * 16) size *= 2;
  const filter: TokenFilter = { bits: new Int32Array(size >>> 5), mask: size - 1 };
  for (const hash of hashes) {
    for (const bit of [firstBit(hash, filter.mask), secondBit(hash, filter.mask)]) {
      filter.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
  return { filter, firstWords: words && [...words] };
}
