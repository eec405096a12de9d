/**
 * Popup search, per query, in Node: lib/search's createSearchIndex and
 * search (the popup runs the same code on the same V8 engine). Records are
 * the store's rows (packToRecords), for the default pack and for 10,000
 * entities with 100,000 facts. Queries are what readers type: name
 * prefixes as they type them, whole names, typos, fact words, two words.
 * Each query's time is the median of three runs after a warm-up pass; the
 * figures are the median and 95th percentile over queries. Null while
 * lib/search does not exist.
 */
import { readFileSync } from 'node:fs';
import type { Pack } from '@/lib/pack/types';
import { packToRecords } from '@/lib/store/records';
import { Random } from './corpus';
import { median, progress, quantile } from './stats';

export interface SearchFigures {
  medianMs: number;
  p95Ms: number;
  buildMs: number;
  queries: number;
}

interface SearchModule {
  createSearchIndex(records: unknown[]): unknown;
  search(index: unknown, query: string, limit?: number): unknown[];
}

async function loadSearch(): Promise<SearchModule | null> {
  // A variable specifier: the bench typechecks and runs before lib/search exists.
  const specifier = '../../lib/search/index';
  try {
    const module = (await import(specifier)) as Partial<SearchModule>;
    if (typeof module.createSearchIndex !== 'function' || typeof module.search !== 'function') {
      return null;
    }
    return module as SearchModule;
  } catch (error) {
    progress(`search: lib/search not loadable (${String(error).split('\n')[0]})`);
    return null;
  }
}

function typo(word: string, random: Random): string {
  if (word.length < 4) return word;
  const i = 1 + random.int(word.length - 2);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** About 120 queries drawn from the pack itself. */
export function queriesFor(pack: Pack, seed = 5): string[] {
  const random = new Random(seed);
  const queries: string[] = [];
  for (let i = 0; i < 30; i++) {
    const name = random.pick(pack.entities).name;
    for (const length of [1, 2, 3, 5]) queries.push(name.slice(0, length)); // typing
    queries.push(name);
  }
  for (let i = 0; i < 20; i++) queries.push(typo(random.pick(pack.entities).name, random));
  for (let i = 0; i < 20; i++) {
    const words = (random.pick(pack.facts).text.en ?? '').split(/\s+/).filter((w) => w.length > 3);
    if (words.length >= 2) queries.push(`${random.pick(words)} ${random.pick(words)}`);
    else if (words[0]) queries.push(words[0]);
  }
  return queries.filter((query) => query.trim() !== '');
}

function measureOne(module: SearchModule, pack: Pack): SearchFigures {
  const records = packToRecords(pack).entities;
  const start = performance.now();
  const index = module.createSearchIndex(records);
  const buildMs = performance.now() - start;
  const queries = queriesFor(pack);
  for (const query of queries) module.search(index, query); // warm-up
  const perQuery = queries.map((query) => {
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      module.search(index, query);
      times.push(performance.now() - t);
    }
    return median(times);
  });
  return {
    medianMs: median(perQuery),
    p95Ms: quantile(perQuery, 0.95),
    buildMs,
    queries: queries.length,
  };
}

export async function measureSearch(large: Pack): Promise<{
  default: SearchFigures | null;
  '10k': SearchFigures | null;
}> {
  const module = await loadSearch();
  if (!module) return { default: null, '10k': null };
  const bundled = JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack;
  progress('search: default pack');
  const small = measureOne(module, bundled);
  progress(`search: ${large.entities.length} entities, ${large.facts.length} facts`);
  return { default: small, '10k': measureOne(module, large) };
}
