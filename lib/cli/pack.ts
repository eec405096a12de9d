/**
 * The pack tool: `npm run pack -- validate|verify|stats|audit FILE`, and
 * signing: `keygen --out KEY`, `sign FILE --key KEY`, `verify-signature FILE`.
 * Stable interface (docs/pack-format.md): exit 0 when all is well, 1 when the
 * pack (or its evidence) is wrong, with one problem per line on stderr, each
 * starting with its JSON path; 2 for a command line it cannot understand.
 * Node only; it reuses the extension's validator.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packError } from '../pack/errors';
import { LIMITS } from '../pack/limits';
import {
  encodeKeyFile,
  encodePublicKeyFile,
  encodeSignatureFile,
  fingerprint,
  generateKeyPair,
  MAX_SIGNATURE_FILE_BYTES,
  readKeyFile,
  readPublicKeyFile,
  readSignatureFile,
  shortFingerprint,
  signPack,
  SignatureError,
  verifyPack,
} from '../pack/signature';
import { packStats, type PackStats } from '../pack/stats';
import { foldWhiteSpace } from '../pack/text';
import type { Pack } from '../pack/types';
import { formatPackError, validatePack, type MessageLanguage } from '../pack/validate';

const USAGE = `Usage:
  npm run pack -- validate FILE           check a pack; errors on stderr, one per line
  npm run pack -- verify FILE --sources DIR
                                          check each fact's evidence against its source's text,
                                          found in DIR by SHA-256
  npm run pack -- stats FILE [--all] [--json]
                                          counts, facts per entity, languages, coverage gaps
  npm run pack -- audit FILE [--pages DIR] [--json]
                                          look-alikes: ordinary words, shared and short aliases,
                                          background-like entities; with --pages, the mentions
                                          found in the .html/.htm/.txt(.gz) pages under DIR
  npm run pack -- keygen --out KEY        a new Ed25519 signing key: KEY (private) and KEY.pub
  npm run pack -- sign FILE --key KEY     FILE.sig: the signature of FILE's exact bytes
  npm run pack -- verify-signature FILE [--pub KEY.pub]
                                          exit 0 when FILE.sig matches FILE (and the key), else 1
Options:
  --lang en|fr   language of error messages (default en)`;

/** Problems are thrown as this, with the lines to print, and end the command with exit 1. */
class Failure extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

class UsageError extends Error {}

interface Options {
  lang: MessageLanguage;
  sources: string | undefined;
  pages: string | undefined;
  all: boolean;
  json: boolean;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sources: { type: 'string' },
        pages: { type: 'string' },
        out: { type: 'string' },
        key: { type: 'string' },
        pub: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, file, ...extra] = positionals;
  if (command === 'keygen') {
    if (file !== undefined) return usage(`unexpected argument: ${positionals.slice(1).join(' ')}`);
    if (values.out === undefined) return usage('keygen needs --out KEY');
    return await runSigning(() => keygen(values.out!));
  }
  if (command === undefined || file === undefined) return usage('a command and a FILE are needed');
  if (extra.length > 0) return usage(`unexpected argument: ${extra.join(' ')}`);
  if (values.lang !== 'en' && values.lang !== 'fr') return usage('--lang is en or fr');
  const options: Options = {
    lang: values.lang,
    sources: values.sources,
    pages: values.pages,
    all: values.all,
    json: values.json,
  };

  try {
    switch (command) {
      case 'validate':
        return runValidate(file, options);
      case 'verify':
        return runVerify(file, options);
      case 'stats':
        return runStats(file, options);
      case 'audit':
        return await runAudit(file, options);
      case 'sign':
        if (values.key === undefined) return usage('sign needs --key KEY');
        return await runSigning(() => sign(file, values.key!));
      case 'verify-signature':
        return await runSigning(() => verifySignature(file, values.pub));
      default:
        return usage(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof Failure) {
      process.stderr.write(`${error.lines.join('\n')}\n`);
      return 1;
    }
    throw error;
  }
}

// --- keygen, sign, verify-signature -------------------------------------------

