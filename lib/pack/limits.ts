/**
 * Caps on fact packs. A pack is untrusted input: every cap bounds the time and
 * memory that validating, storing and matching it can take. docs/pack-format.md
 * justifies each number; change them there too.
 *
 * Text lengths count Unicode code points (what JSON Schema's maxLength counts),
 * not UTF-16 code units.
 */
export const LIMITS = {
  /** Whole file, in UTF-8 bytes (a string is measured by its UTF-8 encoding). */
  maxPackBytes: 32 * 1024 * 1024,
  /** Nesting of arrays and objects; a valid pack never goes past 5. */
  maxDepth: 16,
  /**
   * JSON values (objects, arrays, strings, numbers, ...) in the whole document.
   * Each value of a valid pack takes at least 4 bytes of text (`"a",`), so a
   * valid pack under the size cap stays under this.
   */
  maxJsonValues: (32 * 1024 * 1024) / 4,

  maxSources: 50_000,
  maxEntities: 20_000,
  maxFacts: 200_000,
  /** Aliases of one entity. */
  maxAliasesPerEntity: 64,
  /** Aliases of all entities together: bounds the matcher index every page loads. */
  maxAliasesTotal: 100_000,
  /** Entries of `context`, `veto` or `avoid` in one set of match rules. */
  maxRulePhrases: 64,
  /** Entries of a pack's `topics`. */
  maxTopics: 256,
  /** Entries of an entity's `domains`. */
  maxDomains: 16,
  /** Entries of an entity's `related`. */
  maxRelated: 64,
  /** Entity ids of one fact. */
  maxEntitiesPerFact: 16,
  /** Fact ids in one `disagreesWith`. */
  maxDisagreesWith: 16,
  /** Languages in one language → text map. */
  maxLanguages: 32,

  maxIdLength: 128,
  maxPackIdLength: 64,
  maxVersionLength: 64,
  maxLanguageTagLength: 35,
  maxTitleLength: 300,
  maxNameLength: 200,
  maxAliasLength: 200,
  maxPhraseLength: 200,
  maxPublisherLength: 200,
  maxLicenceLength: 200,
  maxUrlLength: 2048,
  /** A DNS name's longest written form. */
  maxDomainLength: 253,
  maxEntityDescriptionLength: 1_000,
  maxPackDescriptionLength: 5_000,
  maxFactTextLength: 2_000,
  maxEvidenceLength: 200,
  /** `match.window`, in characters either side of a mention. */
  maxWindow: 5_000,
  /** `weight` lies in [-maxWeight, maxWeight]. */
  maxWeight: 1_000_000,
  /** Errors reported for one pack; the rest are summed up in a last error. */
  maxErrors: 100,
} as const;

export type Limits = typeof LIMITS;

/** Default of `match.window` when a rule set leaves it out. */
export const DEFAULT_WINDOW = 250;
