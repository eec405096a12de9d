/**
 * The look-alikes of a validated pack, before readers meet them: names and
 * aliases that are ordinary words, that two entities share, that are short
 * capitals; entities that look like background; media and companies that
 * would be marked on their own sites. With page scans, how often each entity
 * and alias is found, and in what words. For the CLI's `audit`
 * (docs/pack-audit.md). Pure: no I/O; the word list and the scans are given.
 */
import { foldPhrase, normalizeForm } from '../match/normalize';
import { compileRules, type CompiledRules } from '../match/rules';
import type { CaseRule, Entity, EntityType, Pack } from './types';

export type AuditLevel = 'error' | 'warning' | 'info';

export type AuditKind =
  | 'common-word'
  | 'shared-alias'
  | 'short-caps'
  | 'background-like'
  | 'own-site'
  | 'unreadable-page';

export interface AuditFinding {
  kind: AuditKind;
  level: AuditLevel;
  /** The entity it concerns; absent for a page finding. */
  entity?: string;
  /** The name or alias as written, when it concerns one. */
  alias?: string;
  /** The page (relative to the pages directory), for a page finding. */
  page?: string;
  /** One line. */
  message: string;
}

/**
 * Ordinary words, folded as `foldPhrase` folds them (lowercase, diacritics
 * removed): a set of them, or a test.
 */
export type OrdinaryWords = ReadonlySet<string> | ((folded: string) => boolean);

/** One mention found on a page, with the folded words either side ('' when none). */
export interface PageMention {
  entity: string;
  /** The mention as printed. */
  text: string;
  before: string;
  after: string;
}

export interface PageScan {
  /** The page's name, for messages. */
  page: string;
  mentions: PageMention[];
}

export interface UnreadablePage {
  page: string;
  reason: string;
}

export interface AuditPages {
  scans: PageScan[];
  unreadable: UnreadablePage[];
}

export interface MentionContext {
  before: string;
  after: string;
  count: number;
}

export interface AliasPageStats {
  /** The name or alias the mentions matched, as the pack writes it. */
  alias: string;
  mentions: number;
  /** The most frequent words either side, at most CONTEXTS_SHOWN, most frequent first. */
  contexts: MentionContext[];
}

export interface EntityPageStats {
  entity: string;
  name: string;
  mentions: number;
  pages: number;
  /** Most mentioned first. */
  aliases: AliasPageStats[];
}

export interface AuditResult {
  pack: string;
  /** Errors first, then warnings, then info; in pack order within a level. */
  findings: AuditFinding[];
  pages?: {
    /** Pages scanned (unreadable ones are findings, not counted). */
    files: number;
    /** Every entity, most mentioned first (then in pack order). */
    entities: EntityPageStats[];
  };
}

/** Characters either side of a mention where its context words are looked for. */
const CONTEXT_SPAN = 120;
const BLANK_LINE = /\n[^\S\n]*\n/;

/** How many contexts are kept per alias. */
export const CONTEXTS_SHOWN = 3;

/** Entity types that are usually context rather than subject. */
const BACKGROUND_TYPES: ReadonlySet<EntityType> = new Set(['person', 'place', 'media']);
/** Entity types that have a site of their own. */
const OWN_SITE_TYPES: ReadonlySet<EntityType> = new Set(['media', 'company']);
/** `background-like` from pages: at least this many pages, this share of them alone. */
const ALONE_MIN_PAGES = 3;
const ALONE_SHARE = 0.6;
/** Short capitals: at most this many characters are flagged; up to ERROR, an error. */
const SHORT_CAPS_MAX = 4;
const SHORT_CAPS_ERROR = 3;

const LEVEL_ORDER: Record<AuditLevel, number> = { error: 0, warning: 1, info: 2 };

/** A word: letters and digits, with inner apostrophes ("investor's", "l'ia"). */
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const DIGITS_ONLY = /^\p{N}+$/u;
const HAS_LETTER = /\p{L}/u;
const HAS_LOWERCASE = /\p{Ll}/u;
/** French elided articles and pronouns before an apostrophe ("l'", "qu'"). */
const ELISIONS: ReadonlySet<string> = new Set([
  'c',
  'd',
  'j',
  'l',
  'm',
  'n',
  's',
  't',
  'qu',
  'jusqu',
  'lorsqu',
  'puisqu',
]);

