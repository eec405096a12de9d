/**
 * Runs work in slices short enough that the page never sees a long task from
 * us: each slice stops at its deadline and yields to the page (with
 * scheduler.yield where the browser has it, so our work resumes promptly
 * after the page's own tasks, else a macrotask).
 */
export const SLICE_MS = 8;

interface SchedulerWithYield {
  yield(): Promise<void>;
}

export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<SchedulerWithYield> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resume) => setTimeout(resume, 0));
}

/**
 * Resolves after the browser's next rendering step (style and layout done),
 * so that geometry can be read without forcing a layout; at once in a
 * hidden tab, which renders no frame.
 */
export function afterNextFrame(): Promise<void> {
  if (document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((done) => requestAnimationFrame(() => void yieldToPage().then(done)));
}

/**
 * One slice of main-thread time, shared by consecutive pieces of work (load
 * the index, walk the page, paint) so that together, not each, they stay
 * within the slice before yielding.
 */
export class Slice {
  private deadline: number;

  constructor(
    private readonly sliceMs = SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + sliceMs;
  }

  get expired(): boolean {
    return this.now() >= this.deadline;
  }

  /** Yields to the page if this slice's time is up, then starts the next slice. */
  async pass(): Promise<void> {
    if (!this.expired) return;
    await yieldToPage();
    this.deadline = this.now() + this.sliceMs;
  }
}

/**
 * Calls `step` until it returns false, yielding whenever the slice's time is
 * up. Resolves false if `signal` aborted before the end.
 */
export async function runInSlices(
  step: () => boolean,
  signal?: AbortSignal,
  slice: Slice = new Slice(),
): Promise<boolean> {
  function* steps(): Generator<void, boolean> {
    while (step()) yield;
    return true;
  }
  return (await runGeneratorInSlices(steps(), signal, slice)) ?? false;
}

/**
 * Runs a generator that yields at points where it may be paused, in slices;
 * resolves with its result, or undefined if `signal` aborted first.
 */
export async function runGeneratorInSlices<T>(
  work: Generator<unknown, T>,
  signal?: AbortSignal,
  slice: Slice = new Slice(),
): Promise<T | undefined> {
  // Work that came just before in the same slice may have used it up.
  if (slice.expired) await slice.pass();
  for (;;) {
    if (signal?.aborted) {
      work.return(undefined as T);
      return undefined;
    }
    const next = work.next();
    if (next.done) return next.value;
    if (slice.expired) await slice.pass();
  }
}
