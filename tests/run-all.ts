/**
 * `npm test`: every check, in the order a failure is cheapest to find —
 * typecheck, lint, unit tests, the bundled pack (validated, and its evidence
 * verified against ../shared/articles when present), both builds, Firefox's
 * add-on linter, then the real-browser tests in Chromium and Firefox ESR. Each vitest test counts
 * once, each other check once. Ends with the line `N passed, N failed`.
 *
 * `--only unit|browser` runs one layer (the browser layer builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Tally {
  passed: number;
  failed: number;
}
const tally: Tally = { passed: 0, failed: 0 };
const failures: string[] = [];
const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'reperes-test-'));
const BUNDLED_PACKS = ['data/default-pack.json'];
const SOURCES = '../shared/articles';

function run(command: string, args: string[]): { ok: boolean; stdout: string } {
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

function record(name: string, ok: boolean): void {
  if (ok) tally.passed++;
  else {
    tally.failed++;
    failures.push(name);
  }
}

/** A single pass/fail check. */
function check(name: string, command: string, args: string[]): boolean {
  const { ok } = run(command, args);
  record(name, ok);
  return ok;
}

/** A vitest run: every test counts, and a run that could not start counts as one failure. */
function vitest(name: string, extraArgs: string[]): void {
  const report = join(scratch, `${name}.json`);
  const { ok } = run('npx', [
    'vitest',
    'run',
    ...extraArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (!existsSync(report)) {
    record(`${name} (did not run)`, false);
    return;
  }
  const results = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
    testResults: { name: string; status: string; message: string }[];
  };
  tally.passed += results.numPassedTests;
  tally.failed += results.numFailedTests;
  for (const file of results.testResults) {
    if (file.status === 'failed') failures.push(`${name}: ${file.name}`);
  }
  // A file that fails to load has no tests but must not pass silently.
  if (!ok && results.numFailedTests === 0) record(`${name} (runner failed)`, false);
}

/** Firefox's add-on linter, as AMO runs it: errors fail, warnings are shown. */
function webExtLint(): void {
  const { stdout } = run('npx', [
    'web-ext',
    'lint',
    '--source-dir',
    '.output/firefox-mv3',
    '--output',
    'json',
    '--no-config-discovery',
  ]);
  try {
    const report = JSON.parse(stdout) as {
      summary: { errors: number; warnings: number };
      warnings: { code: string; message: string; file?: string }[];
      errors: { code: string; message: string; file?: string }[];
    };
    for (const item of [...report.errors, ...report.warnings]) {
      console.log(`  ${item.code}: ${item.message} (${item.file ?? 'manifest'})`);
    }
    console.log(
      `web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings`,
    );
    record('web-ext lint', report.summary.errors === 0);
  } catch {
    record('web-ext lint (no report)', false);
  }
}

try {
  if (!only || only === 'unit') {
    check('typecheck', 'npx', ['tsc', '--noEmit']);
    check('eslint', 'npx', ['eslint', '.']);
    check('prettier', 'npx', ['prettier', '--check', '.']);
    vitest('unit', []);
    for (const pack of BUNDLED_PACKS) {
      check(`pack validate ${pack}`, 'npx', ['tsx', 'lib/cli/pack.ts', 'validate', pack]);
      // The articles are third-party text kept outside the repository, beside it.
      if (existsSync(SOURCES)) {
        check(`pack verify ${pack}`, 'npx', [
          'tsx',
          'lib/cli/pack.ts',
          'verify',
          pack,
          '--sources',
          SOURCES,
        ]);
      } else {
        console.log(`\n(${SOURCES} is absent: the evidence of ${pack} is not verified)`);
      }
    }
  }
  if (!only || only === 'browser') {
    const built =
      check('build for Chromium', 'npx', ['wxt', 'build']) &&
      check('build for Firefox', 'npx', ['wxt', 'build', '-b', 'firefox']);
    if (built) {
      webExtLint();
      vitest('browser', ['-c', 'vitest.browser.config.ts']);
    } else {
      record('browser tests (no build)', false);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