// --- word lists ----------------------------------------------------------------

/**
 * The ordinary words of a Hunspell `.dic` file: its entries written in
 * lowercase (capitalised ones are proper nouns and acronyms), without their
 * `/FLAGS` or morphological fields. Affixes are not expanded.
 */
export function hunspellWords(dic: string): string[] {
  const words: string[] = [];
  const lines = dic.split('\n');
  // The first line is the entry count.
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    let end = 0;
    while (end < line.length) {
      const c = line[end];
      if (c === '/' && line[end - 1] !== '\\') break;
      if (c === '\t' || c === ' ' || c === '\r') break;
      end++;
    }
    const word = line.slice(0, end).replace(/\\\//g, '/');
    if (word === '' || word !== word.toLowerCase() || !HAS_LETTER.test(word)) continue;
    words.push(word);
  }
  return words;
}

/** A set for `auditPack` from words as a word list writes them. */
export function ordinaryWordSet(words: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const word of words) {
    const key = foldPhrase(word);
    if (key !== '') set.add(key);
  }
  return set;
}

function lookupOf(words: OrdinaryWords): (folded: string) => boolean {
  if (typeof words === 'function') return words;
  return (folded) => words.has(folded);
}

/** Whether a folded word is an ordinary word: as listed, as a plural, or elided. */
function isOrdinaryWord(word: string, lookup: (folded: string) => boolean): boolean {
  if (DIGITS_ONLY.test(word)) return false;
  if (lookup(word)) return true;
  // Plurals in -s, and French ones in -ux ("bijoux", "jeux").
  const plural = word.endsWith('s') || word.endsWith('ux');
  if (word.length > 2 && plural && lookup(word.slice(0, -1))) return true;
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0) {
    const head = word.slice(0, apostrophe);
    const tail = word.slice(apostrophe + 1);
    if (ELISIONS.has(head)) return isOrdinaryWord(tail, lookup);
    if (word.endsWith("'s")) return isOrdinaryWord(word.slice(0, -2), lookup);
  }
  return false;
}

/** The words of a folded phrase. */
function wordsOf(key: string): string[] {
  return key.match(WORD) ?? [];
}

// --- the names and aliases of an entity ------------------------------------------

/** The name or one alias of an entity, with the rules it is matched with. */
interface Term {
  entity: Entity;
  /** Position of the entity in the pack. */
  order: number;
  /** As the pack writes it. */
  text: string;
  /** Normalised, case kept, white space collapsed. */
  form: string;
  /** Lookup key (`foldPhrase`). */
  key: string;
  isName: boolean;
  rules: CompiledRules;
}

/** The entity's name then its aliases; repeats (same form, same rules) once. */
function termsOf(entity: Entity, order: number): Term[] {
  const terms: Term[] = [];
  const seen = new Set<string>();
  const add = (text: string, isName: boolean, rules: CompiledRules) => {
    const key = foldPhrase(text);
    if (key === '') return;
    const form = normalizeForm(text);
    const identity = JSON.stringify([form, rules]);
    if (seen.has(identity)) return;
    seen.add(identity);
    terms.push({ entity, order, text, form, key, isName, rules });
  };
  add(entity.name, true, compileRules(entity.match, undefined));
  for (const alias of entity.aliases) {
    if (typeof alias === 'string') add(alias, false, compileRules(entity.match, undefined));
    else add(alias.text, false, compileRules(entity.match, alias));
  }
  return terms;
}

/** How messages name an entity's type. */
const TYPE_NOUNS: Partial<Record<EntityType, string>> = {
  person: 'a person',
  place: 'a place',
  media: 'a news medium',
  company: 'a company',
};

const isBackground = (entity: Entity) => entity.role === 'background';
const guarded = (term: Term) => term.rules.context.length > 0;

function label(term: Term): string {
  return `${term.isName ? 'the name' : 'the alias'} ${JSON.stringify(term.text)}`;
}

function finding(
  kind: AuditKind,
  level: AuditLevel,
  term: Term | Entity,
  message: string,
): AuditFinding {
  if ('entity' in term) {
    return { kind, level, entity: term.entity.id, alias: term.text, message };
  }
  return { kind, level, entity: term.id, message };
}