/** Runs a signing command: its reason on stderr and exit 1 when it fails. */
async function runSigning(command: () => Promise<string>): Promise<number> {
  try {
    process.stdout.write(`${await command()}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    process.stderr.write(`pack: ${error.message}\n`);
    return 1;
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A small file's bytes, or a SignatureError naming it. */
function readSmall(path: string, what: string, max = MAX_SIGNATURE_FILE_BYTES): Uint8Array {
  try {
    const { size } = statSync(path);
    if (size > max) throw new SignatureError(`${what} ${path} is too large (${size} bytes)`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new SignatureError(`cannot read ${what} ${path} (${reason})`);
  }
}

async function keygen(out: string): Promise<string> {
  const path = userPath(out);
  // Never over an existing key: losing a signing key locks its readers out of updates.
  for (const existing of [path, `${path}.pub`]) {
    if (existsSync(existing)) throw new SignatureError(`${existing} exists: not overwritten`);
  }
  const pair = await generateKeyPair();
  try {
    writeFileSync(path, encodeKeyFile(pair), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    throw new SignatureError(`cannot write the key (${reasonOf(error)})`);
  }
  try {
    writeFileSync(`${path}.pub`, encodePublicKeyFile(pair.publicKey), { flag: 'wx' });
  } catch (error) {
    rmSync(path, { force: true }); // no private key left behind without its public half
    throw new SignatureError(`cannot write the public key (${reasonOf(error)})`);
  }
  return `${out}: new signing key ${shortFingerprint(await fingerprint(pair.publicKey))}; public key in ${out}.pub (keep ${out} private)`;
}

async function sign(file: string, keyFile: string): Promise<string> {
  const bytes = readSmall(userPath(file), 'the pack', LIMITS.maxPackBytes);
  const pair = readKeyFile(readSmall(userPath(keyFile), 'the key file'));
  const signature = await signPack(bytes, pair);
  try {
    writeFileSync(`${userPath(file)}.sig`, encodeSignatureFile(signature));
  } catch (error) {
    throw new SignatureError(`cannot write ${file}.sig (${reasonOf(error)})`);
  }
  return `${file}.sig: signed by key ${shortFingerprint(await fingerprint(pair.publicKey))}`;
}

async function verifySignature(file: string, pub: string | undefined): Promise<string> {
  const bytes = readSmall(userPath(file), 'the pack', LIMITS.maxPackBytes);
  const signature = readSignatureFile(readSmall(`${userPath(file)}.sig`, 'the signature file'));
  const expected =
    pub === undefined
      ? undefined
      : readPublicKeyFile(readSmall(userPath(pub), 'the public key file'));
  const checked = await verifyPack(bytes, signature, expected);
  if (!checked.ok) throw new SignatureError(`${file}: ${checked.reason}`);
  return `${file}: signature good, key ${shortFingerprint(checked.fingerprint)}`;
}

function usage(problem: string): number {
  process.stderr.write(`pack: ${problem}\n\n${USAGE}\n`);
  return 2;
}

/** npm runs scripts from the package root; INIT_CWD is where the reader typed the command. */
function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Reads and validates, or throws a Failure with every error's line. */
function loadPack(file: string, lang: MessageLanguage): Pack {
  const path = userPath(file);
  let bytes: Uint8Array;
  try {
    // The size is checked before reading: a huge file is never loaded.
    const { size } = statSync(path);
    if (size > LIMITS.maxPackBytes) {
      const tooLarge = packError('', 'too-large', { size, max: LIMITS.maxPackBytes });
      throw new Failure([formatPackError(tooLarge, lang)]);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof Failure) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Failure([`$: cannot read ${JSON.stringify(file)} (${reason})`]);
  }
  const result = validatePack(bytes);
  if (!result.ok) throw new Failure(result.errors.map((e) => formatPackError(e, lang)));
  return result.pack;
}

function runValidate(file: string, options: Options): number {
  const pack = loadPack(file, options.lang);
  process.stdout.write(
    `${file}: valid pack ${pack.id} ${pack.version} ` +
      `(${count(pack.sources.length, 'source')}, ${count(pack.entities.length, 'entity', 'entities')}, ` +
      `${count(pack.facts.length, 'fact')})\n`,
  );
  return 0;
}

// --- verify --------------------------------------------------------------------

interface SourceFile {
  /** Relative to the sources directory, for messages. */
  name: string;
  path: string;
}

/** SHA-256 (hex, of the raw bytes) → file, for every regular file under `dir`. */
function hashSourceFiles(dir: string): Map<string, SourceFile> {
  const byDigest = new Map<string, SourceFile>();
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) {
        const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
        if (!byDigest.has(digest)) byDigest.set(digest, { name: relative(dir, path), path });
      }
    }
  }
  return byDigest;
}

function runVerify(file: string, options: Options): number {
  if (options.sources === undefined) throw new UsageError('verify needs --sources DIR');
  const pack = loadPack(file, options.lang);
  const dir = userPath(options.sources);
  let files: Map<string, SourceFile>;
  try {
    files = hashSourceFiles(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Failure([`$: cannot read the sources directory (${reason})`]);
  }

  const failures: string[] = [];
  /** Folded source texts by source id; null when the source cannot be read. */
  const texts = new Map<string, { text: string; file: string } | null>();
  pack.sources.forEach((source, i) => {
    const citing = pack.facts.filter((fact) => fact.source === source.id).length;
    if (citing === 0) return;
    const unchecked = `${count(citing, 'fact')} not checked`;
    if (source.sha256 === undefined) {
      failures.push(`sources[${i}]: no sha256, so its text cannot be found (${unchecked})`);
      texts.set(source.id, null);
      return;
    }
    const found = files.get(source.sha256);
    if (!found) {
      failures.push(
        `sources[${i}].sha256: no file in the sources directory has this digest (${unchecked})`,
      );
      texts.set(source.id, null);
      return;
    }
    const text = new TextDecoder('utf-8').decode(readFileSync(found.path));
    texts.set(source.id, { text: foldWhiteSpace(text), file: found.name });
  });

  let verified = 0;
  pack.facts.forEach((fact, i) => {
    const source = texts.get(fact.source);
    if (!source) return;
    if (source.text.includes(foldWhiteSpace(fact.evidence))) verified++;
    else {
      failures.push(
        `facts[${i}].evidence: not found in the text of source ${JSON.stringify(fact.source)} (${source.file})`,
      );
    }
  });

  if (failures.length > 0) throw new Failure(failures);
  process.stdout.write(
    `${file}: the evidence of all ${count(verified, 'fact')} found in its source\n`,
  );
  return 0;
}

// --- stats ---------------------------------------------------------------------

/** Lists longer than this are cut unless --all. */
const SHORT_LIST = 20;

function runStats(file: string, options: Options): number {
  const pack = loadPack(file, options.lang);
  const stats = packStats(pack);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${statsReport(pack, stats, options.all).join('\n')}\n`);
  return 0;
}

function statsReport(pack: Pack, stats: PackStats, all: boolean): string[] {
  const lines = [
    `${pack.title} (${pack.id} ${pack.version}, ${pack.language})`,
    `  ${count(stats.sources, 'source')}, ${count(stats.entities, 'entity', 'entities')}, ` +
      `${count(stats.facts, 'fact')}, ${count(stats.aliases, 'alias', 'aliases')}`,
    '',
    'Entities by type:',
    ...Object.entries(stats.entitiesByType)
      .sort(([, a], [, b]) => b - a)
      .map(([type, n]) => `  ${type.padEnd(14)}${n}`),
    '',
    `Languages covered: ${stats.languages.join(', ') || '(none)'}`,
    ...stats.languages.map(
      (lang) => `  ${lang.padEnd(14)}${count(stats.factsByLanguage[lang] ?? 0, 'fact')}`,
    ),
    '',
  ];

  const perEntity = [...stats.factsPerEntity].sort((a, b) => b.asSubject - a.asSubject);
  const subjectCounts = perEntity.map((e) => e.asSubject);
  if (subjectCounts.length > 0) {
    const median = subjectCounts[Math.floor(subjectCounts.length / 2)] ?? 0;
    const idWidth = Math.max(...perEntity.map((e) => e.entityId.length)) + 2;
    lines.push(
      `Facts per entity (as subject): most ${subjectCounts[0] ?? 0}, median ${median}, ` +
        `least ${subjectCounts.at(-1) ?? 0}`,
      ...cut(
        perEntity.map(
          (e) => `  ${e.entityId.padEnd(idWidth)}${e.asSubject} (mentioned in ${e.mentioned})`,
        ),
        all,
      ),
      '',
    );
  }

  const gaps = [
    ...stats.entitiesWithoutFacts.map((id) => `  ${id}: no facts`),
    ...stats.missingFacts.map((g) => `  ${g.entityId}: no facts in ${g.languages.join(', ')}`),
    ...stats.missingDescriptions.map(
      (g) => `  ${g.entityId}: no description in ${g.languages.join(', ')}`,
    ),
    ...stats.unusedSources.map((id) => `  source ${id}: cited by no fact`),
  ];
  lines.push(gaps.length > 0 ? `Gaps (${gaps.length}):` : 'Gaps: none', ...cut(gaps, all));
  return lines;
}

function cut(lines: string[], all: boolean): string[] {
  if (all || lines.length <= SHORT_LIST) return lines;
  return [
    ...lines.slice(0, SHORT_LIST),
    `  … ${lines.length - SHORT_LIST} more (--all shows them)`,
  ];
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

// --- audit ---------------------------------------------------------------------

async function runAudit(file: string, options: Options): Promise<number> {
  const pack = loadPack(file, options.lang);
  // Loaded here: the other commands need neither the page parser nor the word lists.
  const { auditReport, auditWithPages, PagesDirectoryError } = await import('./audit');
  const pagesDir = options.pages === undefined ? undefined : userPath(options.pages);
  let result;
  try {
    result = await auditWithPages(pack, pagesDir);
  } catch (error) {
    // A page that cannot be read is a finding; a directory that cannot, a failure.
    if (error instanceof PagesDirectoryError) {
      throw new Failure([`$: cannot read the pages directory (${error.message})`]);
    }
    throw error;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${auditReport(pack, result).join('\n')}\n`);
  return result.findings.some((f) => f.level === 'error') ? 1 : 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
