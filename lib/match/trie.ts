/**
 * The matcher index: a radix trie over folded alias keys, laid out in flat
 * typed arrays in breadth-first order so that a node's children are
 * contiguous and sorted by the first code unit of their label.
 */

import type { CompiledRules } from './rules';
import { FirstWordSearch } from './first-words';
import { buildTokenFilter, type TokenFilter } from './token-filter';
import { PAUSE_MASK, runToEnd, type Pausable } from '../pausable';
import { emptyRelevance, type RelevanceTable } from './relevance';

export interface MatcherIndex {
  /** Entity ids, referred to by position from `outEntity`. */
  readonly entityIds: readonly string[];
  /** Distinct rule sets, referred to by position from `outRule`. */
  readonly rules: readonly CompiledRules[];
  readonly nodeCount: number;
  /** All node labels (UTF-16 code units of folded alias text), node after node. */
  readonly labels: Uint16Array;
  /** Node i's label is labels[labelStart[i], labelStart[i + 1]); the root's is empty. */
  readonly labelStart: Int32Array;
  /** First label code unit of each node: what child lookup compares. */
  readonly firstUnit: Uint16Array;
  /** Node i's children are the nodes childStart[i] .. childStart[i + 1] - 1. */
  readonly childStart: Int32Array;
  /** Node i's outputs (aliases ending there) are outStart[i] .. outStart[i + 1] - 1. */
  readonly outStart: Int32Array;
  readonly outEntity: Int32Array;
  /** Index in the entity's `aliases`; -1 for its name. */
  readonly outAlias: Int32Array;
  readonly outRule: Int32Array;
  /**
   * The alias's case form: positions (in the folded key, one per code unit,
   * one per space) where it is uppercase; maskPos[maskStart[o] .. maskStart[o + 1]).
   */
  readonly maskStart: Int32Array;
  readonly maskPos: Int32Array;
  /**
   * Per output: position, among its node's outputs, of the first one with the
   * same case form and case rule (itself if none), whose case check it shares.
   */
  readonly caseTwin: Int32Array;
  /** The most outputs any node has. */
  readonly maxOutputs: number;
  /** Root child for each ASCII code unit, -1 when none: the lookup done at every word start. */
  readonly rootAscii: Int32Array;
  /**
   * Open-addressing hash of every edge, [parent, first unit, child] per slot
   * (parent -1: empty), so a child lookup costs one or two probes.
   */
  readonly edges: Int32Array;
  readonly edgeMask: number;
  /** First words of all keys: where the trie is worth walking. */
  readonly tokenFilter: TokenFilter;
  /** The same first words, for a native search of where aliases may start. */
  readonly firstWords: FirstWordSearch;
  /** Which entities are background, their packs' topic words, their own sites. */
  readonly relevance: RelevanceTable;
}

/** The per-node and per-output counts from which an index is assembled (compiled or loaded). */
export interface IndexParts {
  entityIds: string[];
  rules: CompiledRules[];
  labelLength: Int32Array;
  childCount: Int32Array;
  outCount: Int32Array;
  labels: Uint16Array;
  outEntity: Int32Array;
  outAlias: Int32Array;
  outRule: Int32Array;
  maskCount: Int32Array;
  maskPos: Int32Array;
  /** Absent: every entity is a subject of one pack without topic words. */
  relevance?: RelevanceTable;
}

function prefixSums(counts: Int32Array): Int32Array {
  const sums = new Int32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) sums[i + 1] = sums[i]! + counts[i]!;
  return sums;
}

function corrupt(what: string): Error {
  return new Error(`corrupt matcher index: ${what}`);
}

/** Builds the lookup arrays; linear in the index size. Throws if the parts are inconsistent. */
export function assembleIndex(parts: IndexParts): MatcherIndex {
  return runToEnd(assembleGradually(parts));
}

