/**
 * The card of an entity, for web pages (in a shadow root) and the popup.
 * Everything that comes from a pack is rendered as text nodes; the only
 * links are a source's http(s) URL.
 */
import { useId, useState } from 'preact/hooks';
import type { CardData, CardFact, CardItem } from '@/lib/cards';
import { formatPartialDate } from '@/lib/dates';
import { t, uiLanguage, type MessageKey } from '@/lib/i18n';
import type { EntityType } from '@/lib/pack/types';
import './card.css';

const TYPE_KEYS: Record<EntityType, MessageKey> = {
  company: 'typeCompany',
  person: 'typePerson',
  product: 'typeProduct',
  model: 'typeModel',
  regulation: 'typeRegulation',
  organisation: 'typeOrganisation',
  authority: 'typeAuthority',
  project: 'typeProject',
  fund: 'typeFund',
  token: 'typeToken',
  media: 'typeMedia',
  place: 'typePlace',
  event: 'typeEvent',
  other: 'typeOther',
};

/** The reader's name for a kind of entity. */
export function typeLabel(type: EntityType): string {
  return t(TYPE_KEYS[type] ?? 'typeOther');
}

/** Items shown before "more" on a page card. */
export const FIRST_ITEMS = 5;

export interface EntityCardProps {
  card: CardData;
  /** Every fact at once (the popup's full card); otherwise the first few, then "Show N more". */
  full?: boolean;
  /** A related entity was chosen: open its card. */
  onOpenEntity?: (id: string) => void;
  /** Page cards: the mention means something else here. */
  onNotThisEntity?: () => void;
  /** Page cards: no marks or cards on this site any more. */
  onTurnOffSite?: () => void;
  /** Page cards: a close button. */
  onClose?: () => void;
  /** Heading level of the name (2 by default); the card's sections use the next one. */
  headingLevel?: 2 | 3;
}

/** Claims grouped by their source (pack and source id), in first-seen order. */
function bySource(claims: readonly CardFact[]): CardFact[][] {
  const groups = new Map<string, CardFact[]>();
  for (const claim of claims) {
    const key = `${claim.packId}/${claim.source.id}`;
    const group = groups.get(key);
    if (group) group.push(claim);
    else groups.set(key, [claim]);
  }
  return [...groups.values()];
}

function countFacts(items: readonly CardItem[]): number {
  return items.reduce((n, item) => n + (item.kind === 'fact' ? 1 : item.claims.length), 0);
}

export function EntityCard({
  card,
  full = false,
  onOpenEntity,
  onNotThisEntity,
  onTurnOffSite,
  onClose,
  headingLevel = 2,
}: EntityCardProps) {
  const id = useId();
  const nameId = `${id}-name`;
  const [expanded, setExpanded] = useState(false);
  const showAll = full || expanded;
  const visible = showAll ? card.items : card.items.slice(0, FIRST_ITEMS);
  const hidden = countFacts(card.items.slice(FIRST_ITEMS));
  const locale = uiLanguage();
  const Name = headingLevel === 2 ? 'h2' : 'h3';
  const Section = headingLevel === 2 ? 'h3' : 'h4';
  const hasActions = onNotThisEntity || onTurnOffSite;

  return (
    <section class="rp-card" role="dialog" aria-labelledby={nameId}>
      <header class="rp-head">
        <div class="rp-head-text">
          <Name id={nameId} class="rp-name">
            {card.name}
          </Name>
          <p class="rp-kind">{typeLabel(card.type)}</p>
        </div>
        {onClose && (
          <button type="button" class="rp-close" aria-label={t('cardClose')} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </header>
      {card.description && (
        <p class="rp-description" lang={card.description.lang}>
          {card.description.text}
        </p>
      )}

      <Section class="rp-visually-hidden">{t('cardFactsHeading')}</Section>
      {card.items.length === 0 ? (
        <p class="rp-empty">{t('cardNoFacts')}</p>
      ) : (
        <ul class="rp-facts" id={`${id}-facts`}>
          {visible.map((item, index) =>
            item.kind === 'fact' ? (
              <li key={item.fact.key} class="rp-fact">
                <FactBody fact={item.fact} locale={locale} />
              </li>
            ) : (
              <li key={item.claims[0]!.key} class="rp-dispute">
                <p class="rp-dispute-label" id={`${id}-d${index}`}>
                  <span aria-hidden="true">⚖ </span>
                  {t('cardSourcesDisagree')}
                </p>
                {/* One column per source, so a column is one side of the disagreement. */}
                <ul class="rp-claims" aria-labelledby={`${id}-d${index}`}>
                  {bySource(item.claims).map((claims) => (
                    <li key={claims[0]!.key} class="rp-claim">
                      {claims.map((claim) => (
                        <FactBody key={claim.key} fact={claim} locale={locale} />
                      ))}
                    </li>
                  ))}
                </ul>
              </li>
            ),
          )}
        </ul>
      )}
      {!full && hidden > 0 && (
        <button
          type="button"
          class="rp-more"
          aria-expanded={expanded}
          aria-controls={`${id}-facts`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('cardFewerFacts') : t('cardMoreFacts', String(hidden))}
        </button>
      )}

      {card.related.length > 0 && (
        <nav class="rp-related" aria-labelledby={`${id}-related`}>
          <Section class="rp-section" id={`${id}-related`}>
            {t('cardRelatedHeading')}
          </Section>
          <ul>
            {card.related.map((related) => (
              <li key={related.id}>
                <button
                  type="button"
                  class="rp-chip"
                  aria-label={t('cardOpenRelated', [related.name, typeLabel(related.type)])}
                  onClick={() => onOpenEntity?.(related.id)}
                  disabled={!onOpenEntity}
                >
                  {related.name}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {hasActions && (
        <footer class="rp-actions">
          {onNotThisEntity && (
            <button type="button" class="rp-action" onClick={onNotThisEntity}>
              {t('cardNotThisEntity')}
            </button>
          )}
          {onTurnOffSite && (
            <button type="button" class="rp-action" onClick={onTurnOffSite}>
              {t('cardTurnOffSite')}
            </button>
          )}
        </footer>
      )}
    </section>
  );
}

function FactBody({ fact, locale }: { fact: CardFact; locale: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { source } = fact;
  const who = source.publisher ?? source.title;
  const when = source.date || fact.date;
  return (
    <>
      <p class="rp-fact-text" lang={fact.text.lang}>
        {fact.text.text}
      </p>
      <p class="rp-source">
        <span class="rp-publisher">{who}</span>
        {when && (
          <>
            <span aria-hidden="true"> · </span>
            <time dateTime={when}>{formatPartialDate(when, locale)}</time>
          </>
        )}
        <button
          type="button"
          class="rp-evidence-toggle"
          aria-expanded={open}
          aria-controls={`${id}-evidence`}
          aria-label={t('cardShowEvidenceLabel', who)}
          onClick={() => setOpen(!open)}
        >
          {t('cardShowEvidence')}
        </button>
      </p>
      <figure class="rp-evidence" id={`${id}-evidence`} hidden={!open}>
        <blockquote lang={source.language || undefined}>{t('cardQuote', fact.evidence)}</blockquote>
        <figcaption>
          {source.url ? (
            <a href={source.url} target="_blank" rel="noopener noreferrer">
              {t('cardEvidenceFrom', source.title)}
            </a>
          ) : (
            t('cardEvidenceFrom', source.title)
          )}
          <span class="rp-pack">{t('cardFromPack', fact.packTitle)}</span>
        </figcaption>
      </figure>
    </>
  );
}
