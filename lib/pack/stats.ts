/** Counts and coverage of a validated pack: for the CLI's `stats` and the options page. */
import type { EntityType, Pack } from './types';

export interface EntityCoverageGap {
  entityId: string;
  /** Covered languages that the entity lacks. */
  languages: string[];
}

export interface PackStats {
  sources: number;
  entities: number;
  facts: number;
  aliases: number;
  entitiesByType: Partial<Record<EntityType, number>>;
  /** Facts whose subject (first entity) is each entity, in pack order. */
  factsPerEntity: { entityId: string; asSubject: number; mentioned: number }[];
  /** Languages of fact texts and descriptions, sorted. */
  languages: string[];
  /** Facts with a text in each language. */
  factsByLanguage: Record<string, number>;
  /** Entities whose description lacks a covered language. */
  missingDescriptions: EntityCoverageGap[];
  /** Entities that are the subject of no fact with a text in a covered language. */
  missingFacts: EntityCoverageGap[];
  /** Entities that are the subject of no fact at all. */
  entitiesWithoutFacts: string[];
  /** Sources that no fact cites. */
  unusedSources: string[];
}

export function packStats(pack: Pack): PackStats {
  const languages = new Set<string>();
  const factsByLanguage = new Map<string, number>();
  const subjectLanguages = new Map<string, Set<string>>();
  const asSubject = new Map<string, number>();
  const mentioned = new Map<string, number>();
  const citedSources = new Set<string>();

  for (const fact of pack.facts) {
    const [subject] = fact.entities;
    citedSources.add(fact.source);
    for (const id of fact.entities) mentioned.set(id, (mentioned.get(id) ?? 0) + 1);
    if (subject === undefined) continue;
    asSubject.set(subject, (asSubject.get(subject) ?? 0) + 1);
    let covered = subjectLanguages.get(subject);
    if (!covered) subjectLanguages.set(subject, (covered = new Set()));
    for (const lang of Object.keys(fact.text)) {
      languages.add(lang);
      covered.add(lang);
      factsByLanguage.set(lang, (factsByLanguage.get(lang) ?? 0) + 1);
    }
  }
  for (const entity of pack.entities) {
    for (const lang of Object.keys(entity.description)) languages.add(lang);
  }
  const sortedLanguages = [...languages].sort();

  const entitiesByType: Partial<Record<EntityType, number>> = {};
  const missingDescriptions: EntityCoverageGap[] = [];
  const missingFacts: EntityCoverageGap[] = [];
  const entitiesWithoutFacts: string[] = [];
  let aliases = 0;
  for (const entity of pack.entities) {
    aliases += entity.aliases.length;
    entitiesByType[entity.type] = (entitiesByType[entity.type] ?? 0) + 1;
    const lackingDescription = sortedLanguages.filter((lang) => !(lang in entity.description));
    if (lackingDescription.length > 0) {
      missingDescriptions.push({ entityId: entity.id, languages: lackingDescription });
    }
    const factLanguages = subjectLanguages.get(entity.id);
    if (!factLanguages) entitiesWithoutFacts.push(entity.id);
    else {
      const lacking = sortedLanguages.filter((lang) => !factLanguages.has(lang));
      if (lacking.length > 0) missingFacts.push({ entityId: entity.id, languages: lacking });
    }
  }

  return {
    sources: pack.sources.length,
    entities: pack.entities.length,
    facts: pack.facts.length,
    aliases,
    entitiesByType,
    factsPerEntity: pack.entities.map((entity) => ({
      entityId: entity.id,
      asSubject: asSubject.get(entity.id) ?? 0,
      mentioned: mentioned.get(entity.id) ?? 0,
    })),
    languages: sortedLanguages,
    factsByLanguage: Object.fromEntries(
      sortedLanguages.map((lang) => [lang, factsByLanguage.get(lang) ?? 0]),
    ),
    missingDescriptions,
    missingFacts,
    entitiesWithoutFacts,
    unusedSources: pack.sources.filter((s) => !citedSources.has(s.id)).map((s) => s.id),
  };
}
