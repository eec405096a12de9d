/**
 * Valibot schemas for pack format v1. They check each value on its own (types,
 * formats, lengths, counts); validate.ts adds what spans several values (ids
 * and references) and the safety checks that run before any of this.
 *
 * Every message is an error code, optionally followed by ":" and an argument
 * (`too-long:200`); issues.ts turns valibot's issues back into PackErrors.
 */
import * as v from 'valibot';
import { LIMITS } from './limits';
import { fitsLength, hasVisibleText } from './text';
import { updateUrlAllowed } from './update-url';
import type { AliasRule, Entity, EntityType, Fact, MatchRules, Pack, Source } from './types';

export const ENTITY_TYPES = [
  'company',
  'person',
  'product',
  'model',
  'regulation',
  'organisation',
  'authority',
  'project',
  'fund',
  'token',
  'media',
  'place',
  'event',
  'other',
] as const satisfies readonly EntityType[];

export const CASE_RULES = ['auto', 'exact', 'any'] as const;
export const ENTITY_ROLES = ['subject', 'background'] as const;
export const CONTEXT_SCOPES = ['near', 'page'] as const;

/** Ids of sources, entities and facts: they become keys in the store and in URLs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** Names that objects inherit: refused as ids so that no consumer can trip on them. */
const RESERVED_IDS = new Set(['constructor', 'prototype', '__proto__']);
export const PACK_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Semantic Versioning 2.0.0, from its grammar. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
/** BCP 47, simplified: a 2- or 3-letter lowercase language, then subtags ("fr", "pt-BR", "zh-Hant"). */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
export const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
export const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
export const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
/** A lowercase DNS host name with at least two labels: `bloomberg.com`, `news.example.co.uk`. */
export const DOMAIN_PATTERN =
  /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** A year, year-month or full date that exists on the calendar. */
export function isPartialDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  return isCalendarDay(Number(match[1]), match[2], match[3]);
}

/** A partial date, or a full date and time with its offset (`createdAt`). */
export function isDateOrDateTime(text: string): boolean {
  if (isPartialDate(text)) return true;
  const match = DATETIME_PATTERN.exec(text);
  return match !== null && isCalendarDay(Number(match[1]), match[2], match[3]);
}

function isCalendarDay(year: number, month: string | undefined, day: string | undefined): boolean {
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return d >= 1 && d <= daysInMonth;
}

