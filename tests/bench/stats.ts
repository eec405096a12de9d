/** Small statistics and timing helpers shared by every measure. */

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile (q in [0, 1]) of a non-empty list. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** Rounds for display and JSON: enough digits to compare, no false precision. */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Rounds to `digits` significant digits: 0.00734 → 0.00734, 73.71 → 73.7. */
export function roundSignificant(value: number | null | undefined, digits = 3): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (value === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return round(value, Math.max(0, digits - 1 - magnitude));
}

export function roundOrNull(value: number | null | undefined, digits = 1): number | null {
  return value === null || value === undefined || !Number.isFinite(value)
    ? null
    : round(value, digits);
}

/** Median of `runs` timed calls after `warmup` untimed ones, in milliseconds. */
export function medianTime(fn: () => void, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Logs progress on stderr, so stdout stays the table (and the JSON line). */
const started = performance.now();

export function progress(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${seconds} s] ${message}\n`);
}

/**
 * tsx compiles with esbuild's keepNames, which wraps named inner functions in
 * a `__name` helper; functions sent to the page (evaluate, addInitScript)
 * need it there too. Install with page.addInitScript before the others.
 */
export const NAME_HELPER = 'globalThis.__name ??= (fn) => fn;';