/** `assembleIndex`, pausing in its loops (see pausable.ts). */
export function* assembleGradually(parts: IndexParts): Pausable<MatcherIndex> {
  const nodeCount = parts.labelLength.length;
  if (nodeCount < 1) throw corrupt('no root');
  if (parts.childCount.length !== nodeCount || parts.outCount.length !== nodeCount) {
    throw corrupt('node arrays differ in length');
  }
  const labelStart = prefixSums(parts.labelLength);
  const outStart = prefixSums(parts.outCount);
  const childStart = new Int32Array(nodeCount + 1);
  childStart[0] = 1;
  for (let i = 0; i < nodeCount; i++) childStart[i + 1] = childStart[i]! + parts.childCount[i]!;
  if (childStart[nodeCount] !== nodeCount) throw corrupt('child counts');
  if (labelStart[nodeCount] !== parts.labels.length) throw corrupt('label length');
  const outputCount = parts.outEntity.length;
  if (outStart[nodeCount] !== outputCount) throw corrupt('output counts');
  if (parts.outAlias.length !== outputCount || parts.outRule.length !== outputCount) {
    throw corrupt('output arrays differ in length');
  }
  if (parts.maskCount.length !== outputCount) throw corrupt('mask counts');
  const maskStart = prefixSums(parts.maskCount);
  if (maskStart[outputCount] !== parts.maskPos.length) throw corrupt('mask length');
  for (let o = 0; o < outputCount; o++) {
    const entity = parts.outEntity[o]!;
    const rule = parts.outRule[o]!;
    if (entity < 0 || entity >= parts.entityIds.length) throw corrupt('entity reference');
    if (rule < 0 || rule >= parts.rules.length) throw corrupt('rule reference');
    if ((o & PAUSE_MASK) === PAUSE_MASK) yield;
  }

  const firstUnit = new Uint16Array(nodeCount);
  for (let i = 1; i < nodeCount; i++) {
    if (parts.labelLength[i]! < 1) throw corrupt('empty label');
    firstUnit[i] = parts.labels[labelStart[i]!]!;
  }
  yield;
  const { caseTwin, maxOutputs } = yield* findCaseTwins(parts, outStart, maskStart, nodeCount);
  const rootAscii = new Int32Array(128).fill(-1);
  for (let child = childStart[0]; child < childStart[1]!; child++) {
    const unit = firstUnit[child]!;
    if (unit < 128) rootAscii[unit] = child;
  }
  const { edges, edgeMask } = yield* hashEdges(nodeCount, childStart, firstUnit);
  const { filter: tokenFilter, firstWords } = yield* buildTokenFilter({
    nodeCount,
    labels: parts.labels,
    labelStart,
    childStart,
    outStart,
  });
  return {
    entityIds: parts.entityIds,
    rules: parts.rules,
    nodeCount,
    labels: parts.labels,
    labelStart,
    firstUnit,
    childStart,
    outStart,
    outEntity: parts.outEntity,
    outAlias: parts.outAlias,
    outRule: parts.outRule,
    maskStart,
    maskPos: parts.maskPos,
    caseTwin,
    maxOutputs,
    rootAscii,
    edges,
    edgeMask,
    tokenFilter,
    firstWords: new FirstWordSearch(firstWords),
    relevance: parts.relevance ?? emptyRelevance(parts.entityIds.length),
  };
}

function* findCaseTwins(
  parts: IndexParts,
  outStart: Int32Array,
  maskStart: Int32Array,
  nodeCount: number,
): Pausable<{ caseTwin: Int32Array; maxOutputs: number }> {
  const caseTwin = new Int32Array(parts.outEntity.length);
  let maxOutputs = 0;
  for (let node = 0; node < nodeCount; node++) {
    if ((node & PAUSE_MASK) === PAUSE_MASK) yield;
    const from = outStart[node]!;
    const to = outStart[node + 1]!;
    maxOutputs = Math.max(maxOutputs, to - from);
    if (to - from < 2) continue;
    const firstWith = new Map<string, number>();
    for (let o = from; o < to; o++) {
      const caseRule = parts.rules[parts.outRule[o]!]!.case;
      const key = `${caseRule}:${parts.maskPos.subarray(maskStart[o], maskStart[o + 1]).join(',')}`;
      const first = firstWith.get(key);
      if (first === undefined) firstWith.set(key, o - from);
      caseTwin[o] = first ?? o - from;
    }
  }
  return { caseTwin, maxOutputs };
}

function edgeSlot(parent: number, unit: number, mask: number): number {
  const h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(unit + 1, 0x85ebca77);
  return (h ^ (h >>> 15)) & mask;
}

function* hashEdges(
  nodeCount: number,
  childStart: Int32Array,
  firstUnit: Uint16Array,
): Pausable<{ edges: Int32Array; edgeMask: number }> {
  let slots = 16;
  while (slots < nodeCount * 2) slots *= 2;
  const edgeMask = slots - 1;
  const edges = new Int32Array(slots * 3).fill(-1);
  for (let parent = 0; parent < nodeCount; parent++) {
    if ((parent & PAUSE_MASK) === PAUSE_MASK) yield;
    for (let child = childStart[parent]!; child < childStart[parent + 1]!; child++) {
      const unit = firstUnit[child]!;
      let slot = edgeSlot(parent, unit, edgeMask);
      while (edges[slot * 3] !== -1) {
        if (edges[slot * 3]! === parent && edges[slot * 3 + 1]! === unit) {
          throw corrupt('two children start with the same unit');
        }
        slot = (slot + 1) & edgeMask;
      }
      edges[slot * 3] = parent;
      edges[slot * 3 + 1] = unit;
      edges[slot * 3 + 2] = child;
    }
  }
  return { edges, edgeMask };
}

/** The child of `node` whose label starts with code unit `unit`, or -1. */
export function findChild(index: MatcherIndex, node: number, unit: number): number {
  if (node === 0 && unit < 128) return index.rootAscii[unit]!;
  const { edges, edgeMask } = index;
  for (let slot = edgeSlot(node, unit, edgeMask); ; slot = (slot + 1) & edgeMask) {
    const parent = edges[slot * 3]!;
    if (parent === node && edges[slot * 3 + 1] === unit) return edges[slot * 3 + 2]!;
    if (parent === -1) return -1;
  }
}
