/**
 * Fact pack format, version 1: the shapes a validated pack has.
 * docs/pack-format.md is the prose reference; lib/pack/schema.ts validates
 * untrusted JSON into these types.
 */

/** Text in several languages: BCP 47 tag → text. */
export type LangMap = Record<string, string>;

export type EntityType =
  | 'company'
  | 'person'
  | 'product'
  | 'model'
  | 'regulation'
  | 'organisation'
  | 'authority'
  | 'project'
  | 'fund'
  | 'token'
  | 'media'
  | 'place'
  | 'event'
  | 'other';

/**
 * How the letter case of a mention must relate to its alias (compared after
 * diacritics are folded):
 * - `auto` (default): the alias as written, or the whole mention in capitals
 *   (headline form: "NVIDIA", "STARGATE"). An alias written in capitals (an
 *   acronym: "ESMA") therefore matches only in capitals.
 * - `exact`: only as written.
 * - `any`: any case ("deepseek", "Deepseek").
 */
export type CaseRule = 'auto' | 'exact' | 'any';

/** Rules that make an ambiguous alias precise. Every field is optional. */
export interface MatchRules {
  case?: CaseRule;
  /**
   * At least one of these words or phrases must occur in `contextScope` for
   * the mention to count. Absent or empty: no context needed.
   */
  context?: string[];
  /** Where context words are looked for: `near` (default) or the whole page. */
  contextScope?: 'near' | 'page';
  /** For `near`: characters either side of the mention (default 250), within its block. */
  window?: number;
  /** Phrases that contain the alias and cancel it where they occur ("série Stargate"). */
  veto?: string[];
  /** Words or phrases that cancel the mention when they occur near it (same window). */
  avoid?: string[];
}

/** An alias with its own rules; they override the entity's `match` field by field. */
export interface AliasRule extends MatchRules {
  text: string;
}

export type Alias = string | AliasRule;

export interface Source {
  id: string;
  title: string;
  publisher: string | null;
  /** ISO 8601 at year, year-month or day precision: "2025", "2025-01", "2025-01-22". */
  date: string;
  language: string;
  url?: string;
  /** Hex SHA-256 of the source text (UTF-8). */
  sha256?: string;
  author?: string;
}

/**
 * What an entity is to its pack: `subject` (the default), one of the names the
 * pack is about, marked wherever its rules hold; or `background`, a widely
 * known name the pack mentions only as context (a head of state, a country, a
 * newspaper), marked only on pages about the pack's subject.
 */
export type EntityRole = 'subject' | 'background';

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  /** The name is always matched too (with the entity's rules), so it need not be repeated here. */
  aliases: Alias[];
  description: LangMap;
  /** Rules applied to the name and to every alias, unless an alias overrides them. */
  match?: MatchRules;
  related?: string[];
  /** Default `subject`. */
  role?: EntityRole;
  /**
   * The entity's own web sites, as host names ("bloomberg.com"): it is not
   * marked on them nor on their subdomains (a publisher's name in its own menus).
   */
  domains?: string[];
}

export interface Fact {
  id: string;
  /** Entity ids; the first is the subject. */
  entities: string[];
  text: LangMap;
  /** A source id. */
  source: string;
  /** At most 200 characters, exactly as printed in the source (white-space runs folded). */
  evidence: string;
  /** When the fact happened or was stated (ISO 8601, partial precision allowed). */
  date?: string;
  /** Ordering weight: higher first; default 0. */
  weight?: number;
  /** Facts (ids) that state something incompatible with this one. */
  disagreesWith?: string[];
}

export interface Pack {
  format: 'reperes-pack';
  formatVersion: 1;
  id: string;
  /** Semantic version. */
  version: string;
  title: string;
  language: string;
  description?: LangMap;
  publisher?: string;
  homepage?: string;
  /** Where newer versions of this pack are served (https), for readers who subscribe. */
  updateUrl?: string;
  licence?: string;
  createdAt?: string;
  /**
   * Words and phrases that show a page is about the pack's subject (matched
   * like `context` words, as whole words, case-insensitively), alongside
   * mentions of its subject entities: they let its background entities be
   * marked there.
   */
  topics?: string[];
  sources: Source[];
  entities: Entity[];
  facts: Fact[];
}
