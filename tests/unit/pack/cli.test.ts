/**
 * The pack tool as other checks run it: exit codes and output lines. Each
 * spawn costs about a second, so these tests are few and cover much.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pack } from '../../../lib/pack/types';
import { minimalPack } from './fixtures';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'lib/cli/pack.ts');

function runPack(...args: string[]) {
  const result = spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  // Lines a reader sees, without the trailing newline.
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');
  return { status: result.status, stdout: lines(result.stdout), stderr: lines(result.stderr) };
}

/** The source text; its evidence is spread over lines and spaces as a page would be. */
const SOURCE_TEXT =
  'Announcing The Stargate Project.\n\nThe Stargate Project is a new company which\n' +
  'intends to invest   $500 billion over the next four years building new AI infrastructure.\n';

let dir: string;
const file = (name: string) => join(dir, name);

function writePack(name: string, pack: Pack): string {
  writeFileSync(file(name), JSON.stringify(pack, null, 2));
  return file(name);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reperes-pack-cli-'));
  mkdirSync(file('sources/nested'), { recursive: true });
  writeFileSync(file('sources/nested/stargate.txt'), SOURCE_TEXT);
  writeFileSync(file('sources/unrelated.txt'), 'Nothing to see.');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function packWithDigest(): Pack {
  const pack = minimalPack();
  pack.sources[0]!.sha256 = createHash('sha256').update(SOURCE_TEXT, 'utf8').digest('hex');
  return pack;
}

// Each test runs the CLI as a process several times: on a loaded machine that takes seconds.
describe('npm run pack', { timeout: 120_000 }, () => {
  it('validate: exit 0 for a valid pack, exit 1 with one error per line, each with its path', () => {
    const valid = runPack('validate', writePack('valid.json', minimalPack()));
    expect(valid).toMatchObject({ status: 0, stderr: [] });

    const pack = minimalPack();
    for (let i = 1; i <= 12; i++) pack.facts.push({ ...pack.facts[0]!, id: `f${i + 1}` });
    pack.facts[12]!.source = 's9';
    pack.facts[3]!.entities = ['stargate', 'nobody'];
    const invalid = runPack('validate', writePack('invalid.json', pack));
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toEqual([
      'facts[3].entities[1]: unknown entity "nobody"',
      'facts[12].source: unknown source "s9"',
    ]);

    writeFileSync(file('broken.json'), '{"format": "reperes-pack", ');
    const broken = runPack('validate', file('broken.json'), '--lang', 'fr');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toHaveLength(1);
    expect(broken.stderr[0]).toMatch(/^\$\u00a0: JSON invalide/);

    expect(runPack('validate', file('missing.json')).status).toBe(1);
    expect(runPack('frobnicate', file('valid.json')).status).toBe(2);
  });

  it('verify: finds sources by digest, folds white space, lists each failure', () => {
    const good = runPack(
      'verify',
      writePack('good.json', packWithDigest()),
      '--sources',
      file('sources'),
    );
    expect(good).toMatchObject({ status: 0, stderr: [] });

    const pack = packWithDigest();
    pack.facts.push({ ...pack.facts[0]!, id: 'f2', evidence: 'intends to invest $600 billion' });
    pack.sources.push({ ...pack.sources[0]!, id: 's2', sha256: '0'.repeat(64) });
    pack.facts.push({ ...pack.facts[0]!, id: 'f3', source: 's2' });
    const bad = runPack('verify', writePack('bad.json', pack), '--sources', file('sources'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toEqual([
      'sources[1].sha256: no file in the sources directory has this digest (1 fact not checked)',
      `facts[1].evidence: not found in the text of source "s1" (${join('nested', 'stargate.txt')})`,
    ]);
  });

  it('stats: counts, languages and gaps', () => {
    const stats = runPack('stats', writePack('stats.json', minimalPack()));
    expect(stats.status).toBe(0);
    expect(stats.stdout).toContain('Languages covered: en, fr');
    expect(stats.stdout).toContain('  openai: no facts');
    expect(stats.stdout).toContain('  stargate: no facts in fr');
    expect(stats.stdout).toContain('  openai: no description in fr');
  });

  it('keygen, sign, verify-signature: a key never overwritten, a signature that holds, a tampered pack refused', () => {
    const key = file('maintainer.key');
    const made = runPack('keygen', '--out', key);
    expect(made.status).toBe(0);
    expect(made.stdout[0]).toMatch(/new signing key ([0-9a-f]{4} ){7}[0-9a-f]{4}/);
    expect(readFileSync(key, 'utf8')).toContain('"privateKey"');
    expect(readFileSync(`${key}.pub`, 'utf8')).not.toContain('privateKey');
    expect(statSync(key).mode & 0o077).toBe(0); // the private key is for its owner only
    expect(runPack('keygen', '--out', key)).toMatchObject({
      status: 1,
      stderr: [`pack: ${key} exists: not overwritten`],
    });

    const pack = writePack('signed.json', minimalPack());
    expect(runPack('sign', pack, '--key', key).status).toBe(0);
    expect(JSON.parse(readFileSync(`${pack}.sig`, 'utf8'))).toMatchObject({
      format: 'reperes-signature',
      algorithm: 'Ed25519',
    });
    expect(runPack('verify-signature', pack, '--pub', `${key}.pub`)).toMatchObject({
      status: 0,
      stderr: [],
    });

    // Another key expected: refused, with both fingerprints.
    const other = file('other.key');
    runPack('keygen', '--out', other);
    const wrongKey = runPack('verify-signature', pack, '--pub', `${other}.pub`);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr[0]).toMatch(/signed by key .+, not by the expected key/);

    // One byte added to the pack: refused.
    writeFileSync(pack, `${readFileSync(pack, 'utf8')} `);
    expect(runPack('verify-signature', pack)).toMatchObject({
      status: 1,
      stderr: [`pack: ${pack}: the signature does not match the pack's bytes`],
    });
    expect(runPack('verify-signature', file('stats.json')).status).toBe(1); // no .sig at all
  });
});
