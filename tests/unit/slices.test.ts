import { describe, expect, it } from 'vitest';
import { runGeneratorInSlices, runInSlices, Slice } from '../../lib/slices';

/** A slice on a fake clock that counts how often it yielded to the page. */
class CountingSlice extends Slice {
  yields = 0;
  constructor(clock: { ms: number }) {
    super(8, () => clock.ms);
  }
  override async pass(): Promise<void> {
    if (this.expired) this.yields++;
    await super.pass();
  }
}

describe('time slices', () => {
  it('yield once a slice has used its time, and not before', async () => {
    const clock = { ms: 0 };
    const slice = new CountingSlice(clock);
    let steps = 0;
    // Each step takes 1 ms: 20 steps in slices of 8 ms.
    await runInSlices(() => (clock.ms++, ++steps < 20), undefined, slice);
    expect(steps).toBe(20);
    expect(slice.yields).toBe(2);
  });

  it('share one slice between consecutive pieces of work, so together they stay within it', async () => {
    const clock = { ms: 0 };
    const slice = new CountingSlice(clock);
    let first = 0;
    await runInSlices(() => (clock.ms++, ++first < 6), undefined, slice);
    expect(slice.yields).toBe(0);
    // 6 ms used: the next piece yields after 2 more, not after a fresh 8.
    let second = 0;
    let stepsBeforeYield = -1;
    await runInSlices(
      () => {
        clock.ms++;
        if (slice.yields === 1 && stepsBeforeYield < 0) stepsBeforeYield = second;
        return ++second < 10;
      },
      undefined,
      slice,
    );
    expect(stepsBeforeYield).toBe(2);
  });

  it('yield before any step of work whose slice was used up by what came before it', async () => {
    const clock = { ms: 0 };
    const slice = new CountingSlice(clock);
    // Set-up outside any sliced work took the whole slice.
    clock.ms = 8;
    let yieldsBeforeFirstStep = -1;
    await runInSlices(
      () => {
        if (yieldsBeforeFirstStep < 0) yieldsBeforeFirstStep = slice.yields;
        clock.ms++;
        return false;
      },
      undefined,
      slice,
    );
    expect(yieldsBeforeFirstStep).toBe(1);
  });

  it('run a pausable computation to its result, or stop it when aborted', async () => {
    function* count(to: number): Generator<void, number> {
      let total = 0;
      for (let i = 1; i <= to; i++) {
        total += i;
        yield;
      }
      return total;
    }
    expect(await runGeneratorInSlices(count(100))).toBe(5050);

    const controller = new AbortController();
    let cleanedUp = false;
    function* endless(): Generator<void, number> {
      try {
        for (;;) {
          controller.abort();
          yield;
        }
      } finally {
        cleanedUp = true;
      }
    }
    expect(await runGeneratorInSlices(endless(), controller.signal)).toBeUndefined();
    expect(cleanedUp).toBe(true);
  });

  it('let errors of the computation through', async () => {
    function* broken(): Generator<void, number> {
      yield;
      throw new Error('corrupt matcher index: test');
    }
    await expect(runGeneratorInSlices(broken())).rejects.toThrow('corrupt');
  });
});
