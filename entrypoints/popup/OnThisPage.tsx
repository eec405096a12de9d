import { useEffect, useState } from 'preact/hooks';
import { typeLabel } from '@/components/card/EntityCard';
import { useSettings } from '@/components/use-settings';
import { formatPartialDate } from '@/lib/dates';
import type { DateSource, PageDate } from '@/lib/dom/page-date';
import type { EntityType } from '@/lib/pack/types';
import { t, uiLanguage, type MessageKey } from '@/lib/i18n';
import type { PageMentionCount } from '@/lib/messaging';
import type { ReperesDatabase } from '@/lib/store/db';

export interface PageEntity {
  id: string;
  name: string;
  type: EntityType;
  count: number;
  /** Found but not marked: a background name on a page not about its subject, or on its own site. */
  marked: boolean;
}

interface Props {
  db: ReperesDatabase;
  /** The entities found on the reader's tab, or undefined where no content script runs. */
  pageMentions: () => Promise<PageMentionCount[] | undefined>;
  /** Scrolls the reader's tab to the entity's first mention and opens its card there. */
  reveal: (entityId: string) => Promise<void>;
  /** The publication date found on the reader's tab (null: none; undefined: no content script). */
  pageDate?: () => Promise<PageDate | null | undefined>;
}

const SOURCE_KEYS: Record<DateSource, MessageKey> = {
  'json-ld': 'popupPageDateJsonLd',
  meta: 'popupPageDateMeta',
  time: 'popupPageDateTime',
  url: 'popupPageDateUrl',
  byline: 'popupPageDateByline',
};

/**
 * "On this page": the entities marked on the reader's tab, most mentioned
 * first, then in one discreet line those named there but not marked.
 */
export function OnThisPage({ db, pageMentions, reveal, pageDate }: Props) {
  const [entities, setEntities] = useState<PageEntity[] | undefined>();
  const [date, setDate] = useState<PageDate | null>(null);
  const [settings] = useSettings();
  useEffect(() => {
    let live = true;
    void pageDate?.()
      .catch(() => null)
      .then((found) => live && setDate(found ?? null));
    return () => void (live = false);
  }, [pageDate]);
  useEffect(() => {
    let live = true;
    void pageMentions()
      .catch(() => undefined)
      .then(async (found) => {
        const named = found && (await nameEntities(db, found));
        if (live) setEntities(named);
      });
    return () => void (live = false);
  }, [db, pageMentions]);

  if (!entities) return null;
  const plural = new Intl.PluralRules(uiLanguage());
  const marked = entities.filter((entity) => entity.marked);
  const unmarked = entities.filter((entity) => !entity.marked);
  return (
    <section class="on-this-page" aria-labelledby="on-this-page">
      <h2 id="on-this-page" class="section-title">
        {t('popupOnThisPage')}
      </h2>
      {date && (
        <p class="muted small page-date">
          {t('popupPageDate', [
            formatPartialDate(date.published, uiLanguage()),
            t(SOURCE_KEYS[date.from] ?? 'popupPageDateMeta'),
          ])}
          {!settings.asOfArticle && ` ${t('popupPageDateOff')}`}
        </p>
      )}
      {marked.length === 0 ? (
        <p class="muted">
          {unmarked.length === 0 ? t('popupNothingOnPage') : t('popupNothingMarked')}
        </p>
      ) : (
        <ul class="page-entities">
          {marked.map((entity) => (
            <li key={entity.id}>
              <button type="button" class="page-entity" onClick={() => void reveal(entity.id)}>
                <span class="result-name">{entity.name}</span>
                <span class="result-kind">{typeLabel(entity.type)}</span>
                <span class="muted small">
                  {t(
                    plural.select(entity.count) === 'one' ? 'popupMentionOne' : 'popupMentionMany',
                    String(entity.count),
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {unmarked.length > 0 && (
        <p class="muted small also-here" title={t('popupAlsoHereHint')}>
          {t('popupAlsoHere')} {unmarked.map((entity) => entity.name).join(', ')}
        </p>
      )}
    </section>
  );
}

async function nameEntities(db: ReperesDatabase, found: PageMentionCount[]): Promise<PageEntity[]> {
  const rows = await db.entities
    .where('id')
    .anyOf(found.map((entry) => entry.entityId))
    .toArray();
  const byId = new Map(rows.map((row) => [row.id, row.entity]));
  return found
    .flatMap(({ entityId, count, marked }) => {
      const entity = byId.get(entityId);
      return entity ? [{ id: entityId, name: entity.name, type: entity.type, count, marked }] : [];
    })
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
