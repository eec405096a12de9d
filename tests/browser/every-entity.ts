/**
 * A page that names every entity of the default pack, generated from the
 * pack itself so that a new entity is covered the day it is added: one
 * paragraph per entity, made of the English texts of its facts (our own
 * words, and the context its name needs to be marked there). Which text the
 * extension should mark in each paragraph comes from the same matcher the
 * extension uses, run in Node on the generated page; an entity that it does
 * not mark in its own paragraph is reported, never skipped in silence.
 */
import { readFileSync } from 'node:fs';
import { BUNDLED_PACK, scanFile, type TextMention } from '@/lib/cli/scan-text';
import { compilePacks } from '@/lib/match';
import type { Pack } from '@/lib/pack/types';

export interface EntityOnPage {
  id: string;
  name: string;
  /** The paragraph naming it: `#entity-<id>`. */
  paragraphId: string;
  /** The marked text to point at in that paragraph, and which occurrence of it. */
  text: string;
  occurrence: number;
  /** Every claim its complete card must show: the English texts that may stand for it (twins). */
  claims: string[][];
}

export interface EveryEntityPage {
  html: string;
  entities: EntityOnPage[];
  /** Entities the matcher does not mark in their own paragraph. */
  unmarked: string[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The facts naming an entity, grouped by claim: a fact and its twins (the
 * same source and evidence seen from another entity's side, which a card
 * shows once), any of whose texts may stand for the claim.
 */
function claimsOf(pack: Pack, id: string): string[][] {
  const claims = new Map<string, Set<string>>();
  for (const fact of pack.facts.filter((f) => f.entities.includes(id))) {
    const key = `${fact.source}\u0000${fact.evidence}`;
    const texts = claims.get(key) ?? claims.set(key, new Set()).get(key)!;
    texts.add(fact.text.en ?? Object.values(fact.text)[0]!);
  }
  return [...claims.values()].map((texts) => [...texts]);
}

interface Paragraph {
  entity: Pack['entities'][number];
  text: string;
}

function pageOf(paragraphs: readonly Paragraph[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Every name of the default pack</title>
<style>body{font:18px/1.6 Georgia,serif;max-width:40rem;margin:2rem auto;padding:0 1rem}</style></head>
<body><main><article><h1>Who is who in the AI build-out</h1>
${paragraphs.map(({ entity, text }) => `<p id="entity-${entity.id}">${escapeHtml(text)}</p>`).join('\n')}
</article></main></body></html>`;
}

/** Where each entity's own mention is in its paragraph, if the matcher marks one there. */
async function ownMentions(
  paragraphs: readonly Paragraph[],
  matcher: ReturnType<typeof compilePacks>,
): Promise<(TextMention & { before: string })[] | undefined[]> {
  const { text, mentions } = await scanFile('html', pageOf(paragraphs), matcher);
  let at = 0;
  return paragraphs.map(({ entity, text: paragraph }) => {
    const start = text.indexOf(paragraph, at);
    at = start + paragraph.length;
    const own = mentions.find(
      (m) => m.entity === entity.id && m.start >= start && m.end <= start + paragraph.length,
    );
    return own && { ...own, before: paragraph.slice(0, own.start - start) };
  }) as (TextMention & { before: string })[];
}

export async function everyEntityPage(packPath = BUNDLED_PACK): Promise<EveryEntityPage> {
  const pack = JSON.parse(readFileSync(packPath, 'utf8')) as Pack;
  const matcher = compilePacks([pack]);
  // Tried in turn until the entity is marked in its paragraph: up to three of
  // its facts; its first fact alone (the others may carry words that make the
  // name mean something else, as "Dogecoin" does for DOGE); that fact after
  // its longest name (a French name its English facts do not bring out).
  const attempts = (entity: Pack['entities'][number]): string[] => {
    const own = pack.facts.filter((fact) => fact.entities[0] === entity.id);
    const texts = (own.length > 0 ? own : pack.facts.filter((f) => f.entities.includes(entity.id)))
      .slice(0, 3)
      .map((fact) => fact.text.en ?? '');
    const names = [entity.name, ...(entity.aliases ?? [])].map((a) =>
      typeof a === 'string' ? a : a.text,
    );
    const longest = names.sort((a, b) => b.length - a.length)[0]!;
    return [texts.join(' '), texts[0]!, `${longest}. ${texts[0]}`];
  };
  const tries = pack.entities.map(attempts);
  const paragraphs: Paragraph[] = pack.entities.map((entity, i) => ({
    entity,
    text: tries[i]![0]!,
  }));
  let found = await ownMentions(paragraphs, matcher);
  for (let attempt = 1; attempt < 3 && found.some((own) => !own); attempt++) {
    paragraphs.forEach((paragraph, i) => {
      if (!found[i]) paragraph.text = tries[i]![attempt]!;
    });
    found = await ownMentions(paragraphs, matcher);
  }

  const entities: EntityOnPage[] = [];
  const unmarked: string[] = [];
  paragraphs.forEach(({ entity }, i) => {
    const own = found[i];
    if (!own) {
      unmarked.push(entity.id);
      return;
    }
    entities.push({
      id: entity.id,
      name: entity.name,
      paragraphId: `entity-${entity.id}`,
      text: own.text,
      occurrence: own.before.split(own.text).length - 1,
      claims: claimsOf(pack, entity.id),
    });
  });
  return { html: pageOf(paragraphs), entities, unmarked };
}
