/**
 * Main-thread time from a Chrome trace, recorded over CDP's Tracing domain
 * while a page loads. Only the renderer main thread that parsed the page
 * counts. A "task" is a top-level task of that thread (RunTask); nested
 * tasks are part of their parent.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: { url?: string; stackTrace?: { url?: string }[] };
    beginData?: { url?: string };
  };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
  'blink.user_timing',
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
  longestTaskMs: number;
  /** Top-level tasks in which extension code ran (see `isExtensionWork`), ms. */
  extensionTasksMs: number;
  longestExtensionTaskMs: number;
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const isExtensionUrl = (url: string | undefined) => url?.startsWith('chrome-extension://') ?? false;

/** Microtask runs shorter than this are the bench's own page.evaluate calls. */
const MICROTASK_MS = 1;

/**
 * Whether an event inside a task shows extension work: a script URL of the
 * extension (its evaluation, its event handlers and timers), or a microtask
 * run of 1 ms or more. The generated pages run no script of their own that
 * uses promises, so such runs are the content script's async continuations
 * (after await or scheduler.yield), which carry no URL in the trace. The same
 * rule applied to loads without the extension attributes (close to) nothing:
 * the table shows it, as a check.
 */
function isExtensionWork(event: TraceEvent): boolean {
  const data = event.args?.data;
  if (isExtensionUrl(data?.url) || data?.stackTrace?.some((f) => isExtensionUrl(f.url))) {
    return true;
  }
  return event.name === 'RunMicrotasks' && (event.dur ?? 0) >= MICROTASK_MS * 1000;
}

/** The renderer main thread (pid:tid) that parsed a page whose URL starts with `urlPrefix`. */
function pageThread(events: TraceEvent[], urlPrefix: string): string | undefined {
  const parse = events.find(
    (e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith(urlPrefix),
  );
  return parse ? `${parse.pid}:${parse.tid}` : undefined;
}

export function summarise(events: TraceEvent[], urlPrefix: string): MainThreadSummary | null {
  const thread = pageThread(events, urlPrefix);
  if (!thread) return null;
  const onThread = events
    .filter((e) => `${e.pid}:${e.tid}` === thread && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const summary: MainThreadSummary = {
    busyMs: 0,
    longestTaskMs: 0,
    extensionTasksMs: 0,
    longestExtensionTaskMs: 0,
  };
  let taskEnd = -Infinity;
  let task: TraceEvent | undefined;
  let taskIsExtension = false;
  const close = () => {
    if (!task) return;
    const ms = task.dur! / 1000;
    summary.busyMs += ms;
    summary.longestTaskMs = Math.max(summary.longestTaskMs, ms);
    if (taskIsExtension) {
      summary.extensionTasksMs += ms;
      summary.longestExtensionTaskMs = Math.max(summary.longestExtensionTaskMs, ms);
    }
  };
  for (const event of onThread) {
    if (event.ts >= taskEnd && TASK_NAMES.has(event.name)) {
      close();
      task = event;
      taskEnd = event.ts + event.dur!;
      taskIsExtension = false;
    } else if (event.ts < taskEnd && isExtensionWork(event)) {
      taskIsExtension = true;
    }
  }
  close();
  return summary;
}