/** An absolute http(s) URL with a host and no credentials, written without spaces. */
export function isWebUrl(text: string): boolean {
  // The URL parser trims and forgives; the raw text must already be clean.
  if (!/^https?:\/\/[^\s\p{Cc}]+$/iu.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** A copy without the `$schema` key, which only serves editors. */
export function withoutSchemaKey<T extends { $schema?: unknown }>(value: T): Omit<T, '$schema'> {
  const copy = { ...value };
  delete copy.$schema;
  return copy;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- building blocks -------------------------------------------------------

const string = v.string('type:string');

/** Visible text of at most `max` code points. */
function text(max: number) {
  return v.pipe(
    string,
    v.check((s) => fitsLength(s, max), `too-long:${max}`),
    v.check(hasVisibleText, 'empty'),
  );
}

function pattern(max: number, regex: RegExp, code: string) {
  return v.pipe(
    string,
    v.check((s) => fitsLength(s, max), `too-long:${max}`),
    v.regex(regex, code),
  );
}

function list<T extends v.GenericSchema>(item: T, max: number) {
  return v.pipe(
    v.array(item, 'type:array'),
    v.check((items) => items.length <= max, `too-many:${max}`),
  );
}

function oneOf<const T extends readonly string[]>(options: T) {
  return v.picklist(options, `not-allowed:${options.join('|')}`);
}

function numberIn(min: number, max: number, integer: boolean) {
  return v.pipe(
    v.number('type:number'),
    v.check((n) => !integer || Number.isInteger(n), 'not-integer'),
    v.check((n) => n >= min && n <= max, `out-of-range:${min}|${max}`),
  );
}

const Id = v.pipe(
  pattern(LIMITS.maxIdLength, ID_PATTERN, 'bad-id'),
  v.check((s) => !RESERVED_IDS.has(s), 'bad-id'),
);
const PackId = pattern(LIMITS.maxPackIdLength, PACK_ID_PATTERN, 'bad-pack-id');
const Version = pattern(LIMITS.maxVersionLength, SEMVER_PATTERN, 'bad-version');
const Language = pattern(LIMITS.maxLanguageTagLength, LANGUAGE_PATTERN, 'bad-language');
const PartialDate = v.pipe(string, v.check(isPartialDate, 'bad-date'));
const DateOrDateTime = v.pipe(string, v.check(isDateOrDateTime, 'bad-datetime'));
const WebUrl = v.pipe(
  string,
  v.check((s) => fitsLength(s, LIMITS.maxUrlLength), `too-long:${LIMITS.maxUrlLength}`),
  v.check(isWebUrl, 'bad-url'),
);
/** Where a pack's updates live (issue 16): fetched only over https, never with credentials. */
const UpdateUrl = v.pipe(
  string,
  v.check((s) => fitsLength(s, LIMITS.maxUrlLength), `too-long:${LIMITS.maxUrlLength}`),
  v.check(updateUrlAllowed, 'bad-update-url'),
);
const Sha256 = v.pipe(
  string,
  v.regex(SHA256_PATTERN, 'bad-sha256'),
  // One spelling, so that digests compare as strings.
  v.transform((s) => s.toLowerCase()),
);

/** Language tag → text, at most `maxLanguages` entries. */
function langMap(maxText: number, minEntries: 0 | 1) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainRecord, 'type:object'),
    v.record(Language, text(maxText), 'type:object'),
    v.check(
      (map) => Object.keys(map).length <= LIMITS.maxLanguages,
      `too-many:${LIMITS.maxLanguages}`,
    ),
    v.check((map) => Object.keys(map).length >= minEntries, 'empty'),
  );
}

// --- the format ---------------------------------------------------------------

const Phrases = list(text(LIMITS.maxPhraseLength), LIMITS.maxRulePhrases);
const Domain = pattern(LIMITS.maxDomainLength, DOMAIN_PATTERN, 'bad-domain');

const matchRuleEntries = {
  case: v.optional(oneOf(CASE_RULES)),
  context: v.optional(Phrases),
  contextScope: v.optional(oneOf(CONTEXT_SCOPES)),
  window: v.optional(numberIn(1, LIMITS.maxWindow, true)),
  veto: v.optional(Phrases),
  avoid: v.optional(Phrases),
};

export const MatchRulesSchema = v.strictObject(matchRuleEntries, 'type:object');

export const AliasRuleSchema = v.strictObject(
  { text: text(LIMITS.maxAliasLength), ...matchRuleEntries },
  'type:object',
);

const AliasText = text(LIMITS.maxAliasLength);

/**
 * A plain string or an alias with rules. Dispatching on the JSON type (rather
 * than a union) reports the precise field that is wrong in an alias object.
 */
export const AliasSchema = v.lazy((input) =>
  typeof input === 'string' ? AliasText : AliasRuleSchema,
);

export const SourceSchema = v.strictObject(
  {
    id: Id,
    title: text(LIMITS.maxTitleLength),
    publisher: v.nullable(text(LIMITS.maxPublisherLength)),
    date: PartialDate,
    language: Language,
    url: v.optional(WebUrl),
    sha256: v.optional(Sha256),
    author: v.optional(text(LIMITS.maxPublisherLength)),
  },
  'type:object',
);

