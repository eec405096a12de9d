/**
 * Match rules as the matcher uses them: an alias's own rules merged over its
 * entity's, with every word and phrase already folded for lookup.
 */

import type { AliasRule, CaseRule, MatchRules } from '../pack/types';
import { foldPhrase } from './normalize';

export const DEFAULT_WINDOW = 250;

/** Plain JSON: stored as is in a serialised index. */
export interface CompiledRules {
  case: CaseRule;
  /** Folded phrases; empty: no context needed. */
  context: string[];
  contextScope: 'near' | 'page';
  window: number;
  /** Folded phrases that cancel an occurrence they overlap. */
  veto: string[];
  /** Folded phrases that cancel a mention within `window`. */
  avoid: string[];
}

function foldAll(phrases: readonly string[] | undefined): string[] {
  if (!phrases) return [];
  const folded = new Set<string>();
  for (const phrase of phrases) {
    const key = foldPhrase(phrase);
    if (key !== '') folded.add(key);
  }
  return [...folded];
}

/** The entity's rules overridden field by field by the alias's own (an `AliasRule`'s fields other than `text`). */
export function compileRules(
  entityRules: MatchRules | undefined,
  aliasRules: AliasRule | undefined,
): CompiledRules {
  const base = entityRules ?? {};
  const own = aliasRules ?? { text: '' };
  const window = own.window ?? base.window ?? DEFAULT_WINDOW;
  return {
    case: own.case ?? base.case ?? 'auto',
    context: foldAll(own.context ?? base.context),
    contextScope: own.contextScope ?? base.contextScope ?? 'near',
    window: Number.isFinite(window) && window >= 0 ? Math.floor(window) : DEFAULT_WINDOW,
    veto: foldAll(own.veto ?? base.veto),
    avoid: foldAll(own.avoid ?? base.avoid),
  };
}

/** Whether the rules need more than a case check (context, veto or avoid). */
export function needsTextCheck(rules: CompiledRules): boolean {
  return rules.context.length > 0 || rules.veto.length > 0 || rules.avoid.length > 0;
}

/** A stable key for deduplicating identical rule sets. */
export function rulesKey(rules: CompiledRules): string {
  return JSON.stringify([
    rules.case,
    rules.context,
    rules.contextScope,
    rules.window,
    rules.veto,
    rules.avoid,
  ]);
}