// --- the findings ---------------------------------------------------------------

/** Whether each word of `form` is in lowercase or has only its first letter capitalised. */
function capitalisedAsText(form: string): boolean {
  return (form.match(WORD) ?? []).every((word) => {
    const rest = word.slice(1);
    return rest === rest.toLowerCase();
  });
}

function commonWord(term: Term, lookup: (folded: string) => boolean): AuditFinding | null {
  const words = wordsOf(term.key);
  if (words.length === 0 || !words.every((word) => isOrdinaryWord(word, lookup))) return null;
  const several = words.length > 1;
  // Letters one by one ("U.S.") are an initialism, not words.
  if (several && words.every((word) => [...word].length === 1)) return null;
  const what = several
    ? `${label(term)} is made of ordinary words`
    : `${label(term)} is an ordinary word`;
  // Matched as the lowercase word is printed: any case, or written in lowercase.
  const lowercase = term.rules.case === 'any' || term.form === term.key;
  let level: AuditLevel;
  let why: string;
  if (guarded(term)) {
    level = 'info';
    why = 'guarded by a context rule';
  } else if (lowercase) {
    level = isBackground(term.entity) ? 'warning' : 'error';
    why = isBackground(term.entity)
      ? 'matched in lowercase as printed with no context rule, though only on pages about the pack’s subject (role background)'
      : 'matched in lowercase as printed with no context rule: ordinary sentences will be marked';
  } else if (!capitalisedAsText(term.form)) {
    // "DOGE", "MiCA": the ordinary word takes these capitals only in a title all in capitals.
    level = 'info';
    why = 'but written with capitals the ordinary word has only in a title all in capitals';
  } else if (isBackground(term.entity)) {
    level = 'info';
    why = 'matched only capitalised, and only on pages about the pack’s subject (role background)';
  } else {
    level = 'warning';
    why =
      'matched only capitalised, with no context rule: a sentence or title that starts with it will be marked';
  }
  // A phrase of ordinary words in lowercase is mostly the term itself ("electronic money token").
  if (several && level === 'error') level = 'warning';
  return finding('common-word', level, term, `${what}, ${why}`);
}

/** The forms a case rule lets a mention take, relative to the alias's form; null: every form. */
function admittedForms(rule: CaseRule, form: string): Set<string> | null {
  if (rule === 'any') return null;
  if (rule === 'exact') return new Set([form]);
  return new Set([form, form.toUpperCase()]);
}

function admits(term: Term, form: string): boolean {
  const forms = admittedForms(term.rules.case, term.form);
  return forms === null || forms.has(form);
}

function casesOverlap(a: Term, b: Term): boolean {
  const fa = admittedForms(a.rules.case, a.form);
  const fb = admittedForms(b.rules.case, b.form);
  if (fa === null || fb === null) return true;
  for (const form of fa) if (fb.has(form)) return true;
  return false;
}

/**
 * Entities sharing a key: the matcher gives a shared key to the first entity in
 * pack order whose case and rules pass, so a later one is marked only where
 * every earlier one fails.
 */
function sharedAliases(terms: Term[]): AuditFinding[] {
  const byKey = new Map<string, Term[]>();
  for (const term of terms) {
    let list = byKey.get(term.key);
    if (!list) byKey.set(term.key, (list = []));
    list.push(term);
  }
  const findings: AuditFinding[] = [];
  for (const list of byKey.values()) {
    if (new Set(list.map((t) => t.entity.id)).size < 2) continue;
    for (const later of list) {
      const earlier = list.filter((t) => t.order < later.order && casesOverlap(t, later));
      if (earlier.length === 0) continue;
      const ids = [...new Set(earlier.map((t) => t.entity.id))];
      const others = ids.map((id) => JSON.stringify(id)).join(', ');
      // An earlier one with no context takes the later's form as written wherever it occurs.
      const shadow = earlier.some((t) => !guarded(t) && admits(t, later.form));
      if (shadow) {
        findings.push(
          finding(
            'shared-alias',
            'error',
            later,
            `${label(later)} is also a name or alias of ${others}, earlier in the pack and with no context rule: this entity is never marked for it`,
          ),
        );
      } else {
        findings.push(
          finding(
            'shared-alias',
            'warning',
            later,
            `${label(later)} is also a name or alias of ${others}, earlier in the pack: only their context or case rules tell them apart`,
          ),
        );
      }
    }
  }
  return findings;
}

