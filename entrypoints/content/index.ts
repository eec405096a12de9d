/**
 * The content script: a thin orchestration of lib/ modules. It reads the
 * settings, walks the page's reading blocks and paints the mentions the
 * background finds in their texts, in time slices (lib/page/page-scanner;
 * the matcher and its index live in the background, loaded once for every
 * tab: lib/matching-service), follows page changes in batches, opens cards
 * on hover or from the keyboard, and switches itself off entirely where the
 * reader paused it, turned it off for the site, or the page has no mention.
 */
import { readPageStart, watchMatcherIndex } from '@/lib/matcher-storage';
import { messaging, type PageMentionCount } from '@/lib/messaging';
import { ChangeWatcher } from '@/lib/page/change-watcher';
import { mentionAtPoint } from '@/lib/page/hit-test';
import { HoverIntent } from '@/lib/page/hover-intent';
import { MentionMap, type PaintedMention } from '@/lib/page/mention-map';
import { highlightsSupported, MentionPainter } from '@/lib/page/painter';
import { MAX_MENTIONS, PageScanner } from '@/lib/page/page-scanner';
import { nearReader } from '@/lib/page/reader-position';
import { Slice } from '@/lib/slices';
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
import { backgroundMentions } from './remote-mentions';
import { phaseClock } from '@/lib/page/phase-clock';

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
    const stored = await readPageStart();
    if (ctx.isInvalid) return;
    // The set-up below and the scan's first steps share one time slice.
    const slice = new Slice();
    let settings = stored.settings;
    /** The index the background matches with, as far as this page knows. */
    let stamp = stored.stamp;

    const clock = phaseClock();
    // Its styles come with the first mark: a page without one never pays their style work.
    const painter = new MentionPainter(
      () => void messaging.sendMessage('loadHighlightStyles', undefined).catch(() => undefined),
    );
    const mentions = new MentionMap();
    let scanner: PageScanner | undefined;
    /** Whether the last full scan finished (see PageStatus.scanned). */
    let scanned = false;
    /** Entities in the index the last full scan was matched with. */
    let indexEntities = 0;
    let focused: PaintedMention | null = null;
    let pointer: AbortController | undefined;
    /** The pointer's last move over the page (none once it left the window). */
    let lastPointer: PointerEvent | undefined;

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
          asOfArticle: settings.asOfArticle,
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
      if (!isActiveOn(settings, host)) return;
      painter.setStyle(settings.highlightStyle);
      const source = backgroundMentions(
        {
          host,
          scope: settings.markScope,
          muted: mutedOn(settings, host),
          maxMentions: MAX_MENTIONS,
        },
        stamp,
      );
      const current = (scanner = new PageScanner(document, source, painter, mentions, {
        firstMentionOnly: settings.firstMentionOnly,
        maxMentions: MAX_MENTIONS,
        clock,
        // The rest of the page is read as the reader gets there.
        reader: nearReader,
        // Marks that appear under a resting pointer (the reader scrolled to them) answer it.
        onPainted: () => {
          followPointerIfNeeded();
          if (!intent.openTarget) hitTestPointer();
        },
      }));
      watcher.start();
      if (await current.scanAll(slice)) {
        scanned = true;
        clock?.markScanned();
        indexEntities = current.indexEntities;
        followPointerIfNeeded();
      }
    }

    async function rescan(nodes: Node[]): Promise<void> {
      if (scanner && (await scanner.rescan(nodes))) followPointerIfNeeded();
    }

    function stopAll(): void {
      scanned = false;
      watcher.stop();
      intent.dismiss();
      scanner?.clear();
      scanner = undefined;
      pointer?.abort();
      pointer = undefined;
      lastPointer = undefined;
    }

    /** The entities this page names, marked or not: a card leads with its links to them. */
    function namedOnPage(): Set<string> {
      return new Set([
        ...mentions.countsByEntity().keys(),
        ...(scanner?.unmarkedCounts().keys() ?? []),
      ]);
    }

    /** The names on the page, marked or not, with their counts (what "On this page" lists). */
    function pageMentionCounts(): PageMentionCount[] {
      return [
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
      ];
    }

    /** Hovers the mention under the pointer's last position, if any (none over the card). */
    function hitTestPointer(): void {
      const last = lastPointer;
      if (!last || card.contains(last.target as Node)) return;
      intent.pointerAt(mentionAtPoint(document, mentions, last.clientX, last.clientY));
    }

    /** Pointer listeners only on pages that have something to point at. */
    function followPointerIfNeeded(): void {
      if (pointer || mentions.size === 0) return;
      pointer = new AbortController();
      const options = { passive: true, capture: true, signal: pointer.signal };
      let frame = 0;
      document.addEventListener(
        'pointermove',
        (event) => {
          lastPointer = event;
          // Hit-testing once per frame is plenty, whatever the pointer's rate.
          frame ||= requestAnimationFrame(() => {
            frame = 0;
            hitTestPointer();
          });
        },
        options,
      );
      document.addEventListener(
        'pointerout',
        (event) => {
          if (event.relatedTarget === null) lastPointer = undefined;
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
        indexEntities,
        scanned,
        readAll: scanner?.readAll ?? false,
      })),
      // The popup lists every name on the page: the part not read yet is read now.
      messaging.onMessage('pageMentions', async () => {
        if (scanner && !(await scanner.readRest())) return [];
        return pageMentionCounts();
      }),
      // Only where something is marked: a page without a card needs no date, nor the card script.
      messaging.onMessage('pageDate', () => (mentions.size > 0 ? card.pageDate() : null)),
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
        stamp = next;
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

    await restart(slice);
  },
});

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
