/**
 * A matcher index as plain JSON: the background compiles once per pack
 * change and stores this; content scripts load it with one read and a
 * linear decode (no sorting, no trie building).
 */

import { VarintReader, VarintWriter } from './codec';
import type { RelevanceTable } from './relevance';
import type { CompiledRules } from './rules';
import { PAUSE_MASK, runToEnd, type Pausable } from '../pausable';
import { assembleGradually, type MatcherIndex } from './trie';

export const MATCHER_FORMAT = 'reperes-matcher';
export const MATCHER_FORMAT_VERSION = 1;

export interface SerializedMatcherIndex {
  format: typeof MATCHER_FORMAT;
  version: typeof MATCHER_FORMAT_VERSION;
  entityIds: string[];
  rules: CompiledRules[];
  nodeCount: number;
  labelUnits: number;
  outputCount: number;
  /** Varints, per node in breadth-first order: label length, child count, output count. */
  nodes: string;
  /** Varints: the label code units of all nodes, in order. */
  labels: string;
  /** Varints, per output: entity, alias index + 1, rule, case-mask length, then mask position gaps. */
  outputs: string;
  /** Background entities, topic words and own sites; absent in indexes stored before them. */
  relevance?: RelevanceTable;
}

export function serializeMatcher(index: MatcherIndex): SerializedMatcherIndex {
  const nodes = new VarintWriter();
  for (let i = 0; i < index.nodeCount; i++) {
    nodes.push(index.labelStart[i + 1]! - index.labelStart[i]!);
    nodes.push(index.childStart[i + 1]! - index.childStart[i]!);
    nodes.push(index.outStart[i + 1]! - index.outStart[i]!);
  }
  const labels = new VarintWriter();
  for (const unit of index.labels) labels.push(unit);
  const outputs = new VarintWriter();
  const outputCount = index.outEntity.length;
  for (let o = 0; o < outputCount; o++) {
    outputs.push(index.outEntity[o]!);
    outputs.push(index.outAlias[o]! + 1);
    outputs.push(index.outRule[o]!);
    const from = index.maskStart[o]!;
    const to = index.maskStart[o + 1]!;
    outputs.push(to - from);
    let previous = 0;
    for (let m = from; m < to; m++) {
      const position = index.maskPos[m]!;
      outputs.push(position - previous);
      previous = position;
    }
  }
  return {
    format: MATCHER_FORMAT,
    version: MATCHER_FORMAT_VERSION,
    entityIds: [...index.entityIds],
    rules: index.rules.map((r) => ({ ...r })),
    nodeCount: index.nodeCount,
    labelUnits: index.labels.length,
    outputCount,
    nodes: nodes.toBase64(),
    labels: labels.toBase64(),
    outputs: outputs.toBase64(),
    relevance: index.relevance,
  };
}

function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 28) {
    throw new Error(`corrupt matcher index: ${what}`);
  }
  return value;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Stored rules are read by the matcher as they are: check their shape once here. */
function checkRules(rules: unknown): CompiledRules[] {
  if (!Array.isArray(rules)) throw new Error('corrupt matcher index: rules');
  for (const rule of rules as Partial<CompiledRules>[]) {
    const valid =
      typeof rule === 'object' &&
      rule !== null &&
      (rule.case === 'auto' || rule.case === 'exact' || rule.case === 'any') &&
      (rule.contextScope === 'near' || rule.contextScope === 'page') &&
      typeof rule.window === 'number' &&
      isStringArray(rule.context) &&
      isStringArray(rule.veto) &&
      isStringArray(rule.avoid);
    if (!valid) throw new Error('corrupt matcher index: rules');
  }
  return rules as CompiledRules[];
}

const isCount = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A stored relevance table, checked once here like the rules; absent: every entity a subject. */
function checkRelevance(value: unknown, entityCount: number): RelevanceTable | undefined {
  if (value === undefined) return undefined;
  const isEntity = (e: unknown) => isCount(e) && (e as number) < entityCount;
  const table = (typeof value === 'object' && value !== null ? value : {}) as Record<
    keyof RelevanceTable,
    unknown
  >;
  const { entityPack, background, domains, topics } = table;
  const valid =
    Array.isArray(entityPack) &&
    entityPack.length === entityCount &&
    entityPack.every(isCount) &&
    Array.isArray(background) &&
    background.every(isEntity) &&
    Array.isArray(domains) &&
    domains.every(
      (entry: unknown) => Array.isArray(entry) && isEntity(entry[0]) && isStringArray(entry[1]),
    ) &&
    Array.isArray(topics) &&
    topics.every(isStringArray);
  if (!valid) throw new Error('corrupt matcher index: relevance');
  return value as RelevanceTable;
}

/** Rebuilds an index from `serializeMatcher` output; throws on a different format or corrupt data. */
export function loadMatcher(data: SerializedMatcherIndex): MatcherIndex {
  return runToEnd(loadMatcherGradually(data));
}

/** `loadMatcher`, pausing in its loops (see pausable.ts): what a content script runs in slices. */
export function* loadMatcherGradually(data: SerializedMatcherIndex): Pausable<MatcherIndex> {
  if (data.format !== MATCHER_FORMAT || data.version !== MATCHER_FORMAT_VERSION) {
    throw new Error(`not a ${MATCHER_FORMAT} v${MATCHER_FORMAT_VERSION} index`);
  }
  const nodeCount = checkCount(data.nodeCount, 'node count');
  const labelUnits = checkCount(data.labelUnits, 'label length');
  const outputCount = checkCount(data.outputCount, 'output count');

  const labelLength = new Int32Array(nodeCount);
  const childCount = new Int32Array(nodeCount);
  const outCount = new Int32Array(nodeCount);
  const nodes = new VarintReader(data.nodes);
  for (let i = 0; i < nodeCount; i++) {
    if ((i & PAUSE_MASK) === PAUSE_MASK) yield;
    labelLength[i] = nodes.next();
    childCount[i] = nodes.next();
    outCount[i] = nodes.next();
  }
  const labels = new Uint16Array(labelUnits);
  const labelReader = new VarintReader(data.labels);
  for (let i = 0; i < labelUnits; i++) {
    if ((i & PAUSE_MASK) === PAUSE_MASK) yield;
    labels[i] = labelReader.next();
  }

  const outEntity = new Int32Array(outputCount);
  const outAlias = new Int32Array(outputCount);
  const outRule = new Int32Array(outputCount);
  const maskCount = new Int32Array(outputCount);
  const maskPositions: number[] = [];
  const outputs = new VarintReader(data.outputs);
  for (let o = 0; o < outputCount; o++) {
    if ((o & PAUSE_MASK) === PAUSE_MASK) yield;
    outEntity[o] = outputs.next();
    outAlias[o] = outputs.next() - 1;
    outRule[o] = outputs.next();
    const count = outputs.next();
    maskCount[o] = count;
    let position = 0;
    for (let m = 0; m < count; m++) {
      position += outputs.next();
      maskPositions.push(position);
    }
  }
  if (!isStringArray(data.entityIds)) throw new Error('corrupt matcher index: entity ids');
  return yield* assembleGradually({
    entityIds: data.entityIds,
    rules: checkRules(data.rules),
    labelLength,
    childCount,
    outCount,
    labels,
    outEntity,
    outAlias,
    outRule,
    maskCount,
    maskPos: Int32Array.from(maskPositions),
    relevance: checkRelevance(data.relevance, data.entityIds.length),
  });
}
