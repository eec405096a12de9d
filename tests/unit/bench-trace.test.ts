/**
 * The bench's reading of a trace (tests/bench/trace.ts): what it reports as
 * the page's busy time and what that time is made of.
 */
import { describe, expect, it } from 'vitest';
import { costDifferences, summarise, type TraceEvent } from '../bench/trace';

const PAGE = 'http://127.0.0.1:1234/page.html';
const EXTENSION = 'chrome-extension://abc/content-scripts/content.js';

/** A complete event on the page's thread, times in ms. */
function event(name: string, startMs: number, durMs: number, url?: string): TraceEvent {
  return {
    name,
    cat: 'devtools.timeline',
    ph: 'X',
    ts: startMs * 1000,
    dur: durMs * 1000,
    pid: 1,
    tid: 2,
    ...(url && { args: { data: { url } } }),
  };
}

const parse = { ...event('ParseHTML', 0, 5), args: { beginData: { url: PAGE } } };

describe('the bench trace summary', () => {
  it('splits the busy time into self time by kind of work', () => {
    const events = [
      event('RunTask', 0, 10),
      parse,
      event('RunTask', 20, 30),
      event('EvaluateScript', 20, 8, EXTENSION),
      event('v8.compile', 21, 3, EXTENSION),
      event('RunMicrotasks', 30, 10),
      event('V8.GC_SCAVENGER_SCAVENGE', 35, 2),
      event('UpdateLayoutTree', 42, 4),
      event('Paint', 47, 2),
      // On another thread: not the page's.
      { ...event('RunTask', 20, 100), tid: 9 },
    ];
    const summary = summarise(events, PAGE)!;
    expect(summary.busyMs).toBe(40);
    expect(summary.byKind).toEqual({
      scriptLoad: 8, // the evaluation (5) and the compile nested in it (3)
      javascript: 8, // the microtasks less the collection inside them
      styleLayout: 4,
      paint: 2,
      gc: 2,
      other: 16, // the tasks' own time and the parsing
    });
    const sum = Object.values(summary.byKind).reduce((a, b) => a + b, 0);
    expect(sum).toBe(summary.busyMs);
  });

  it("leaves the page's parse out of the time differences are taken over", () => {
    const contentLoaded = (startMs: number, isOutermostMainFrame: boolean): TraceEvent => ({
      ...event('MarkDOMContent', startMs, 0),
      ph: 'I',
      dur: undefined,
      args: { data: { isOutermostMainFrame } },
    });
    const page = [
      event('RunTask', 0, 10),
      parse,
      event('RunTask', 20, 30),
      event('Layout', 25, 20),
      contentLoaded(15, false), // a subframe's
      contentLoaded(60, true),
      // The last part parsed, laid out after the mark: still the parse.
      event('RunTask', 61, 8),
      event('Layout', 62, 6),
      event('RunTask', 70, 12),
      event('UpdateLayoutTree', 71, 4),
    ];
    const summary = summarise(page, PAGE)!;
    expect(summary.busyMs).toBe(60);
    expect(summary.afterParseMs).toBe(12);
    expect(summary.byKind.styleLayout).toBe(4);

    // Extension code before the mark (it never runs there today): counted from it.
    const early = summarise([...page, event('EvaluateScript', 21, 2, EXTENSION)], PAGE)!;
    expect(early.afterParseMs).toBe(50);
    expect(early.byKind.styleLayout).toBe(30);
  });

  it("gives each kind's median difference with and without the extension", () => {
    const zero = { scriptLoad: 0, javascript: 0, styleLayout: 0, paint: 0, gc: 0, other: 0 };
    const pairs = [1, 5, 3].map((ms) => ({
      with: { ...zero, javascript: 10 + ms, paint: ms },
      without: { ...zero, javascript: 10 },
    }));
    expect(costDifferences(pairs)).toEqual({ ...zero, javascript: 3, paint: 3 });
    expect(costDifferences([{ with: null, without: zero }])).toBeNull();
  });
});
