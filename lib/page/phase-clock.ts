/**
 * Where a page's scan spends its time, phase by phase, for the bench: its
 * own build defines `__PHASE_CLOCK__` as true (tests/bench/wxt.bench.config.ts)
 * and reads the totals from the mark the clock leaves in the page's
 * performance timeline when the scan has caught up with the reader, which
 * the bench waits for in the page itself: asking the content script (a
 * message every few milliseconds) would add work of the bench's own to the
 * page's main thread that it measures. Every other build defines it as
 * false: there is no clock, the class is left out of the content script,
 * each timed place costs one test of an undefined value, and nothing is
 * ever written into a page's timeline.
 */
declare const __PHASE_CLOCK__: boolean;

/**
 * load and match run where the index lives (the background) and are
 * reported by it; walk and paint are the page's own; message is the round
 * trip less the background's work (serialising, and waking the background).
 */
export type Phase = 'load' | 'walk' | 'match' | 'message' | 'paint';
export type PhaseTotals = Record<Phase, number>;

/** The mark's name; its detail is a `ScanSignal`. */
export const SCANNED_MARK = 'reperes-bench-scanned';

export interface ScanSignal {
  /** Null from the bench's floor, which does no work. */
  phases: PhaseTotals | null;
}

/** Leaves the signal in the page's timeline (the floor's content script gives it too). */
export function markScanned(phases: PhaseTotals | null): void {
  performance.mark(SCANNED_MARK, { detail: { phases } satisfies ScanSignal });
}

export class PhaseClock {
  readonly totals: PhaseTotals = { load: 0, walk: 0, match: 0, message: 0, paint: 0 };

  /** Adds the time since `start` (a `performance.now()`) to `phase`. */
  add(phase: Phase, start: number): void {
    this.totals[phase] += performance.now() - start;
  }

  /** The scan has caught up with the reader (see the module comment). */
  markScanned(): void {
    markScanned({ ...this.totals });
  }
}

/** The clock of a build that measures its phases, else none. */
export function phaseClock(): PhaseClock | undefined {
  return typeof __PHASE_CLOCK__ !== 'undefined' && __PHASE_CLOCK__ ? new PhaseClock() : undefined;
}
