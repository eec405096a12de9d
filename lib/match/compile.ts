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
  const add = (text: string, entity: number, alias: number, rule: number) => {
    const normalized = normalizeText(text);
    const key = collapseSpaces(normalized.folded);
    if (key === '') return;
    // Repeats (the same form under the same rules) are dropped as the trie is built.
    entries.push({ key, form: collapseSpaces(normalized.text), entity, alias, rule });
  };
  let defaultRule: number | undefined;
  const addEntity = (entity: Entity, pack: number) => {
    const e = entityIds.length;
    entityIds.push(entity.id);
    addToRelevance(relevance, entity, e, pack);
    // Most entities of a large pack have no rules of their own: one compiled set serves them all.
    const entityRule =
      entity.match === undefined
        ? (defaultRule ??= ruleTable.idOf(compileRules(undefined, undefined)))
        : ruleTable.idOf(compileRules(entity.match, undefined));
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

/**
 * Builds the radix trie of `group` below `node` (whose label ends at
 * `depth`: every key of the group starts with the same `depth` units) by
 * splitting the group on the unit at `depth`, smallest unit first: a radix
 * sort that leaves the trie behind it. `sorted` receives the entries in key
 * order (UTF-16 units, a key before the longer keys it starts), each node's
 * outputs contiguous, and entries with equal keys in their original order.
 */
function growTrie(
  node: BuildNode,
  group: readonly AliasEntry[],
  depth: number,
  sorted: AliasEntry[],
) {
  node.outFrom = sorted.length;
  let longer = group;
  if (group.some((entry) => entry.key.length === depth)) {
    const rest: AliasEntry[] = [];
    for (const entry of group) {
      if (entry.key.length > depth) rest.push(entry);
      else if (!isRepeat(entry, sorted, node.outFrom)) sorted.push(entry);
    }
    longer = rest;
  }
  node.outTo = sorted.length;
  if (longer.length === 0) return;
  const byUnit = new Map<number, AliasEntry[]>();
  for (const entry of longer) {
    const unit = entry.key.charCodeAt(depth);
    const same = byUnit.get(unit);
    if (same) same.push(entry);
    else byUnit.set(unit, [entry]);
  }
  for (const unit of [...byUnit.keys()].sort((a, b) => a - b)) {
    const branch = byUnit.get(unit)!;
    const first = branch[0]!.key;
    const child: BuildNode = {
      key: first,
      from: depth,
      to: first.length,
      children: [],
      outFrom: 0,
      outTo: 0,
    };
    node.children.push(child);
    if (branch.length === 1) {
      // A leaf: the rest of its key is its label.
      child.outFrom = sorted.length;
      sorted.push(branch[0]!);
      child.outTo = sorted.length;
      continue;
    }
    // The label runs on while every key of the branch goes on with the same unit.
    let to = depth + 1;
    for (; to < first.length; to++) {
      const next = first.charCodeAt(to);
      let shared = true;
      for (let k = 1; k < branch.length && shared; k++) {
        const key = branch[k]!.key;
        shared = key.length > to && key.charCodeAt(to) === next;
      }
      if (!shared) break;
    }
    child.to = to;
    growTrie(child, branch, to, sorted);
  }
}

/**
 * Whether an output from `from` on has the same form and rules (so the same
 * key): both would always pass or fail together, and the earlier one wins,
 * so this one could never be reported.
 */
function isRepeat(entry: AliasEntry, sorted: readonly AliasEntry[], from: number): boolean {
  for (let k = from; k < sorted.length; k++) {
    if (sorted[k]!.rule === entry.rule && sorted[k]!.form === entry.form) return true;
  }
  return false;
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
  // Outputs sharing a key keep pack order (name before aliases).
  const sorted: AliasEntry[] = [];
  const root: BuildNode = { key: '', from: 0, to: 0, children: [], outFrom: 0, outTo: 0 };
  growTrie(root, entries, 0, sorted);

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
