/**
 * Generated inputs: seeded, so every run measures the same text, pages and
 * packs. Names are synthetic but word-like ("Kalorven Systems"), prose is
 * English-like with some French words, and mentions come at a realistic
 * density (about one per 400 characters).
 */
import { readFileSync } from 'node:fs';
import { compileMatcher, findMentions } from '@/lib/match';
import type { Entity, Fact, Pack } from '@/lib/pack/types';

/** xorshift32: a tiny seeded generator, so inputs are identical from run to run. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 2 ** 32;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const SYLLABLES = (
  'ka lor ven tri mos dal quen bar sel nox ria tem vo lin gar pha zen cor mi stra ' +
  'dor fel han jus kel mar nev ol pra rus sor tal ul vex wyn xan yel bri cla dru ' +
  'eth fro gla hel isk jor kra lum myr nal ost pel qua ren sil tor ury vin wal zor'
).split(' ');
const SUFFIXES = (
  'Systems Labs Capital Group Holdings Networks Bank Robotics Energy Partners Semiconductors ' +
  'Analytics Ventures Pharma Motors Foundation Exchange Media Cloud Dynamics'
).split(' ');

const capitalise = (word: string) => word[0]!.toUpperCase() + word.slice(1);

/** Distinct word-like stems: two syllables, then three. */
function* stems(): Generator<string> {
  const seen = new Set<string>();
  const n = SYLLABLES.length;
  for (let i = 0; ; i++) {
    const parts = [SYLLABLES[i % n]!, SYLLABLES[Math.floor(i / n) % n]!];
    if (i >= n * n) parts.push(SYLLABLES[Math.floor(i / (n * n)) % n]!);
    const stem = capitalise(parts.join(''));
    if (seen.has(stem)) continue;
    seen.add(stem);
    yield stem;
  }
}

/** Names per synthetic entity: its name and four aliases, all matched. */
export const ALIASES_PER_ENTITY = 5;

/**
 * `count` entities with five matched strings each (the name is an implicit
 * alias): "Kalor Systems", "Kalor", "Kalor-42", "Kalor Cloud", "KalorVen".
 */
export function syntheticEntities(count: number, idPrefix = 'syn'): Entity[] {
  const entities: Entity[] = [];
  const stemList = stems();
  for (let i = 0; i < count; i++) {
    const stem = stemList.next().value as string;
    const suffix = SUFFIXES[i % SUFFIXES.length]!;
    const other = SUFFIXES[(i * 7 + 3) % SUFFIXES.length]!;
    entities.push({
      id: `${idPrefix}${i}`,
      name: `${stem} ${suffix}`,
      type: 'company',
      aliases: [
        stem,
        `${stem}-${(i % 90) + 10}`,
        `${stem} ${other === suffix ? 'Research' : other}`,
        `${stem}${capitalise(SYLLABLES[(i * 13) % SYLLABLES.length]!)}`,
      ],
      description: { en: `${stem} ${suffix} is a synthetic company number ${i}.` },
    });
  }
  return entities;
}

/** The first alias count/5 synthetic entities: nested sets, so 100 ⊂ 5,000 ⊂ 50,000. */
export function entitiesForAliasCount(aliasCount: number): Entity[] {
  return syntheticEntities(Math.ceil(aliasCount / ALIASES_PER_ENTITY));
}

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at ' +
  'which but have an they you were her she there been one all we their has would when if ' +
  'so no what up out about who its into them more than other some could time these two may ' +
  'then do first any my now such like our over man me even most made after also did many ' +
  'before must through back years where much your way well down should because each just ' +
  'those people how too little state good very make world still own see men work long get ' +
  'here between both life being under never day same another know while last might us great ' +
  'old year off come since against go came right used take three market shares investors ' +
  'billion quarter revenue chips model data centre regulators funding deal analysts growth ' +
  'profit losses earnings report government policy energy prices demand supply contract ' +
  'société marché déjà économie première réseau données mégawatts'
).split(' ');

/** Default-pack names a reader would see marked in neutral prose (no context rule needed). */
export function defaultPackNames(): string[] {
  const pack = JSON.parse(readFileSync('data/default-pack.json', 'utf8')) as Pack;
  const index = compileMatcher(pack.entities);
  return pack.entities
    .map((entity) => entity.name)
    .filter((name) => {
      const found = findMentions(index, `Analysts said that ${name} rose on Tuesday.`);
      return found.length === 1 && found[0]!.text === name;
    });
}

/** One sentence, with a mention (from `names`) at the given chance. */
function sentence(random: Random, names: readonly string[], mentionChance: number): string {
  const length = 8 + random.int(18);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(random.pick(WORDS));
  if (names.length > 0 && random.chance(mentionChance)) {
    words.splice(random.int(length), 0, random.pick(names));
  }
  if (random.chance(0.3)) words.splice(2 + random.int(length - 3), 0, `${random.int(900) + 10}`);
  let text = words.join(' ');
  if (random.chance(0.3)) text = text.replace(/ (\S+) /, ' $1, ');
  return capitalise(text) + '.';
}

