/**
 * Compiles entities (from one or more packs) into a matcher index. Every
 * entity's name is an implicit alias; each alias becomes one output on the
 * trie node where its folded key ends.
 */

import type { AliasRule, Entity } from '../pack/types';
import { collapseSpaces, normalizeText } from './normalize';
import { compileRules, rulesKey, type CompiledRules } from './rules';
import { addToRelevance, foldTopics, type MatcherPack, type RelevanceTable } from './relevance';
import { assembleIndex, type MatcherIndex } from './trie';

/** One alias of one entity, before it is placed in the trie. */
interface AliasEntry {
  key: string;
  form: string;
  entity: number;
  alias: number;
  rule: number;
}

/** A trie node while building: its label is key[from, to). */
interface BuildNode {
  key: string;
  from: number;
  to: number;
  children: BuildNode[];
  /** Its outputs are sorted[outFrom .. outTo). */
  outFrom: number;
  outTo: number;
}

class RuleTable {
  readonly rules: CompiledRules[] = [];
  private readonly ids = new Map<string, number>();

  idOf(rules: CompiledRules): number {
    const key = rulesKey(rules);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.rules.length;
      this.rules.push(rules);
      this.ids.set(key, id);
    }
    return id;
  }
}

function collectEntries(
  packs: readonly MatcherPack[],
  entityIds: string[],
  ruleTable: RuleTable,
  relevance: RelevanceTable,
) {
  const entries: AliasEntry[] = [];
  const seen = new Set<string>();
  const add = (text: string, entity: number, alias: number, rule: number) => {
    const normalized = normalizeText(text);
    const key = collapseSpaces(normalized.folded);
    if (key === '') return;
    const form = collapseSpaces(normalized.text);
    // Same form and rules as an earlier alias: both always pass or fail together, and the
    // earlier one wins, so this one could never be reported.
    const identity = `${rule}\u0000${form}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    entries.push({ key, form, entity, alias, rule });
  };
  const addEntity = (entity: Entity, pack: number) => {
    const e = entityIds.length;
    entityIds.push(entity.id);
    addToRelevance(relevance, entity, e, pack);
    const entityRule = ruleTable.idOf(compileRules(entity.match, undefined));
    add(entity.name, e, -1, entityRule);
    entity.aliases.forEach((alias, k) => {
      if (typeof alias === 'string') {
        add(alias, e, k, entityRule);
      } else {
        const own: AliasRule = alias;
        add(own.text, e, k, ruleTable.idOf(compileRules(entity.match, own)));
      }
    });
  };
  packs.forEach((pack, p) => {
    relevance.topics.push(foldTopics(pack.topics));
    for (const entity of pack.entities) addEntity(entity, p);
  });
  return entries;
}

/** Radix trie over entries sorted by key: keys[lo, hi) share their first `depth` units. */
function buildSubtree(
  node: BuildNode,
  sorted: AliasEntry[],
  lo: number,
  hi: number,
  depth: number,
) {
  let i = lo;
  while (i < hi && sorted[i]!.key.length === depth) i++;
  node.outFrom = lo;
  node.outTo = i;
  while (i < hi) {
    const first = sorted[i]!.key;
    const unit = first.charCodeAt(depth);
    let j = i + 1;
    while (j < hi && sorted[j]!.key.charCodeAt(depth) === unit) j++;
    // Sorted keys: the group's common prefix is that of its first and last keys.
    const last = sorted[j - 1]!.key;
    const limit = Math.min(first.length, last.length);
    let to = depth + 1;
    while (to < limit && first.charCodeAt(to) === last.charCodeAt(to)) to++;
    const child: BuildNode = { key: first, from: depth, to, children: [], outFrom: 0, outTo: 0 };
    buildSubtree(child, sorted, i, j, to);
    node.children.push(child);
    i = j;
  }
}

/** Upper-case positions of `form` relative to its folded `key` (same length). */
function caseMask(form: string, key: string, into: number[]): number {
  let count = 0;
  for (let j = 0; j < key.length; j++) {
    if (form.charCodeAt(j) !== key.charCodeAt(j)) {
      into.push(j);
      count++;
    }
  }
  return count;
}

/** Compiles entities (of one pack, or of several without topic words) into an index. */
export function compileMatcher(entities: Iterable<Entity>): MatcherIndex {
  return compilePacks([{ entities }]);
}

/** Compiles packs into one index: their entities are matched together, each pack keeps its topic. */
export function compilePacks(packs: readonly MatcherPack[]): MatcherIndex {
  const entityIds: string[] = [];
  const ruleTable = new RuleTable();
  const relevance: RelevanceTable = { entityPack: [], background: [], domains: [], topics: [] };
  const entries = collectEntries(packs, entityIds, ruleTable, relevance);
  // Stable sort: outputs sharing a key keep pack order (name before aliases).
  const sorted = entries.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const root: BuildNode = { key: '', from: 0, to: 0, children: [], outFrom: 0, outTo: 0 };
  buildSubtree(root, sorted, 0, sorted.length, 0);

  // Breadth-first layout: each node's children are contiguous.
  const order: BuildNode[] = [root];
  for (let q = 0; q < order.length; q++) order.push(...order[q]!.children);

  const nodeCount = order.length;
  const labelLength = new Int32Array(nodeCount);
  const childCount = new Int32Array(nodeCount);
  const outCount = new Int32Array(nodeCount);
  let totalLabel = 0;
  order.forEach((node, i) => {
    labelLength[i] = node.to - node.from;
    childCount[i] = node.children.length;
    outCount[i] = node.outTo - node.outFrom;
    totalLabel += node.to - node.from;
  });
  const labels = new Uint16Array(totalLabel);
  const outputTotal = sorted.length;
  const outEntity = new Int32Array(outputTotal);
  const outAlias = new Int32Array(outputTotal);
  const outRule = new Int32Array(outputTotal);
  const maskCount = new Int32Array(outputTotal);
  const maskPositions: number[] = [];
  let labelAt = 0;
  let o = 0;
  for (const node of order) {
    for (let u = node.from; u < node.to; u++) labels[labelAt++] = node.key.charCodeAt(u);
    for (let s = node.outFrom; s < node.outTo; s++) {
      const entry = sorted[s]!;
      outEntity[o] = entry.entity;
      outAlias[o] = entry.alias;
      outRule[o] = entry.rule;
      maskCount[o] = caseMask(entry.form, entry.key, maskPositions);
      o++;
    }
  }
  return assembleIndex({
    entityIds,
    rules: ruleTable.rules,
    labelLength,
    childCount,
    outCount,
    labels,
    outEntity,
    outAlias,
    outRule,
    maskCount,
    maskPos: Int32Array.from(maskPositions),
    relevance,
  });
}
