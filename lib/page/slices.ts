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
 * Calls `step` until it returns false, yielding whenever a slice's time is
 * up. Resolves false if `signal` aborted before the end.
 */
export async function runInSlices(
  step: () => boolean,
  signal?: AbortSignal,
  sliceMs = SLICE_MS,
  now: () => number = () => performance.now(),
): Promise<boolean> {
  let deadline = now() + sliceMs;
  for (;;) {
    if (signal?.aborted) return false;
    if (!step()) return true;
    if (now() >= deadline) {
      await yieldToPage();
      deadline = now() + sliceMs;
    }
  }
}