export const EntitySchema = v.strictObject(
  {
    id: Id,
    name: text(LIMITS.maxNameLength),
    type: oneOf(ENTITY_TYPES),
    aliases: list(AliasSchema, LIMITS.maxAliasesPerEntity),
    description: langMap(LIMITS.maxEntityDescriptionLength, 0),
    match: v.optional(MatchRulesSchema),
    related: v.optional(list(Id, LIMITS.maxRelated)),
    role: v.optional(oneOf(ENTITY_ROLES)),
    domains: v.optional(list(Domain, LIMITS.maxDomains)),
  },
  'type:object',
);

export const FactSchema = v.strictObject(
  {
    id: Id,
    entities: v.pipe(
      list(Id, LIMITS.maxEntitiesPerFact),
      v.check((ids) => ids.length > 0, 'empty'),
    ),
    text: langMap(LIMITS.maxFactTextLength, 1),
    source: Id,
    evidence: text(LIMITS.maxEvidenceLength),
    date: v.optional(PartialDate),
    weight: v.optional(numberIn(-LIMITS.maxWeight, LIMITS.maxWeight, false)),
    disagreesWith: v.optional(list(Id, LIMITS.maxDisagreesWith)),
  },
  'type:object',
);

/** Everything in a pack but its three lists, whose items validate.ts checks one by one. */
const packHeaderEntries = {
  /** Lets editors find docs/pack.schema.json; not kept in the validated pack. */
  $schema: v.optional(
    v.pipe(
      string,
      v.check((s) => fitsLength(s, LIMITS.maxUrlLength), `too-long:${LIMITS.maxUrlLength}`),
    ),
  ),
  format: v.literal('reperes-pack', 'not-a-pack'),
  formatVersion: v.literal(1, 'unsupported-format-version'),
  id: PackId,
  version: Version,
  title: text(LIMITS.maxTitleLength),
  language: Language,
  description: v.optional(langMap(LIMITS.maxPackDescriptionLength, 0)),
  publisher: v.optional(text(LIMITS.maxPublisherLength)),
  homepage: v.optional(WebUrl),
  updateUrl: v.optional(UpdateUrl),
  licence: v.optional(text(LIMITS.maxLicenceLength)),
  createdAt: v.optional(DateOrDateTime),
  topics: v.optional(list(text(LIMITS.maxPhraseLength), LIMITS.maxTopics)),
};

/** The pack with its lists checked only as lists: a cheap first pass. */
export const PackHeaderSchema = v.strictObject(
  {
    ...packHeaderEntries,
    sources: list(v.unknown(), LIMITS.maxSources),
    entities: list(v.unknown(), LIMITS.maxEntities),
    facts: list(v.unknown(), LIMITS.maxFacts),
  },
  'type:object',
);

/** The whole pack in one schema (the reference; validate.ts runs it in parts). */
export const PackSchema = v.pipe(
  v.strictObject(
    {
      ...packHeaderEntries,
      sources: list(SourceSchema, LIMITS.maxSources),
      entities: list(EntitySchema, LIMITS.maxEntities),
      facts: list(FactSchema, LIMITS.maxFacts),
    },
    'type:object',
  ),
  v.transform(withoutSchemaKey),
);

// --- compile-time check: the schemas produce exactly the shared types ---------

type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : false
  : false;
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Same keys and each assignable to the other: optional fields must match too. */
type Matches<A, B> = SameKeys<A, B> extends true ? Assignable<A, B> : false;

const schemaTypesMatch: [
  Matches<v.InferOutput<typeof PackSchema>, Pack>,
  Matches<v.InferOutput<typeof SourceSchema>, Source>,
  Matches<v.InferOutput<typeof EntitySchema>, Entity>,
  Matches<v.InferOutput<typeof FactSchema>, Fact>,
  Matches<v.InferOutput<typeof MatchRulesSchema>, MatchRules>,
  Matches<v.InferOutput<typeof AliasRuleSchema>, AliasRule>,
] = [true, true, true, true, true, true];
void schemaTypesMatch;
