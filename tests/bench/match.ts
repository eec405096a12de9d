/**
 * Matching throughput in Node, on the same 1 MB of prose, for the project's
 * matcher and two baselines a competitor would reach for:
 * - `regex`: one alternation of every alias (longest first) between Unicode
 *   word boundaries, run once over each block;
 * - `markjs`: mark.js's approach, one regex per alias, each run over every
 *   block. Its cost grows with aliases × text, so at large alias counts it
 *   is timed on a prefix of the text (its MB/s is still bytes per second);
 * - `ahocorasick`: modern-ahocorasick, the multi-pattern library most used on
 *   npm, with Unicode word boundaries and leftmost-longest matches (what the
 *   regex finds), run once over each block.
 * Every contender gets the same blocks (paragraphs) and is compiled before
 * timing. Ours also normalises each block (apostrophes, spaces, diacritics)
 * and applies case and context rules; the baselines do neither.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import AhoCorasick from 'modern-ahocorasick';
import { compileMatcher, findMentions, type MatcherIndex } from '@/lib/match';
import type { Entity } from '@/lib/pack/types';
import { entitiesForAliasCount, prose } from './corpus';
import { median, progress } from './stats';

export const ALIAS_COUNTS = [100, 5_000, 50_000] as const;
export type AliasCount = (typeof ALIAS_COUNTS)[number];
type PerCount = Record<AliasCount, number | null>;

export interface MatchResult {
  ours: PerCount;
  regex: PerCount;
  markjs: PerCount;
  ahocorasick: PerCount;
  /** modern-ahocorasick's compile time at 50,000 aliases, beside ours. */
  ahocorasickCompileMs50k: number | null;
  compileMs50k: number | null;
  heapMB50k: number | null;
  /** For the table: mentions found per contender and count, and the text markjs covered. */
  mentions: Record<'ours' | 'regex' | 'markjs' | 'ahocorasick', PerCount>;
  markjsBytes: PerCount;
  textBytes: number;
}

const MB = 1_000_000;
/** Letters and digits in any script: JavaScript's \b is ASCII-only. */
const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';

function aliasesOf(entities: Entity[]): string[] {
  return entities.flatMap((entity) => [
    entity.name,
    ...entity.aliases.map((alias) => (typeof alias === 'string' ? alias : alias.text)),
  ]);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function alternation(aliases: string[]): RegExp {
  const sorted = [...aliases].sort((a, b) => b.length - a.length).map(escapeRegex);
  return new RegExp(`${BEFORE}(?:${sorted.join('|')})${AFTER}`, 'gu');
}

/** What mark.js does per keyword: its own regex, run over all the text. */
function onePerAlias(aliases: string[]): RegExp[] {
  return aliases.map((alias) => new RegExp(`${BEFORE}${escapeRegex(alias)}${AFTER}`, 'gu'));
}

function countMatches(regex: RegExp, text: string): number {
  let count = 0;
  regex.lastIndex = 0;
  while (regex.exec(text) !== null) count++;
  return count;
}

const utf8Bytes = (blocks: string[]) =>
  blocks.reduce((sum, block) => sum + Buffer.byteLength(block), 0);

/** Runs `pass` once to warm up, then `runs` times; returns the median time and the last result. */
function timePasses(pass: () => number, runs: number): { ms: number; found: number } {
  let found = pass();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    found = pass();
    times.push(performance.now() - start);
  }
  return { ms: median(times), found };
}

