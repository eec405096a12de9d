/**
 * Main-thread time from a Chrome trace, recorded over CDP's Tracing domain
 * while a page loads. Only the renderer main thread that parsed the page
 * counts. A "task" is a top-level task of that thread (RunTask); nested
 * tasks are part of their parent.
 */
import type { CDPSession, Page } from 'playwright-core';
import { median } from './stats';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      url?: string;
      stackTrace?: { url?: string }[];
      /** Profile: when sampling started. ProfileChunk: new nodes, samples, and the time before each. */
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
      /** MarkDOMContent: whether the mark is the page's own, not a subframe's. */
      isOutermostMainFrame?: boolean;
    };
    beginData?: { url?: string };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'blink.user_timing',
  // V8's sampling profiler: which script runs, every few hundred microseconds.
  'disabled-by-default-v8.cpu_profiler',
  '__metadata',
].join(',');

export class Tracer {
  private readonly events: TraceEvent[] = [];
  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Tracing.dataCollected', (payload: { value: object[] }) => {
      this.events.push(...(payload.value as TraceEvent[]));
    });
  }

  static async start(page: Page): Promise<Tracer> {
    const cdp = await page.context().newCDPSession(page);
    const tracer = new Tracer(cdp);
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    return tracer;
  }

  async stop(): Promise<TraceEvent[]> {
    const complete = new Promise<void>((done) => {
      this.cdp.once('Tracing.tracingComplete', () => done());
    });
    await this.cdp.send('Tracing.end');
    await complete;
    await this.cdp.detach().catch(() => undefined);
    return this.events;
  }
}

export interface MainThreadSummary {
  /** Sum of the top-level tasks' durations on the page's main thread, ms. */
  busyMs: number;
  /**
   * The part of busyMs after the page's parse (DOMContentLoaded and the
   * layout of the last part parsed), or from the first sign of extension
   * code, were it earlier, ms: what differences with − without are taken
   * over. The content script runs at document_idle, after DOMContentLoaded;
   * before it, the page parses in chunks, each laid out in turn, and where
   * the chunks fall varies from load to load (four to eight on the 1M page,
   * 430 to 640 ms of layout without the extension, and 6 to 91 ms for the
   * last one): noise that no extension code takes part in. busyMs − this is
   * reported apart.
   */
  afterParseMs: number;
  /** That time by kind of work (see COST_KINDS). */
  byKind: CostByKind;
  longestTaskMs: number;
  /** Top-level tasks in which extension code ran (an event with its URL, or V8 samples of it), ms. */
  extensionTasksMs: number;
  longestExtensionTaskMs: number;
  /** The most extension code sampled inside one task, ms: its own share of its longest task. */
  longestExtensionRunMs: number;
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const isExtensionUrl = (url: string | undefined) => url?.startsWith('chrome-extension://') ?? false;

/** Less than this much of our code sampled in a task is the bench's own polling of the page. */
const SAMPLED_MS = 0.5;

/**
 * Whether an event inside a task shows extension work by its script URL
 * (its evaluation, its event handlers and timers). Continuations of its
 * async functions (after await or scheduler.yield) carry no URL in the
 * trace; V8's samples show them (see `sampledExtensionTime`).
 */
function isExtensionEvent(event: TraceEvent): boolean {
  const data = event.args?.data;
  return (
    isExtensionUrl(data?.url) || (data?.stackTrace?.some((f) => isExtensionUrl(f.url)) ?? false)
  );
}

/**
 * What the page's main thread spent its time on, by the trace's events'
 * self time (an event's time less that of the events nested in it):
 * - `scriptLoad`: compiling and evaluating the extension's scripts;
 * - `javascript`: running scripts otherwise (tasks, microtasks, handlers,
 *   V8's work other than garbage collection). The saved pages are served
 *   without their scripts, so with − without, this is the extension's code;
 * - `styleLayout`: style recalculation, layout and pre-paint (highlights
 *   restyle their text);
 * - `paint`: painting, layerising and committing frames;
 * - `gc`: garbage collection;
 * - `other`: parsing, the scheduler's own time, messages from the browser.
 */
export const COST_KINDS = [
  'scriptLoad',
  'javascript',
  'styleLayout',
  'paint',
  'gc',
  'other',
] as const;
export type CostKind = (typeof COST_KINDS)[number];
export type CostByKind = Record<CostKind, number>;

const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'Layout', 'PrePaint']);
const PAINT = new Set([
  'Paint',
  'PaintImage',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'CompositeLayers',
]);
const JAVASCRIPT = new Set([
  'EvaluateScript',
  'FunctionCall',
  'RunMicrotasks',
  'BlinkScheduler_PerformMicrotaskCheckpoint',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
  'FireIdleCallback',
]);

