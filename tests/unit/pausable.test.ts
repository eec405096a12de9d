import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runToEnd, sortGradually } from '../../lib/pausable';

describe('sorting in steps', () => {
  it('sorts like a stable native sort, across several merged runs', () => {
    const byKey = (a: [number, number], b: [number, number]) => a[0] - b[0];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat()), {
          minLength: 9_000,
          maxLength: 40_000,
        }),
        (items) => {
          const expected = [...items].sort(byKey);
          const sorted = [...items];
          runToEnd(sortGradually(sorted, byKey));
          expect(sorted).toEqual(expected);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('pauses while merging a large array', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const work = sortGradually(items, (a, b) => a - b);
    let pauses = 0;
    for (let step = work.next(); !step.done; step = work.next()) pauses++;
    expect(pauses).toBeGreaterThan(50);
    expect(items.every((value, i) => i === 0 || items[i - 1]! <= value)).toBe(true);
  });
});
