/**
 * How well the page-date detector (lib/dom/page-date.ts) reads the saved real
 * pages of ../shared/real-pages, against the dates we labelled by hand from
 * each page's visible byline and metadata (tests/fixtures/real-pages/dates.json).
 *
 *   npm run -s page-dates            the table
 *   npm run -s page-dates -- --json  the figures, then one line per page that is not exact
 *
 * The unit test tests/unit/dom/page-date-real.test.ts holds the detector to its aims.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { savedPageDate } from '@/lib/cli/scan-text';

export const REAL_PAGES = join(import.meta.dirname, '../../../shared/real-pages');
const LABELS = join(import.meta.dirname, '../fixtures/real-pages/dates.json');

export interface DateLabel {
  published: string | null;
  basis: 'byline' | 'metadata' | 'url' | 'none';
  note?: string;
}

export type Outcome = 'exact' | 'one-day' | 'wrong' | 'missed' | 'none' | 'invented';

export interface PageOutcome {
  file: string;
  label: string | null;
  found: string | null;
  from: string | null;
  outcome: Outcome;
}

export interface Accuracy {
  pages: number;
  /** Pages with a labelled date. */
  dated: number;
  exact: number;
  withinOneDay: number;
  /** Found a date more than a day off, or a date on a page that has none. */
  wrong: number;
  /** No date found where the page has one. */
  missed: number;
  exactShare: number;
  wrongShare: number;
  outcomes: PageOutcome[];
}

const DAY_MS = 86_400_000;

function outcomeOf(label: string | null, found: string | null): Outcome {
  if (label === null) return found === null ? 'none' : 'invented';
  if (found === null) return 'missed';
  if (found === label) return 'exact';
  return Math.abs(Date.parse(found) - Date.parse(label)) <= DAY_MS ? 'one-day' : 'wrong';
}

/** The detector on every labelled page, each read with the URL it was saved from. */
export async function measurePageDates(now = new Date()): Promise<Accuracy> {
  const labels = JSON.parse(readFileSync(LABELS, 'utf8')) as Record<string, DateLabel>;
  const urls = new Map(
    (
      JSON.parse(readFileSync(join(REAL_PAGES, 'pages.json'), 'utf8')) as {
        file: string;
        url: string;
      }[]
    ).map((page) => [page.file, page.url]),
  );
  const outcomes: PageOutcome[] = [];
  for (const [file, label] of Object.entries(labels)) {
    const html = gunzipSync(readFileSync(join(REAL_PAGES, file))).toString('utf8');
    const found = await savedPageDate(html, { now, url: urls.get(file) ?? '' });
    outcomes.push({
      file,
      label: label.published,
      found: found?.published ?? null,
      from: found?.from ?? null,
      outcome: outcomeOf(label.published, found?.published ?? null),
    });
  }
  const count = (...kinds: Outcome[]) => outcomes.filter((o) => kinds.includes(o.outcome)).length;
  const dated = outcomes.filter((o) => o.label !== null).length;
  const exact = count('exact');
  const wrong = count('wrong', 'invented');
  return {
    pages: outcomes.length,
    dated,
    exact,
    withinOneDay: count('exact', 'one-day'),
    wrong,
    missed: count('missed'),
    exactShare: exact / dated,
    wrongShare: wrong / outcomes.length,
    outcomes,
  };
}

const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

async function main(): Promise<void> {
  const result = await measurePageDates();
  if (process.argv.includes('--json')) {
    const { outcomes, ...figures } = result;
    console.log(JSON.stringify(figures));
    for (const outcome of outcomes)
      if (outcome.outcome !== 'exact' && outcome.outcome !== 'none')
        console.log(JSON.stringify(outcome));
    return;
  }
  const rows: [string, string][] = [
    ['pages labelled', String(result.pages)],
    ['pages with a date', String(result.dated)],
    ['exact day', `${result.exact} (${percent(result.exactShare)} of dated pages)`],
    ['within one day', `${result.withinOneDay} (${percent(result.withinOneDay / result.dated)})`],
    [
      'wrong (over a day off, or a date on an undated page)',
      `${result.wrong} (${percent(result.wrongShare)} of pages)`,
    ],
    [
      'none found where a date exists',
      `${result.missed} (${percent(result.missed / result.dated)})`,
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
