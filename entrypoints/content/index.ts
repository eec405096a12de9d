/**
 * The content script: a thin orchestration of lib/ modules. It reads the
 * settings and the compiled matcher index (one storage read), loads the index
 * and paints mentions in time slices (lib/page/page-scanner), follows page
 * changes in batches, opens cards on hover or from the keyboard, and switches
 * itself off entirely where the reader paused it, turned it off for the site,
 * or the page has no mention (the index is not even loaded where it is off).
 */
import { loadMatcherGradually, type MatcherIndex, type SerializedMatcherIndex } from '@/lib/match';
import { readSettingsAndIndex, watchMatcherIndex } from '@/lib/matcher-storage';
import { messaging } from '@/lib/messaging';
import { ChangeWatcher } from '@/lib/page/change-watcher';
import { mentionAtPoint } from '@/lib/page/hit-test';
import { HoverIntent } from '@/lib/page/hover-intent';
import { MentionMap, type PaintedMention } from '@/lib/page/mention-map';
import { highlightsSupported, MentionPainter } from '@/lib/page/painter';
import { PageScanner } from '@/lib/page/page-scanner';
import { runGeneratorInSlices, Slice } from '@/lib/slices';
import { mentionsInView, stepThrough } from '@/lib/page/keyboard';
import {
  isActiveOn,
  muteEntity,
  mutedOn,
  setSiteDisabled,
  updateSettings,
  watchSettings,
  type Settings,
} from '@/lib/settings';
import { LazyCardView } from './lazy-card';
import { phaseClock } from '@/lib/page/phase-clock';

