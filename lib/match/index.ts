/** The matching core: pure functions, no DOM or browser APIs. */

export { compileMatcher, compilePacks } from './compile';
export { findMentions, type MatchOptions, type Mention, type Surroundings } from './match';
export { foldPhrase, normalizeText, NormalizedText } from './normalize';
export { PageContext } from './page-context';
export {
  DROP,
  HOLD,
  MARK,
  PageRelevance,
  type MarkScope,
  type MatcherPack,
  type RelevanceTable,
  type Verdict,
} from './relevance';
export type { CompiledRules } from './rules';
export {
  loadMatcher,
  loadMatcherGradually,
  MATCHER_FORMAT,
  MATCHER_FORMAT_VERSION,
  serializeMatcher,
  type SerializedMatcherIndex,
} from './serialize';
export type { MatcherIndex } from './trie';
