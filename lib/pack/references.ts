/** Checks that span several values of a schema-valid pack: ids and references. */
import { packError, type PackError } from './errors';
import { quoteValue } from './issues';
import { LIMITS } from './limits';
import type { Pack } from './types';

/** Maps each id to the index of its first definition; reports the repeats. */
function indexIds(
  items: readonly { id: string }[],
  collection: string,
  errors: PackError[],
): Map<string, number> {
  // Indexes, not path strings: paths are only built for errors.
  const firstIndex = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, i);
    else {
      errors.push(
        packError(`${collection}[${i}].id`, 'duplicate-id', {
          id: quoteValue(item.id),
          first: `${collection}[${first}]`,
        }),
      );
    }
  });
  return firstIndex;
}

/** A list of ids in a pack: `facts[12].entities`, built only when an error needs it. */
interface ListAt {
  collection: 'entities' | 'facts';
  index: number;
  field: 'related' | 'entities' | 'disagreesWith';
}

/** Reports ids that are unknown, repeated in the list, or the owner itself. */
function checkIdList(
  ids: readonly string[],
  at: ListAt,
  known: ReadonlyMap<string, number>,
  code: 'unknown-entity' | 'unknown-fact',
  ownId: string | null,
  errors: PackError[],
): void {
  ids.forEach((id, i) => {
    const problem = !known.has(id)
      ? code
      : id === ownId
        ? 'self-reference'
        : // Lists are short (capped), so no set is needed.
          ids.indexOf(id) < i
          ? 'duplicate-reference'
          : null;
    if (problem) {
      const path = `${at.collection}[${at.index}].${at.field}[${i}]`;
      errors.push(packError(path, problem, { id: quoteValue(id) }));
    }
  });
}

export function checkReferences(pack: Pack): PackError[] {
  const errors: PackError[] = [];
  const sources = indexIds(pack.sources, 'sources', errors);
  const entities = indexIds(pack.entities, 'entities', errors);
  const facts = indexIds(pack.facts, 'facts', errors);

  let aliases = 0;
  pack.entities.forEach((entity, index) => {
    aliases += entity.aliases.length;
    if (entity.related) {
      const at: ListAt = { collection: 'entities', index, field: 'related' };
      checkIdList(entity.related, at, entities, 'unknown-entity', entity.id, errors);
    }
  });
  if (aliases > LIMITS.maxAliasesTotal) {
    const params = { count: aliases, max: LIMITS.maxAliasesTotal };
    errors.push(packError('entities', 'too-many-aliases', params));
  }

  pack.facts.forEach((fact, index) => {
    const at: ListAt = { collection: 'facts', index, field: 'entities' };
    checkIdList(fact.entities, at, entities, 'unknown-entity', null, errors);
    if (!sources.has(fact.source)) {
      const params = { id: quoteValue(fact.source) };
      errors.push(packError(`facts[${index}].source`, 'unknown-source', params));
    }
    if (fact.disagreesWith) {
      const disagreeing: ListAt = { collection: 'facts', index, field: 'disagreesWith' };
      checkIdList(fact.disagreesWith, disagreeing, facts, 'unknown-fact', fact.id, errors);
    }
  });
  return errors;
}
