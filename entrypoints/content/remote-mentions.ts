import type { MatchSettings, MentionSource } from '@/lib/dom/page-matching';
import { messaging } from '@/lib/messaging';

/**
 * The page's mention source: the background's matcher (lib/matching-service.ts),
 * one page view per full scan. `stamp`: the index the page knows of, so that
 * the background reloads its own if it is older.
 */
export function backgroundMentions(
  settings: MatchSettings,
  stamp: string | undefined,
): MentionSource {
  let session = '';
  return {
    scanPage(blocks) {
      session = crypto.randomUUID();
      return messaging.sendMessage('scanPage', { session, stamp, settings, blocks });
    },
    scanMore(groups, forget, room) {
      return messaging.sendMessage('scanMore', { session, groups, forget, room });
    },
  };
}
