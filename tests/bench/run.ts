/**
 * `npm run bench` (issue 8): speed and size figures in one reproducible run,
 * next to the baselines a competitor would use, measured in the same run.
 *
 *   npm run bench                 full run (about 14 minutes on 2 shared cores)
 *   npm run bench -- --quick      reduced run, under two minutes
 *   npm run bench -- --json       the table, then one JSON object on the last line
 *   npm run bench -- --no-build   reuse .output/bench/chrome-mv3 if present
 *
 * Each measure is its own module: match.ts (Node), page.ts, bare-work.ts,
 * card.ts and import.ts (Chromium), search.ts (Node), size.ts. A measure that cannot run
 * yet (a part not built, no mention painted, no card) reports null and a note;
 * it never stops the others. Progress goes to stderr, results to stdout.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { CHROMIUM_PATH } from '../browser/browsers';
import { measureBareWork } from './bare-work';
import { buildExtension, buildFloor } from './build';
import { measureCard } from './card';
import { waitForIndex, withExtension, withFloor, withoutExtension, type Profile } from './chromium';
import { defaultPackNames, syntheticPack } from './corpus';
import { measureImport } from './import';
import { measureMatching } from './match';
import { PageSite, measureColdStart, measurePage, type PageKey } from './page';
import { measurePopup } from './popup';
import { measureRealPages } from './real-pages';
import { toJson, toTable, type BenchResults } from './report';
import { measureSearch } from './search';
import { librariesIn, measureSizes } from './size';
import { progress } from './stats';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
/** `--real-pages=N`: a sample of N saved pages instead of all (full run) or four (--quick). */
const realPagesArg = [...args].find((arg) => arg.startsWith('--real-pages='));
const realPageCount = realPagesArg ? Number(realPagesArg.split('=')[1]) || undefined : undefined;

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${chromiumVersion()}`;

const results: BenchResults = {
  machine,
  quick,
  match: null,
  pages: { '100k': null, '1M': null, '1M-50k-aliases': null },
  bareWork: { '100k': null, '1M': null, '1M-50k-aliases': null },
  realPages: null,
  coldStart: null,
  card: null,
  search: null,
  importResult: null,
  popup: null,
  sizes: null,
  notes: [],
};

/** Runs one measure; a failure becomes a note and null figures. */
async function attempt<T>(what: string, measure: () => Promise<T> | T): Promise<T | null> {
  try {
    return await measure();
  } catch (error) {
    const message = `${what}: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`;
    progress(`failed: ${message}`);
    results.notes.push(`${message} (figures null)`);
    return null;
  }
}

const DEFAULT_ENTITIES = 77;
const LARGE_ENTITIES = 10_000;

// The floor first: both builds write WXT's generated types, and the extension's must be the last.
const floorBuild = await attempt('floor build', () => buildFloor(args.has('--no-build')));
const build = await attempt('build', () => buildExtension(args.has('--no-build')));
if (build) {
  results.sizes = measureSizes(build);
  const inside = librariesIn(build);
  if (inside.length > 0) results.notes.push(`the content script bundles ${inside.join(' and ')}`);
}

results.match = await attempt('matching', () => measureMatching({ quick }));

const largePack = syntheticPack(LARGE_ENTITIES, 10, 'bench-10k');
results.search = await attempt('search', () => measureSearch(largePack));
if (results.search && !results.search.default)
  results.notes.push('search: lib/search is not there yet');

if (build) {
  let site: PageSite | undefined;
  let extended: Profile | undefined;
  let plain: Profile | undefined;
  let floor: Profile | undefined;
  try {
    progress('starting Chromium with and without the extension');
    site = await PageSite.create(
      defaultPackNames(),
      largePack.entities.map((entity) => entity.name),
    );
    extended = await withExtension(build);
    plain = await withoutExtension();
    floor = floorBuild ? await withFloor(floorBuild) : undefined;
    const profiles = { with: extended, without: plain, floor };
    if (!(await waitForIndex(extended, DEFAULT_ENTITIES))) {
      results.notes.push('the bundled pack was not indexed within a minute');
    }
    const page = async (key: PageKey) => {
      results.bareWork[key] = await attempt(`bare work ${key}`, () =>
        measureBareWork(site!, key, plain!, { quick }),
      );
      return attempt(`page ${key}`, () => measurePage(site!, key, profiles, { quick }));
    };
    results.pages['100k'] = await page('100k');
    results.pages['1M'] = await page('1M');
    results.coldStart = await attempt('cold start', () =>
      measureColdStart(site!, '100k', extended!, { quick }),
    );
    results.realPages = await attempt('real pages', () =>
      measureRealPages(profiles, { quick, pages: realPageCount }),
    );
    if (results.realPages === null && !results.notes.some((n) => n.startsWith('real pages'))) {
      results.notes.push('real pages: ../shared/real-pages is absent (figures null)');
    }
    results.card = await attempt('card', () =>
      measureCard(extended!, site!.url('100k'), { quick }),
    );
    results.importResult = await attempt('import', () => measureImport(extended!, largePack));
    const query = largePack.entities[LARGE_ENTITIES / 2]!.name;
    results.popup = await attempt('popup', () =>
      measurePopup(extended!, largePack.id, query, { quick }, floor),
    );
    if (await waitForIndex(extended, DEFAULT_ENTITIES + LARGE_ENTITIES, 120_000)) {
      results.pages['1M-50k-aliases'] = await page('1M-50k-aliases');
    } else {
      results.notes.push(
        'page 1M-50k-aliases: the 10,000-entity pack never reached the matcher index',
      );
    }
  } catch (error) {
    results.notes.push(`Chromium: ${String(error).split('\n')[0]} (browser figures null)`);
  } finally {
    await extended?.close().catch(() => undefined);
    await plain?.close().catch(() => undefined);
    await floor?.close().catch(() => undefined);
    await site?.close().catch(() => undefined);
  }
}

for (const key of ['100k', '1M', '1M-50k-aliases'] as const) {
  if (results.pages[key] && results.pages[key].firstPaintMs === null) {
    results.notes.push(
      `page ${key}: no mention painted in the reperes highlight, so first paint is null`,
    );
  }
}
if (results.card?.cardMs === null) results.notes.push('card: no card opened, so cardMs is null');

console.log(toTable(results));
if (json) console.log(JSON.stringify(toJson(results)));
