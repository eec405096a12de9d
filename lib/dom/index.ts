/** The DOM layer: a document's text as blocks, and mentions found in them. Pure DOM, no extension APIs. */

export {
  blockRootOf,
  collectBlocks,
  iterateBlocks,
  rangeInBlock,
  type CollectOptions,
  type TextBlock,
  type TextRange,
} from './blocks';
export { isReadingBlock, PageChrome, readingBlocks } from './chrome';
export { readingContent, readingContentNow, ReadingWalk, type WalkSide } from './reading-content';
export { computedStyleChecks, LINE_SEPARATOR, OBJECT_SEPARATOR, type StyleChecks } from './rules';
export {
  pageContextOf,
  scanBlocks,
  scanRelevant,
  type BlockMention,
  type BlockSlice,
  type HasText,
  type ScanOptions,
} from './scan';