export function paragraph(random: Random, names: readonly string[], mentionChance = 0.3): string {
  const sentences: string[] = [];
  const count = 3 + random.int(6);
  for (let i = 0; i < count; i++) sentences.push(sentence(random, names, mentionChance));
  return sentences.join(' ');
}

/** About `chars` characters of prose in paragraphs (the blocks the matcher is given). */
export function prose(chars: number, names: readonly string[], seed = 1): string[] {
  const random = new Random(seed);
  const blocks: string[] = [];
  let total = 0;
  while (total < chars) {
    const block = paragraph(random, names);
    blocks.push(block);
    total += block.length + 1;
  }
  return blocks;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph with some inline markup: links, bold, emphasis, some around mentions. */
function inlineParagraph(random: Random, names: readonly string[]): string {
  const text = escapeHtml(paragraph(random, names));
  let html = text;
  for (const name of names) {
    if (!html.includes(name)) continue;
    const tag = random.pick(['a', 'b', 'em', '', '', '']);
    if (tag === 'a') html = html.replace(name, `<a href="/e/${random.int(999)}">${name}</a>`);
    else if (tag) html = html.replace(name, `<${tag}>${name}</${tag}>`);
  }
  return html.replace(/ (\w+ \w+) /, random.chance(0.4) ? ' <a href="/x">$1</a> ' : ' $1 ');
}

/**
 * An article page whose text is about `chars` characters: navigation, headings,
 * paragraphs with inline markup, lists, tables, asides, code and a form, with
 * mentions of `names` at a realistic density.
 */
export function articlePage(chars: number, names: readonly string[], seed = 7): string {
  const random = new Random(seed);
  const parts: string[] = [];
  let text = 0;
  const push = (html: string, length = html.replace(/<[^>]*>/g, '').length) => {
    parts.push(html);
    text += length;
  };
  push(
    `<header><nav><a href="/">Home</a> · <a href="/tech">Tech</a> · <a href="/markets">Markets</a></nav></header>`,
  );
  push(`<main><article><h1>${escapeHtml(sentence(random, names, 0.8))}</h1>`);
  let section = 0;
  while (text < chars) {
    push(`<section><h2>${escapeHtml(sentence(random, names, 0.3))}</h2>`);
    for (let i = 0; i < 4 + random.int(5); i++) push(`<p>${inlineParagraph(random, names)}</p>`);
    const kind = section++ % 4;
    if (kind === 0) {
      const items = Array.from(
        { length: 3 + random.int(4) },
        () => `<li>${escapeHtml(sentence(random, names, 0.4))}</li>`,
      );
      push(`<ul>${items.join('')}</ul>`);
    } else if (kind === 1) {
      const rows = Array.from({ length: 4 + random.int(6) }, () => {
        const cells = [random.pick(names.length ? names : WORDS), `${random.int(999)}`, '%'];
        return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
      });
      push(`<table><thead><tr><th>Name</th><th>Value</th><th>Unit</th></tr></thead>`);
      push(`<tbody>${rows.join('')}</tbody></table>`);
    } else if (kind === 2) {
      push(`<aside><p>${inlineParagraph(random, names)}</p></aside>`);
    } else {
      push(`<pre><code>const total = shares * price; // ${random.pick(names)}</code></pre>`);
    }
    push(`</section>`, 0);
  }
  push(`</article></main>`, 0);
  push(`<footer><form><input value="search"><textarea>notes</textarea></form></footer>`);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench article</title>` +
    `<style>body{font:16px/1.5 serif;max-width:46em;margin:auto}td{padding:2px 8px}</style>` +
    `</head><body>${parts.join('\n')}</body></html>`
  );
}

/**
 * A valid pack of `entityCount` synthetic entities (five matched names each)
 * and `factsPerEntity` facts each, with short texts: 10,000 × 10 is about
 * 25 MB, under the 32 MB cap.
 */
export function syntheticPack(entityCount: number, factsPerEntity: number, id: string): Pack {
  const random = new Random(42);
  const entities = syntheticEntities(entityCount);
  const sources = Array.from({ length: 50 }, (_, i) => ({
    id: `s${i}`,
    title: `Report ${i} on the sector`,
    publisher: `Publisher ${i % 7}`,
    date: `2025-0${(i % 9) + 1}`,
    language: 'en',
  }));
  const facts: Fact[] = [];
  entities.forEach((entity, i) => {
    for (let j = 0; j < factsPerEntity; j++) {
      const related = entities[(i + 1 + j) % entities.length]!.id;
      facts.push({
        id: `${entity.id}-f${j}`,
        entities: j % 3 === 0 ? [entity.id, related] : [entity.id],
        text: { en: `${entity.name} ${sentence(random, [], 0).toLowerCase().slice(0, 70)}.` },
        source: `s${(i + j) % sources.length}`,
        evidence: sentence(random, [], 0).slice(0, 40),
        date: `2025-0${(j % 9) + 1}`,
      });
    }
  });
  return {
    format: 'reperes-pack',
    formatVersion: 1,
    id,
    version: '1.0.0',
    title: `Bench pack ${entityCount}`,
    language: 'en',
    sources,
    entities,
    facts,
  };
}
