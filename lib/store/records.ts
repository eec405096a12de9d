import type { Fact, Pack } from '@/lib/pack/types';
import type { EntityRecord, PackHeader } from './db';

/** Splits a validated pack into its header and one record per entity. */
export function packToRecords(pack: Pack): { header: PackHeader; entities: EntityRecord[] } {
  const { sources: _sources, entities, facts, ...header } = pack;
  const bySubject = new Map<
    string,
    { facts: Fact[]; positions: number[]; secondary: Set<string> }
  >();
  facts.forEach((fact, position) => {
    const [subject, ...others] = fact.entities;
    if (subject === undefined) return; // the validator refuses such a fact
    let group = bySubject.get(subject);
    if (!group)
      bySubject.set(subject, (group = { facts: [], positions: [], secondary: new Set() }));
    group.facts.push(fact);
    group.positions.push(position);
    for (const other of others) if (other !== subject) group.secondary.add(other);
  });
  return {
    header,
    entities: entities.map((entity, position) => {
      const group = bySubject.get(entity.id);
      return {
        packId: pack.id,
        id: entity.id,
        entity,
        facts: group?.facts ?? [],
        secondary: group ? [...group.secondary] : [],
        position,
        factPositions: group?.positions ?? [],
      };
    }),
  };
}

/** The inverse of packToRecords: the pack in its original order. */
export function recordsToPack(
  header: PackHeader,
  sources: Pack['sources'],
  records: EntityRecord[],
): Pack {
  const ordered = [...records].sort((a, b) => a.position - b.position);
  const facts: { fact: Fact; position: number }[] = [];
  for (const record of ordered) {
    record.facts.forEach((fact, i) => facts.push({ fact, position: record.factPositions[i] ?? 0 }));
  }
  facts.sort((a, b) => a.position - b.position);
  return {
    ...header,
    sources,
    entities: ordered.map((record) => record.entity),
    facts: facts.map((entry) => entry.fact),
  };
}

/** Hex SHA-256 of a validated pack's JSON, for "same version, same content". */
export async function contentHash(pack: Pack): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(pack));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