/** Beyond this, marks stop helping the reader and start costing the page. */
const MAX_MENTIONS = 2000;
const CARD_GRACE_MS = 300;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*', 'file:///*'],
  runAt: 'document_idle',
  // No stylesheet of its own: the card's styles travel as text inside the
  // card script (entrypoints/card), into its shadow root.
  cssInjectionMode: 'manual',
  // Never post a message into the page (its listeners may choke on it); the
  // older copy of this script, after an update, hears the DOM event instead.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    // Only browsers with the Custom Highlight API can mark text without
    // changing the page's DOM; the manifest's minimum versions guarantee it.
    if (!highlightsSupported()) return;
    const startedAt = performance.now();
    const host = location.hostname;
    const stored = await readSettingsAndIndex();
    if (ctx.isInvalid) return;
    let settings = stored.settings;
    /** The index as stored, and loaded (when first needed: not where marks are off). */
    let index = stored.index;
    let matcher: MatcherIndex | undefined;
    /** The index load under way; a restart aborts it, and the restart it served gives up. */
    let loading: AbortController | undefined;

    const clock = phaseClock();
    // Its styles come with the first mark: a page without one never pays their style work.
    const painter = new MentionPainter(
      () => void messaging.sendMessage('loadHighlightStyles', undefined).catch(() => undefined),
    );
    const mentions = new MentionMap();
    let scanner: PageScanner | undefined;
    /** Whether the last full scan finished (see PageStatus.scanned). */
    let scanned = false;
    let focused: PaintedMention | null = null;
    let pointer: AbortController | undefined;

    const card = new LazyCardView(ctx, {
      onPointerInCard: (inside) => intent.pointerInCard(inside),
      onDismiss: () => intent.dismiss(),
      onMuteEntity: (entityId) => void updateSettings((s) => muteEntity(s, host, entityId)),
      onDisableSite: () => void updateSettings((s) => setSiteDisabled(s, host, true)),
    });
    const intent = new HoverIntent<PaintedMention>({
      delayMs: settings.hoverDelayMs,
      graceMs: CARD_GRACE_MS,
      open: (mention) => {
        painter.setActive(mention.range);
        void card.show(mention.entityId, mention.range, {
          focus: mention === focused,
          pageEntities: namedOnPage(),
        });
      },
      close: () => {
        painter.setActive(null);
        focused = null;
        card.hide();
      },
    });
    const watcher = new ChangeWatcher(
      document,
      (batch) => void (batch.massive ? restart() : rescan(batch.nodes)),
      (node) => card.contains(node),
    );

    async function restart(slice = new Slice()): Promise<void> {
      stopAll();
      if (!index || !isActiveOn(settings, host)) return;
      if (!matcher) {
        const load = (loading = new AbortController());
        const loadStart = clock && performance.now();
        const loaded = await loadSafely(index, slice, load.signal);
        // Wall time, slices and what ran between them included: the bench's upper bound.
        if (clock) clock.add('load', loadStart!);
        if (load.signal.aborted) return;
        matcher = loaded;
      }
      if (!matcher) return;
      painter.setStyle(settings.highlightStyle);
      const muted = new Set(mutedOn(settings, host));
      scanner = new PageScanner(document, matcher, painter, mentions, {
        isMuted: (entityId) => muted.has(entityId),
        firstMentionOnly: settings.firstMentionOnly,
        maxMentions: MAX_MENTIONS,
        markScope: settings.markScope,
        host,
        clock,
      });
      watcher.start();
      if (await scanner.scanAll(slice)) {
        scanned = true;
        followPointerIfNeeded();
      }
    }

    async function rescan(nodes: Node[]): Promise<void> {
      if (scanner && (await scanner.rescan(nodes))) followPointerIfNeeded();
    }

    function stopAll(): void {
      scanned = false;
      loading?.abort();
      watcher.stop();
      intent.dismiss();
      scanner?.clear();
      scanner = undefined;
      pointer?.abort();
      pointer = undefined;
    }

    /** The entities this page names, marked or not: a card leads with its links to them. */
    function namedOnPage(): Set<string> {
      return new Set([
        ...mentions.countsByEntity().keys(),
        ...(scanner?.unmarkedCounts().keys() ?? []),
      ]);
    }

    /** Pointer listeners only on pages that have something to point at. */
    function followPointerIfNeeded(): void {
      if (pointer || mentions.size === 0) return;
      pointer = new AbortController();
      const options = { passive: true, capture: true, signal: pointer.signal };
      let frame = 0;
      let last: PointerEvent | undefined;
      document.addEventListener(
        'pointermove',
        (event) => {
          last = event;
          // Hit-testing once per frame is plenty, whatever the pointer's rate.
          frame ||= requestAnimationFrame(() => {
            frame = 0;
            if (last && !card.contains(last.target as Node)) {
              intent.pointerAt(mentionAtPoint(document, mentions, last.clientX, last.clientY));
            }
          });
        },
        options,
      );
      document.addEventListener('scroll', () => intent.scrolled(), options);
      document.addEventListener(
        'keydown',
        (event) => {
          if (event.key === 'Escape' && intent.openTarget) intent.dismiss();
        },
        { capture: true, signal: pointer.signal },
      );
    }

    const stopListening = [
      messaging.onMessage('pageStatus', () => ({
        url: location.href,
        uptimeMs: Math.round(performance.now() - startedAt),
        indexEntities: index?.entityIds.length ?? 0,
        scanned,
        ...(clock && { phases: { ...clock.totals } }),
      })),
      messaging.onMessage('pageMentions', () => [
        ...[...mentions.countsByEntity()].map(([entityId, count]) => ({
          entityId,
          count,
          marked: true,
        })),
        ...[...(scanner?.unmarkedCounts() ?? [])].map(([entityId, count]) => ({
          entityId,
          count,
          marked: false,
        })),
      ]),
      messaging.onMessage('focusMention', ({ data: direction }) => {
        const next = stepThrough(mentionsInView(mentions, window), focused, direction);
        if (!next) return false;
        focused = next;
        revealMention(next);
        intent.openNow(next);
        return true;
      }),
      messaging.onMessage('revealEntity', ({ data: entityId }) => {
        const first = mentions.inDocumentOrder().find((m) => m.entityId === entityId);
        if (!first) return false;
        revealMention(first);
        intent.openNow(first);
        return true;
      }),
      // A new index (packs imported or removed) applies to this open page at once.
      watchMatcherIndex((next) => {
        index = next;
        matcher = undefined;
        void restart();
      }),
      watchSettings((next) => {
        const before = settings;
        settings = next;
        intent.delayMs = next.hoverDelayMs;
        if (marksDiffer(before, next, host)) void restart();
      }),
    ];
    // Single-page apps: a new "page" without a load.
    ctx.addEventListener(window, 'wxt:locationchange', () => void restart());
    // When the extension is reloaded or updated, this copy leaves no trace.
    ctx.onInvalidated(() => {
      stopAll();
      for (const stop of stopListening) stop();
      painter.dispose();
      card.remove();
    });

    await restart();
  },
});

/**
 * Loads the index in time slices (a large one takes longer than a task may
 * last). A damaged index means no marks on this page, never an error in its console.
 */
async function loadSafely(
  index: SerializedMatcherIndex,
  slice: Slice,
  signal: AbortSignal,
): Promise<MatcherIndex | undefined> {
  try {
    return await runGeneratorInSlices(loadMatcherGradually(index), signal, slice);
  } catch {
    return undefined;
  }
}

function revealMention(mention: PaintedMention): void {
  const element = mention.range.startContainer.parentElement;
  const box = element?.getBoundingClientRect();
  if (element && box && (box.bottom < 0 || box.top > innerHeight)) {
    element.scrollIntoView({ block: 'center', behavior: 'instant' });
  }
}

/** Whether a settings change alters what is marked here (the hover delay does not). */
function marksDiffer(before: Settings, after: Settings, host: string): boolean {
  return (
    isActiveOn(before, host) !== isActiveOn(after, host) ||
    before.highlightStyle !== after.highlightStyle ||
    before.firstMentionOnly !== after.firstMentionOnly ||
    before.markScope !== after.markScope ||
    mutedOn(before, host).join() !== mutedOn(after, host).join()
  );
}