function shortCaps(term: Term): AuditFinding | null {
  const length = [...term.form].length;
  if (length > SHORT_CAPS_MAX || !HAS_LETTER.test(term.form) || HAS_LOWERCASE.test(term.form)) {
    return null;
  }
  if (term.form !== term.form.toUpperCase() || guarded(term)) return null;
  const what = `${label(term)} is short and in capitals (${length} character${length === 1 ? '' : 's'}: an acronym or a ticker)`;
  if (isBackground(term.entity)) {
    return finding(
      'short-caps',
      'info',
      term,
      `${what} with no context rule; as a background entity it is marked only on pages about the pack’s subject`,
    );
  }
  return finding(
    'short-caps',
    length <= SHORT_CAPS_ERROR ? 'error' : 'warning',
    term,
    `${what} with no context rule: it stands for other things too; add context words`,
  );
}

function backgroundByType(entity: Entity): AuditFinding | null {
  if (isBackground(entity) || !BACKGROUND_TYPES.has(entity.type)) return null;
  return finding(
    'background-like',
    'warning',
    entity,
    `${TYPE_NOUNS[entity.type]} is often a widely known name that a pack mentions only as context: if this pack is not about it, mark it role "background"`,
  );
}

function ownSite(entity: Entity): AuditFinding | null {
  if (!OWN_SITE_TYPES.has(entity.type) || (entity.domains?.length ?? 0) > 0) return null;
  return finding(
    'own-site',
    'info',
    entity,
    `${TYPE_NOUNS[entity.type]} with no "domains": its name will be marked on its own site`,
  );
}

// --- pages ----------------------------------------------------------------------

/**
 * The folded words either side of text[start, end), within its paragraph or
 * block. An elided word written against the mention ("d'" in "d'OpenAI") is
 * the word before, apostrophe included; a clitic after it ("'s"), the word after.
 */
export function mentionContext(
  text: string,
  start: number,
  end: number,
): { before: string; after: string } {
  // A blank line ends a paragraph (text) or separates blocks (HTML text as seen).
  const head = foldPhrase(
    text
      .slice(Math.max(0, start - CONTEXT_SPAN), start)
      .split(BLANK_LINE)
      .at(-1)!,
  );
  const tail = foldPhrase(text.slice(end, end + CONTEXT_SPAN).split(BLANK_LINE)[0]!);
  // Written against the mention, with no space: "d'[OpenAI]", "[Trump]'s".
  const elided = /\S$/.test(text.slice(0, start)) ? /[\p{L}\p{N}]+'$/u.exec(head) : null;
  const clitic = /^\S/.test(text.slice(end, end + 1)) ? /^'[\p{L}\p{N}]+/u.exec(tail) : null;
  const before = elided ? elided[0] : (wordsOf(head).at(-1) ?? '');
  const after = clitic ? clitic[0] : (wordsOf(tail)[0] ?? '');
  return { before, after };
}

