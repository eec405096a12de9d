/**
 * The I/O of the pack tool's `audit` (docs/pack-audit.md): the English and
 * French word lists (Hunspell, from the dictionary-en and dictionary-fr
 * packages), the pages under `--pages DIR` scanned as `scan` scans them, and
 * the readable report. The findings themselves are lib/pack/audit.ts. Node only.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compilePacks } from '../match';
import {
  auditPack,
  hunspellWords,
  mentionContext,
  ordinaryWordSet,
  type AuditFinding,
  type AuditLevel,
  type AuditPages,
  type AuditResult,
  type PageScan,
} from '../pack/audit';
import type { Pack } from '../pack/types';
import { kindOfPath, readTextFile, scanFile } from './scan-text';

/**
 * The ordinary words of English and French, folded (see `OrdinaryWords`).
 * The packages export their `.dic` and `.aff` data as bytes.
 */
export async function loadOrdinaryWords(): Promise<Set<string>> {
  const [en, fr] = await Promise.all([import('dictionary-en'), import('dictionary-fr')]);
  const decoder = new TextDecoder('utf-8');
  return ordinaryWordSet([
    ...hunspellWords(decoder.decode(en.default.dic)),
    ...hunspellWords(decoder.decode(fr.default.dic)),
  ]);
}

/** The pages directory itself cannot be read. */
export class PagesDirectoryError extends Error {}

/** A page file found under the pages directory. */
interface PageFile {
  /** Relative to the directory, for messages. */
  name: string;
  path: string;
}

/**
 * Every `.html`, `.htm` and `.txt` file under `dir` (and the same gzipped),
 * recursively, sorted by relative path. Throws PagesDirectoryError when `dir`
 * itself cannot be read; a subdirectory that cannot is listed in `unreadable`.
 */
export function listPages(dir: string): { files: PageFile[]; unreadable: PageFile[] } {
  const files: PageFile[] = [];
  const unreadable: PageFile[] = [];
  const walk = (current: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      if (top) throw new PagesDirectoryError(reasonOf(error));
      unreadable.push({ name: relative(dir, current), path: current });
      return;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path, false);
      else if (entry.isFile() && kindOfPath(entry.name) !== null) {
        files.push({ name: relative(dir, path), path });
      }
    }
  };
  walk(dir, true);
  const byName = (a: PageFile, b: PageFile) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { files: files.sort(byName), unreadable: unreadable.sort(byName) };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // One line; readTextFile's messages start with the path, which the finding already gives.
  return message.split('\n')[0]!.trim();
}

/**
 * Scans every page under `dir` with the pack, as `scan --pack` would; a page
 * that fails is reported, not fatal.
 */
export async function scanPages(dir: string, pack: Pack): Promise<AuditPages> {
  const { files, unreadable } = listPages(dir);
  // Every correct mention, as with the "every name" setting: an author needs to see the
  // look-alikes of background names too, which the default setting hides off their subject.
  const matcher = compilePacks([pack]);
  const pages: AuditPages = {
    scans: [],
    unreadable: unreadable.map((d) => ({ page: d.name, reason: 'directory cannot be read' })),
  };
  for (const file of files) {
    const kind = kindOfPath(file.name)!;
    let scan: PageScan;
    try {
      const content = readTextFile(file.path);
      const { text, mentions } = await scanFile(kind, content, matcher, { scope: 'all' });
      scan = {
        page: file.name,
        mentions: mentions.map((m) => ({
          entity: m.entity,
          text: m.text,
          ...mentionContext(text, m.start, m.end),
        })),
      };
    } catch (error) {
      pages.unreadable.push({ page: file.name, reason: reasonOf(error) });
      continue;
    }
    pages.scans.push(scan);
  }
  return pages;
}

/** The audit of a pack, pages scanned when `pagesDir` is given. */
export async function auditWithPages(
  pack: Pack,
  pagesDir: string | undefined,
): Promise<AuditResult> {
  const words = await loadOrdinaryWords();
  const pages = pagesDir === undefined ? undefined : await scanPages(pagesDir, pack);
  return auditPack(pack, words, pages);
}

// --- the readable report ----------------------------------------------------------

const LEVEL_TITLES: Record<AuditLevel, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};

function plural(n: number, [singular, pluralForm]: [string, string]): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

function findingLine(f: AuditFinding): string {
  const subject = f.entity ?? f.page ?? '';
  const alias = f.alias === undefined ? '' : ` ${JSON.stringify(f.alias)}`;
  return `  ${f.kind.padEnd(16)}${subject}${alias}: ${f.message}`;
}

/** How one context reads: `…before [Mention] after…`. */
export function contextLine(mention: string, before: string, after: string): string {
  // An elided word ("d'") or a clitic ("'s") is written against the mention.
  const left = before === '' ? '' : before.endsWith("'") ? before : `${before} `;
  const right = after === '' ? '' : after.startsWith("'") ? after : ` ${after}`;
  return `…${left}[${mention}]${right}…`;
}

export function auditReport(pack: Pack, result: AuditResult): string[] {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.level]++;
  const lines = [
    `${pack.title} (${pack.id} ${pack.version}): ` +
      (['error', 'warning', 'info'] as const)
        .map((level) => plural(counts[level], LEVEL_TITLES[level]))
        .join(', '),
  ];
  for (const level of ['error', 'warning', 'info'] as const) {
    const group = result.findings.filter((f) => f.level === level);
    if (group.length === 0) continue;
    const [, title] = LEVEL_TITLES[level];
    lines.push('', `${title[0]!.toUpperCase()}${title.slice(1)} (${group.length}):`);
    lines.push(...group.map(findingLine));
  }

  if (result.pages) {
    const { files, entities } = result.pages;
    const found = entities.filter((e) => e.mentions > 0);
    lines.push(
      '',
      `Pages: ${plural(files, ['page', 'pages'])} scanned, ` +
        `${plural(found.length, ['entity', 'entities'])} found`,
    );
    if (found.length > 0) {
      const width = Math.max(...found.map((e) => e.entity.length), 'entity'.length) + 2;
      lines.push(`  ${'entity'.padEnd(width)}${'mentions'.padStart(8)}${'pages'.padStart(7)}`);
      for (const e of found) {
        lines.push(
          `  ${e.entity.padEnd(width)}${String(e.mentions).padStart(8)}${String(e.pages).padStart(7)}`,
        );
        for (const a of e.aliases) {
          const contexts = a.contexts
            .map((c) => `${contextLine(a.alias, c.before, c.after)} ×${c.count}`)
            .join('  ');
          lines.push(`      ${JSON.stringify(a.alias)} ${a.mentions}: ${contexts}`);
        }
      }
    }
    const missing = entities.filter((e) => e.mentions === 0).map((e) => e.entity);
    if (missing.length > 0) {
      lines.push(`  Found on no page (${missing.length}): ${missing.join(', ')}`);
    }
  }
  return lines;
}