function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Bytes the heap and array buffers hold after a full collection. */
function usedBytes(collect: () => void): number {
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export async function measureMatching(options: { quick: boolean }): Promise<MatchResult> {
  const runs = options.quick ? 2 : 5;
  const markjsBudgetMs = options.quick ? 300 : 1500;
  // Mentions come from the first entities, present at every alias count.
  const mentionNames = aliasesOf(entitiesForAliasCount(100));
  const blocks = prose(MB, mentionNames);
  const textBytes = utf8Bytes(blocks);
  const empty = (): PerCount => ({ 100: null, 5000: null, 50000: null });
  const result: MatchResult = {
    ours: empty(),
    regex: empty(),
    markjs: empty(),
    ahocorasick: empty(),
    ahocorasickCompileMs50k: null,
    compileMs50k: null,
    heapMB50k: null,
    mentions: { ours: empty(), regex: empty(), markjs: empty(), ahocorasick: empty() },
    markjsBytes: empty(),
    textBytes,
  };

  for (const count of ALIAS_COUNTS) {
    const entities = entitiesForAliasCount(count);
    const aliases = aliasesOf(entities);
    progress(`matching: ${aliases.length} aliases`);

    const index: MatcherIndex = compileMatcher(entities);
    const ours = timePasses(() => {
      let found = 0;
      for (const block of blocks) found += findMentions(index, block).length;
      return found;
    }, runs);
    result.ours[count] = textBytes / MB / (ours.ms / 1000);
    result.mentions.ours[count] = ours.found;

    try {
      const regex = alternation(aliases);
      const timed = timePasses(() => {
        let found = 0;
        for (const block of blocks) found += countMatches(regex, block);
        return found;
      }, runs);
      result.regex[count] = textBytes / MB / (timed.ms / 1000);
      result.mentions.regex[count] = timed.found;
    } catch (error) {
      progress(`regex baseline failed at ${count} aliases: ${String(error)}`);
    }

    try {
      const start = performance.now();
      const automaton = new AhoCorasick(aliases, { boundary: 'unicode' });
      if (count === 50_000) result.ahocorasickCompileMs50k = performance.now() - start;
      const timed = timePasses(() => {
        let found = 0;
        for (const block of blocks) {
          found += automaton.search(block, { strategy: 'leftmost-longest' }).length;
        }
        return found;
      }, runs);
      result.ahocorasick[count] = textBytes / MB / (timed.ms / 1000);
      result.mentions.ahocorasick[count] = timed.found;
    } catch (error) {
      progress(`modern-ahocorasick failed at ${count} aliases: ${String(error)}`);
    }

    // mark.js style: calibrate on a small prefix, then time the prefix that fits the budget.
    const regexes = onePerAlias(aliases);
    const markjsPass = (prefix: string[]) => {
      let found = 0;
      for (const regex of regexes) for (const block of prefix) found += countMatches(regex, block);
      return found;
    };
    let prefix = blocks.slice(0, 4);
    const start = performance.now();
    markjsPass(prefix);
    const perBlockMs = (performance.now() - start) / prefix.length;
    const fit = Math.floor(markjsBudgetMs / Math.max(perBlockMs, 1e-3));
    prefix = blocks.slice(0, Math.max(4, Math.min(blocks.length, fit)));
    const markjs = timePasses(() => markjsPass(prefix), options.quick ? 1 : 3);
    const prefixBytes = utf8Bytes(prefix);
    result.markjs[count] = prefixBytes / MB / (markjs.ms / 1000);
    result.mentions.markjs[count] = markjs.found;
    result.markjsBytes[count] = prefixBytes;
  }

  progress('matching: compile time and heap at 50,000 aliases');
  const entities = entitiesForAliasCount(50_000);
  const compileRuns = options.quick ? 2 : 5;
  const times: number[] = [];
  compileMatcher(entities); // warm-up
  for (let i = 0; i < compileRuns; i++) {
    const start = performance.now();
    compileMatcher(entities);
    times.push(performance.now() - start);
  }
  result.compileMs50k = median(times);
  const collect = gc();
  const before = usedBytes(collect);
  const kept = compileMatcher(entities);
  const after = usedBytes(collect);
  result.heapMB50k = (after - before) / MB;
  if (kept.nodeCount === 0) throw new Error('empty index'); // keeps `kept` alive until measured
  return Promise.resolve(result);
}