function kindOf(event: TraceEvent): CostKind {
  const { name } = event;
  if ((name === 'EvaluateScript' || name === 'v8.compile') && isExtensionEvent(event)) {
    return 'scriptLoad';
  }
  if (name.includes('GC')) return 'gc';
  if (STYLE_LAYOUT.has(name)) return 'styleLayout';
  if (PAINT.has(name)) return 'paint';
  if (JAVASCRIPT.has(name) || name.startsWith('V8.') || name.startsWith('v8.')) return 'javascript';
  return 'other';
}

/** Self time by kind of the events inside top-level tasks, ms (`events`: the thread's, sorted by start). */
function costByKind(events: readonly TraceEvent[]): CostByKind {
  const cost = Object.fromEntries(COST_KINDS.map((kind) => [kind, 0])) as CostByKind;
  const open: { end: number; kind: CostKind; dur: number; nested: number }[] = [];
  const leave = () => {
    const done = open.pop()!;
    cost[done.kind] += (done.dur - done.nested) / 1000;
    if (open.length > 0) open[open.length - 1]!.nested += done.dur;
  };
  for (const event of events) {
    while (open.length > 0 && open[open.length - 1]!.end <= event.ts) leave();
    if (open.length === 0 && !TASK_NAMES.has(event.name)) continue;
    open.push({ end: event.ts + event.dur!, kind: kindOf(event), dur: event.dur!, nested: 0 });
  }
  while (open.length > 0) leave();
  return cost;
}

/** Per kind, the median over pairs of the difference with − without (each kind's own median). */
export function costDifferences(
  pairs: readonly { with?: CostByKind | null; without?: CostByKind | null }[],
): CostByKind | null {
  const complete = pairs.filter((pair) => pair.with && pair.without);
  if (complete.length === 0) return null;
  return Object.fromEntries(
    COST_KINDS.map((kind) => [
      kind,
      median(complete.map((pair) => pair.with![kind] - pair.without![kind])),
    ]),
  ) as CostByKind;
}

/**
 * The moments the sampling profiler of the page's thread found extension
 * code on the stack, each with the time it stands for (µs). A profile's
 * chunks add nodes as they go; a sample's time is the sum of the deltas so far.
 */
function sampledExtensionTime(events: TraceEvent[], thread: string): { ts: number; dur: number }[] {
  const profile = events.find((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === thread);
  if (!profile?.args?.data?.startTime) return [];
  const chunks = events
    .filter((e) => e.name === 'ProfileChunk' && e.pid === profile.pid && e.id === profile.id)
    .sort((a, b) => a.ts - b.ts);
  const parents = new Map<number, number | undefined>();
  const urls = new Map<number, string>();
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const parent = parents.get(id);
    const result = isExtensionUrl(urls.get(id)) || (parent !== undefined && isOurs(parent));
    ours.set(id, result);
    return result;
  };
  const samples: { ts: number; dur: number }[] = [];
  let time = profile.args.data.startTime;
  for (const chunk of chunks) {
    const data = chunk.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      parents.set(node.id, node.parent);
      urls.set(node.id, node.callFrame.url);
    }
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    ids.forEach((id, k) => {
      const delta = deltas[k] ?? 0;
      time += delta;
      if (isOurs(id)) samples.push({ ts: time, dur: delta });
    });
  }
  return samples;
}

