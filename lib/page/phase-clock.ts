/**
 * Where a page's scan spends its time, phase by phase, for the bench: its
 * own build defines `__PHASE_CLOCK__` as true (tests/bench/wxt.bench.config.ts)
 * and reads the totals from `pageStatus`. Every other build defines it as
 * false: there is no clock, the class is left out of the content script, and
 * each timed place costs one test of an undefined value.
 */
declare const __PHASE_CLOCK__: boolean;

/**
 * load and match run where the index lives (the background) and are
 * reported by it; walk and paint are the page's own; message is the round
 * trip less the background's work (serialising, and waking the background).
 */
export type Phase = 'load' | 'walk' | 'match' | 'message' | 'paint';
export type PhaseTotals = Record<Phase, number>;

export class PhaseClock {
  readonly totals: PhaseTotals = { load: 0, walk: 0, match: 0, message: 0, paint: 0 };

  /** Adds the time since `start` (a `performance.now()`) to `phase`. */
  add(phase: Phase, start: number): void {
    this.totals[phase] += performance.now() - start;
  }
}

/** The clock of a build that measures its phases, else none. */
export function phaseClock(): PhaseClock | undefined {
  return typeof __PHASE_CLOCK__ !== 'undefined' && __PHASE_CLOCK__ ? new PhaseClock() : undefined;
}
