/**
 * The card of an entity, for web pages (in a shadow root) and the popup.
 * Everything that comes from a pack is rendered as text nodes; the only
 * links are a source's http(s) URL.
 */
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { arrangeCard, claimDate, leadClaim, sourceCount } from '@/lib/card-glance';
import type { CardData, CardFact, CardItem } from '@/lib/cards';
import { formatPartialDate } from '@/lib/dates';
import { messagesLanguage, t, uiLanguage, type MessageKey } from '@/lib/i18n';
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

export interface EntityCardProps {
  card: CardData;
  /** The complete view at once and for good (the popup's full card); otherwise a glance, then "All facts". */
  full?: boolean;
  /** Entities the page names: facts linking the card's entity to them lead. */
  pageEntities?: ReadonlySet<string>;
  /** The page's publication day ("2025-01-22"): the card reads as of it, later facts apart. */
  pageDate?: string;
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

/**
 * At rest a glance: name, kind, description and the few facts that matter
 * most (lib/card-glance.ts), each with its source and date in small print,
 * and a flag on a fact that sources dispute. "All facts" unfolds the rest in
 * place (the card scrolls inside, its header and toggle stay put), with the
 * excerpts, related names and actions; the popup shows that complete view.
 */
export function EntityCard({
  card,
  full = false,
  pageEntities,
  pageDate,
  onOpenEntity,
  onNotThisEntity,
  onTurnOffSite,
  onClose,
  headingLevel = 2,
}: EntityCardProps) {
  const id = useId();
  const nameId = `${id}-name`;
  const bodyId = `${id}-body`;
  const body = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState(false);
  const arrangement = useMemo(
    () => arrangeCard(card, { pageEntities, pageDate }),
    [card, pageEntities, pageDate],
  );
  const complete = full || expanded;
  const shown = complete ? arrangement.items : arrangement.items.slice(0, arrangement.glance);
  const since = complete ? arrangement.since : arrangement.since.slice(0, arrangement.sinceGlance);
  // The first fact "All facts" reveals takes focus (not the Tab order): the
  // next "as of" one, else the next later one.
  const revealsAsOf = arrangement.items.length > arrangement.glance;
  const revealed = (list: 'asOf' | 'since', index: number) =>
    expanded &&
    (list === 'asOf'
      ? revealsAsOf && index === arrangement.glance
      : !revealsAsOf && index === arrangement.sinceGlance) && { tabIndex: -1, 'data-revealed': '' };
  const locale = uiLanguage();
  const Name = headingLevel === 2 ? 'h2' : 'h3';
  const Section = headingLevel === 2 ? 'h3' : 'h4';
  const hasActions = onNotThisEntity || onTurnOffSite;

  const scrolls = useScrolls(body);
  /** Set when the card was just unfolded: focus goes to what it revealed. */
  const unfolding = useRef<'keyboard' | 'pointer' | null>(null);
  const toggle = (event: MouseEvent) => {
    // A click's detail counts pointer presses: 0 when Enter or Space pressed the button.
    unfolding.current = expanded ? null : event.detail === 0 ? 'keyboard' : 'pointer';
    setExpanded(!expanded);
    // Folding back starts the glance from its top.
    if (expanded) body.current?.scrollTo({ top: 0 });
  };
  // Before the unfolded card is painted, so that focus never lags a frame behind it.
  useLayoutEffect(() => {
    if (!unfolding.current) return;
    // The toggle ends the card: without this, Tab from it would leave the
    // card rather than reach what it just revealed, which comes before it.
    // A pointer's reader keeps the card's top in view; a keyboard's sees focus.
    const preventScroll = unfolding.current === 'pointer';
    unfolding.current = null;
    body.current
      ?.querySelector<HTMLElement>('[data-revealed], .rp-related button, .rp-actions button')
      ?.focus({ preventScroll });
  }, [expanded]);

  return (
    <section
      class="rp-card"
      data-view={complete ? 'complete' : 'glance'}
      role="dialog"
      aria-labelledby={nameId}
      // The card speaks the reader's language, whatever the page's (a Hebrew or
      // Arabic page included): both catalogues are left to right.
      lang={messagesLanguage()}
      dir="ltr"
    >
      {/* Plain divs, not header and footer: inside the page's own landmarks, a card's would be noise. */}
      <div class="rp-head">
        <div class="rp-head-text">
          <Name id={nameId} class="rp-name">
            {card.name}
          </Name>
          <p class="rp-kind">{typeLabel(card.type)}</p>
          {pageDate && (
            <p class="rp-as-of">{t('cardAsOfArticle', formatPartialDate(pageDate, locale))}</p>
          )}
        </div>
        {onClose && (
          <button type="button" class="rp-close" aria-label={t('cardClose')} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>

      <div
        class="rp-body"
        id={bodyId}
        ref={body}
        // Scrolling, it must be reachable from the keyboard even where it holds no control.
        {...(scrolls && { tabIndex: 0, role: 'region', 'aria-labelledby': nameId })}
      >
        {card.description && (
          <p class="rp-description" lang={card.description.lang}>
            {card.description.text}
          </p>
        )}

        <Section class="rp-visually-hidden">{t('cardFactsHeading')}</Section>
        {card.items.length === 0 ? (
          <p class="rp-empty">{t('cardNoFacts')}</p>
        ) : (
          shown.length > 0 && (
            <ul class="rp-facts">
              {shown.map((item, index) => (
                <li key={leadClaim(item).key} class="rp-fact" {...revealed('asOf', index)}>
                  <Item item={item} locale={locale} complete={complete} />
                </li>
              ))}
            </ul>
          )
        )}

        {since.length > 0 && (
          <div class="rp-since">
            <Section class="rp-section" id={`${id}-since`}>
              {t('cardSinceArticle')}
            </Section>
            <ul class="rp-facts" aria-labelledby={`${id}-since`}>
              {since.map((item, index) => (
                <li key={leadClaim(item).key} class="rp-fact" {...revealed('since', index)}>
                  <Item item={item} locale={locale} complete={complete} dated />
                </li>
              ))}
            </ul>
          </div>
        )}

        {complete && card.related.length > 0 && (
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

        {complete && hasActions && (
          <div class="rp-actions">
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
          </div>
        )}
      </div>

      {!full && (
        <div class="rp-foot">
          <button
            type="button"
            class="rp-more"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={toggle}
          >
            {expanded
              ? t('cardFewerFacts')
              : card.factCount > 0
                ? t('cardAllFacts', String(card.factCount))
                : t('cardDetails')}
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * One line of the card: a fact, or a dispute. `dated`: it came after the
 * page's article, and its source line gives when it holds rather than when
 * its source wrote.
 */
function Item({
  item,
  locale,
  complete,
  dated = false,
}: {
  item: CardItem;
  locale: string;
  complete: boolean;
  dated?: boolean;
}) {
  return item.kind === 'fact' ? (
    <FactBody fact={item.fact} locale={locale} detailed={complete} dated={dated} />
  ) : (
    <DisputedFact claims={item.claims} locale={locale} complete={complete} dated={dated} />
  );
}

/** Whether an element's content is taller than its box (it scrolls), kept up to date. */
function useScrolls(ref: RefObject<HTMLElement>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const check = () => setScrolls(element.scrollHeight > element.clientHeight + 1);
    const observer = new ResizeObserver(check);
    // The box changes with the card's room; the content with what is unfolded.
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    const mutations = new MutationObserver(() => {
      for (const child of element.children) observer.observe(child);
      check();
    });
    mutations.observe(element, { childList: true });
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [ref]);
  return scrolls;
}

/**
 * A fact that sources dispute. In the glance: its most important claim, with
 * a flag in its source line that opens the comparison below it. In the
 * complete view: the comparison itself. The comparison puts the claims side
 * by side, one column per source, each claim with its source, date and excerpt.
 */
function DisputedFact({
  claims,
  locale,
  complete,
  dated,
}: {
  claims: readonly CardFact[];
  locale: string;
  complete: boolean;
  dated: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const comparison = (
    <div
      class="rp-dispute"
      id={`${id}-claims`}
      role="group"
      aria-labelledby={`${id}-label`}
      hidden={!complete && !open}
    >
      <p class="rp-dispute-label" id={`${id}-label`}>
        <span aria-hidden="true">⚖ </span>
        {t('cardSourcesDisagree')}
      </p>
      <ul class="rp-claims">
        {bySource(claims).map((group) => (
          <li key={group[0]!.key} class="rp-claim">
            {group.map((claim) => (
              <FactBody key={claim.key} fact={claim} locale={locale} detailed dated={dated} />
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
  if (complete) return comparison;
  const flag = (
    <button
      type="button"
      class="rp-differ"
      aria-expanded={open}
      aria-controls={`${id}-claims`}
      onClick={() => setOpen(!open)}
    >
      <span aria-hidden="true">⚖ </span>
      {t('cardSourcesDiffer', String(sourceCount(claims)))}
    </button>
  );
  return (
    <>
      <FactBody fact={claims[0]!} locale={locale} detailed={false} dated={dated} flag={flag} />
      {comparison}
    </>
  );
}

/**
 * A fact's text and source line; `detailed` adds its excerpt on demand,
 * `flag` ends the source line. The line's date is its source's, or with
 * `dated` the fact's own (when what it states holds).
 */
function FactBody({
  fact,
  locale,
  detailed,
  dated = false,
  flag,
}: {
  fact: CardFact;
  locale: string;
  detailed: boolean;
  dated?: boolean;
  flag?: ComponentChildren;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { source } = fact;
  const who = source.publisher ?? source.title;
  const when = dated ? claimDate(fact) : source.date || fact.date;
  return (
    <>
      <p class="rp-fact-text" lang={fact.text.lang}>
        {fact.text.text}
      </p>
      <p class="rp-source">
        <span class="rp-publisher">{who}</span>
        {/* Spaces between the parts: a gap on screen, a pause for whoever copies the text. */}
        {when && ' '}
        {when && (
          // The dot goes with the date when a narrow column wraps the line.
          <span class="rp-when">
            <span aria-hidden="true">· </span>
            {/* Small print: the short month keeps a source line on one line. */}
            <time dateTime={when}>{formatPartialDate(when, locale, 'short')}</time>
          </span>
        )}
        {(detailed || flag) && ' '}
        {detailed && (
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
        )}
        {flag}
      </p>
      {detailed && (
        <figure class="rp-evidence" id={`${id}-evidence`} hidden={!open}>
          <blockquote lang={source.language || undefined}>
            {t('cardQuote', fact.evidence)}
          </blockquote>
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
      )}
    </>
  );
}