function pageStats(
  pack: Pack,
  termsByEntity: Map<string, Term[]>,
  pages: AuditPages,
): EntityPageStats[] {
  interface AliasCount {
    mentions: number;
    contexts: Map<string, MentionContext>;
  }
  const perEntity = new Map<
    string,
    { mentions: number; pages: number; aliases: Map<string, AliasCount> }
  >();
  for (const entity of pack.entities) {
    perEntity.set(entity.id, { mentions: 0, pages: 0, aliases: new Map() });
  }
  for (const scan of pages.scans) {
    const seen = new Set<string>();
    for (const mention of scan.mentions) {
      const stats = perEntity.get(mention.entity);
      if (!stats) continue;
      stats.mentions++;
      if (!seen.has(mention.entity)) {
        seen.add(mention.entity);
        stats.pages++;
      }
      // The alias it matched: the entity's first term (name first) with the mention's key.
      const key = foldPhrase(mention.text);
      const alias =
        termsByEntity.get(mention.entity)?.find((t) => t.key === key)?.text ?? mention.text;
      let count = stats.aliases.get(alias);
      if (!count) stats.aliases.set(alias, (count = { mentions: 0, contexts: new Map() }));
      count.mentions++;
      const contextKey = `${mention.before}\u0000${mention.after}`;
      const context = count.contexts.get(contextKey);
      if (context) context.count++;
      else
        count.contexts.set(contextKey, { before: mention.before, after: mention.after, count: 1 });
    }
  }
  const order = new Map(pack.entities.map((e, i) => [e.id, i]));
  return pack.entities
    .map((entity) => {
      const stats = perEntity.get(entity.id)!;
      const aliases = [...stats.aliases]
        .map(([alias, count]) => ({
          alias,
          mentions: count.mentions,
          contexts: [...count.contexts.values()]
            .sort(
              (a, b) =>
                b.count - a.count || compare(a.before, b.before) || compare(a.after, b.after),
            )
            .slice(0, CONTEXTS_SHOWN),
        }))
        .sort((a, b) => b.mentions - a.mentions || compare(a.alias, b.alias));
      return {
        entity: entity.id,
        name: entity.name,
        mentions: stats.mentions,
        pages: stats.pages,
        aliases,
      };
    })
    .sort(
      (a, b) => b.mentions - a.mentions || (order.get(a.entity) ?? 0) - (order.get(b.entity) ?? 0),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entities mentioned mostly on pages where no other subject entity of the pack is. */
function backgroundByPages(pack: Pack, pages: AuditPages): AuditFinding[] {
  const subjects = new Set(pack.entities.filter((e) => !isBackground(e)).map((e) => e.id));
  const onPages = new Map<string, number>();
  const alone = new Map<string, number>();
  for (const scan of pages.scans) {
    const present = new Set(scan.mentions.map((m) => m.entity));
    const presentSubjects = [...present].filter((id) => subjects.has(id));
    for (const id of present) {
      onPages.set(id, (onPages.get(id) ?? 0) + 1);
      const others = presentSubjects.filter((other) => other !== id).length;
      if (others === 0) alone.set(id, (alone.get(id) ?? 0) + 1);
    }
  }
  const findings: AuditFinding[] = [];
  for (const entity of pack.entities) {
    if (isBackground(entity)) continue;
    const total = onPages.get(entity.id) ?? 0;
    const lonely = alone.get(entity.id) ?? 0;
    if (total < ALONE_MIN_PAGES || lonely < ALONE_SHARE * total) continue;
    findings.push(
      finding(
        'background-like',
        'warning',
        entity,
        `found on ${total} pages, ${lonely} of them (${Math.round((100 * lonely) / total)} %) with no other subject entity of the pack: it is mostly met outside the pack’s subject; consider role "background"`,
      ),
    );
  }
  return findings;
}

// --- the audit ------------------------------------------------------------------

export function auditPack(pack: Pack, ordinary: OrdinaryWords, pages?: AuditPages): AuditResult {
  const lookup = lookupOf(ordinary);
  const termsByEntity = new Map<string, Term[]>();
  const allTerms: Term[] = [];
  pack.entities.forEach((entity, i) => {
    const terms = termsOf(entity, i);
    termsByEntity.set(entity.id, terms);
    allTerms.push(...terms);
  });

  const findings: AuditFinding[] = [];
  const push = (f: AuditFinding | null) => {
    if (f) findings.push(f);
  };
  const shared = sharedAliases(allTerms);
  const alonePages = pages ? backgroundByPages(pack, pages) : [];
  for (const entity of pack.entities) {
    const terms = termsByEntity.get(entity.id) ?? [];
    for (const term of terms) push(commonWord(term, lookup));
    for (const f of shared) if (f.entity === entity.id) push(f);
    for (const term of terms) push(shortCaps(term));
    push(backgroundByType(entity));
    for (const f of alonePages) if (f.entity === entity.id) push(f);
    push(ownSite(entity));
  }
  for (const page of pages?.unreadable ?? []) {
    push({
      kind: 'unreadable-page',
      level: 'warning',
      page: page.page,
      message: `cannot be read or parsed, skipped (${page.reason})`,
    });
  }
  // Stable: pack order is kept within a level.
  findings.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);

  const result: AuditResult = { pack: pack.id, findings };
  if (pages) {
    result.pages = {
      files: pages.scans.length,
      entities: pageStats(pack, termsByEntity, pages),
    };
  }
  return result;
}