/** The renderer main thread (pid:tid) that parsed a page whose URL starts with `urlPrefix`. */
function pageThread(events: TraceEvent[], urlPrefix: string): string | undefined {
  const parse = events.find(
    (e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith(urlPrefix),
  );
  return parse ? `${parse.pid}:${parse.tid}` : undefined;
}

/** When the page set the mark `name` (performance.mark), in trace time (µs); undefined if it did not. */
export function markTime(events: readonly TraceEvent[], name: string): number | undefined {
  return events.find((e) => e.name === name && e.cat?.includes('blink.user_timing'))?.ts;
}

/** The events before trace time `ts` (µs), for a summary of what came before it. */
export const eventsBefore = (events: TraceEvent[], ts: number | undefined): TraceEvent[] =>
  ts === undefined ? events : events.filter((e) => e.ts < ts);

/** Busy time of the page's main thread from trace time `ts` (µs) on: its top-level tasks that begin then or later, ms. */
export function busyFrom(events: TraceEvent[], urlPrefix: string, ts: number): number | null {
  const thread = pageThread(events, urlPrefix);
  if (!thread) return null;
  let busyUs = 0;
  let taskEnd = -Infinity;
  const tasks = events
    .filter((e) => `${e.pid}:${e.tid}` === thread && e.ph === 'X' && TASK_NAMES.has(e.name))
    .sort((a, b) => a.ts - b.ts);
  for (const task of tasks) {
    // Nested task events (a task name run inside another) are counted once, with their parent.
    if (task.ts < ts || task.ts < taskEnd) continue;
    busyUs += task.dur ?? 0;
    taskEnd = task.ts + (task.dur ?? 0);
  }
  return busyUs / 1000;
}

/** The page's busy time while it parsed, when no extension code ran (see afterParseMs). */
export const busyParsing = (summary: MainThreadSummary) => summary.busyMs - summary.afterParseMs;

/** The top-level task in progress at `ts` (µs), or the next one; Infinity when none. */
function taskAround(onThread: readonly TraceEvent[], ts: number): { start: number; end: number } {
  const task = onThread.find((e) => TASK_NAMES.has(e.name) && e.ts + e.dur! >= ts);
  return task ? { start: task.ts, end: task.ts + task.dur! } : { start: Infinity, end: Infinity };
}

/**
 * When the page's parse ended (µs): the end of the task that lays out the
 * last part parsed, after the main frame's DOMContentLoaded mark, or the
 * mark itself when no layout follows; without the mark, the trace's start.
 */
function parseEndOf(events: TraceEvent[], onThread: readonly TraceEvent[], thread: string): number {
  const mark = events.find(
    (e) =>
      e.name === 'MarkDOMContent' &&
      e.args?.data?.isOutermostMainFrame === true &&
      `${e.pid}:${e.tid}` === thread,
  );
  if (!mark) return -Infinity;
  const lastChunkLaidOut = onThread.find((e) => e.name === 'Layout' && e.ts >= mark.ts);
  return lastChunkLaidOut ? taskAround(onThread, lastChunkLaidOut.ts).end : mark.ts;
}

export function summarise(events: TraceEvent[], urlPrefix: string): MainThreadSummary | null {
  const thread = pageThread(events, urlPrefix);
  if (!thread) return null;
  const onThread = events
    .filter((e) => `${e.pid}:${e.tid}` === thread && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const samples = sampledExtensionTime(events, thread);
  // After the parse, or from the task in which extension code first shows, were it earlier.
  const firstOurs = Math.min(
    onThread.find(isExtensionEvent)?.ts ?? Infinity,
    samples[0]?.ts ?? Infinity,
  );
  const from = Math.min(
    parseEndOf(events, onThread, thread),
    taskAround(onThread, firstOurs).start,
  );
  const summary: MainThreadSummary = {
    busyMs: 0,
    afterParseMs: 0,
    byKind: costByKind(onThread.filter((event) => event.ts >= from)),
    longestTaskMs: 0,
    extensionTasksMs: 0,
    longestExtensionTaskMs: 0,
    longestExtensionRunMs: 0,
  };
  let next = 0;
  let taskEnd = -Infinity;
  let task: TraceEvent | undefined;
  let taskHasOurEvent = false;
  const close = () => {
    if (!task) return;
    const ms = task.dur! / 1000;
    summary.busyMs += ms;
    if (task.ts >= from) summary.afterParseMs += ms;
    summary.longestTaskMs = Math.max(summary.longestTaskMs, ms);
    // Our samples inside this task (a sample stands for the time just before it).
    while (next < samples.length && samples[next]!.ts <= task.ts) next++;
    let sampledUs = 0;
    for (; next < samples.length && samples[next]!.ts <= taskEnd; next++) {
      sampledUs += samples[next]!.dur;
    }
    const sampledMs = Math.min(sampledUs / 1000, ms);
    if (taskHasOurEvent || sampledMs >= SAMPLED_MS) {
      summary.extensionTasksMs += ms;
      summary.longestExtensionTaskMs = Math.max(summary.longestExtensionTaskMs, ms);
      summary.longestExtensionRunMs = Math.max(summary.longestExtensionRunMs, sampledMs);
    }
  };
  for (const event of onThread) {
    if (event.ts >= taskEnd && TASK_NAMES.has(event.name)) {
      close();
      task = event;
      taskEnd = event.ts + event.dur!;
      taskHasOurEvent = false;
    } else if (event.ts < taskEnd && isExtensionEvent(event)) {
      taskHasOurEvent = true;
    }
  }
  close();
  return summary;
}
