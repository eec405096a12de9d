import { compileMatcher } from '../../../lib/match/compile';
import { findMentions, type MatchOptions } from '../../../lib/match/match';
import type { MatcherIndex } from '../../../lib/match/trie';
import type { Alias, Entity, MatchRules } from '../../../lib/pack/types';

export function entity(
  id: string,
  name: string,
  aliases: Alias[] = [],
  match?: MatchRules,
): Entity {
  return {
    id,
    name,
    type: 'company',
    aliases,
    description: { en: id },
    ...(match ? { match } : {}),
  };
}

/** Mentions as "entityId:text" strings, in order: what a reader would see highlighted. */
export function found(index: MatcherIndex, text: string, options?: MatchOptions): string[] {
  return findMentions(index, text, options).map((m) => `${m.entityId}:${m.text}`);
}

export function matcherFor(...entities: Entity[]): MatcherIndex {
  return compileMatcher(entities);
}
