import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { EntityCard, typeLabel } from '@/components/card/EntityCard';
import { Marked } from '@/components/Marked';
import type { CardData } from '@/lib/cards';
import { t, uiLanguage } from '@/lib/i18n';
import { watchMatcherIndex } from '@/lib/matcher-storage';
import { messaging } from '@/lib/messaging';
import { search, type SearchIndex, type SearchResult } from '@/lib/search';
import { excerpt } from '@/lib/search/highlight';
import { isSiteDisabled, setSiteDisabled, siteOf } from '@/lib/settings';
import { BooleanSetting } from '@/components/BooleanSetting';
import { useSettings } from '@/components/use-settings';
import { loadCard } from '@/lib/store/cards';
import { database, type ReperesDatabase } from '@/lib/store/db';
import { takeNamesRead } from '@/lib/store/early-names';
import { loadSearchIndex } from '@/lib/store/search';
import { afterNextFrame } from '@/lib/slices';
import { readerTabId } from './reader-tab';
import './popup.css';

/** Results listed at most: the popup is small, a reader refines the query rather than scroll. */
const MAX_RESULTS = 30;

export interface PopupProps {
  db?: ReperesDatabase;
  /** The active tab's URL (for "Turn off on this site"); undefined where there is none. */
  currentTabUrl?: () => Promise<string | undefined>;
  /**
   * The "On this page" section, shown while the query is empty. Its own
   * component fills this slot (entities found on the current tab).
   */
  onThisPage?: ComponentChildren;
  /** The entities the reader's tab names: the full card leads with its links to them, as the page's card does. */
  pageEntities?: () => Promise<ReadonlySet<string>>;
}

/**
 * The active tab's URL. Without the "tabs" permission the browser hides it,
 * so the tab's content script, which knows its page, is asked.
 */
async function activeTabUrl(): Promise<string | undefined> {
  const tabId = await readerTabId();
  if (tabId === undefined) return undefined;
  try {
    return (await messaging.sendMessage('pageStatus', undefined, tabId)).url;
  } catch {
    return undefined; // no content script there: a browser page, a file, the store
  }
}

const NO_ENTITIES: ReadonlySet<string> = new Set();

export function Popup({
  db = database(),
  currentTabUrl = activeTabUrl,
  onThisPage,
  pageEntities,
}: PopupProps) {
  const input = useRef<HTMLInputElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const lang = uiLanguage();
  const [index, setIndex] = useState<SearchIndex | null>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const [card, setCard] = useState<CardData | null>(null);
  const [onPage, setOnPage] = useState(NO_ENTITIES);

  // `autofocus` is unreliable in extension popups: focus once mounted.
  useEffect(() => input.current?.focus(), []);
  // A layout effect: it starts reading the index as soon as the popup is drawn, not a frame later.
  useLayoutEffect(() => {
    let live = true;
    let latest = 0;
    // Only the newest load may set the index: an older one can finish after it.
    // The first may use the read the page began before this script loaded.
    let early = takeNamesRead(lang);
    const load = () => {
      const loading = ++latest;
      const current = (index: SearchIndex) => live && loading === latest && setIndex(index);
      // Names first, when stored: the first query is answered, and its results drawn, before
      // the rest is read.
      const namesFirst = (names: SearchIndex) => {
        current(names);
        return afterNextFrame();
      };
      void loadSearchIndex(db, lang, namesFirst, early).then(current);
      early = undefined;
    };
    load();
    // Packs imported, removed or still being installed (first run): search what is there now.
    const stopWatching = watchMatcherIndex(load);
    return () => {
      live = false;
      stopWatching();
    };
  }, [db, lang]);

  const results: SearchResult[] = useMemo(
    () => (index && query.trim() !== '' ? search(index, query, MAX_RESULTS) : []),
    [index, query],
  );
  const optionId = (i: number) => `result-${i}`;

  useEffect(() => {
    if (active < 0) return;
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  async function open(id: string) {
    const [loaded, named] = await Promise.all([
      loadCard(db, id, lang),
      pageEntities?.().catch(() => NO_ENTITIES) ?? NO_ENTITIES,
    ]);
    if (!loaded) return;
    setOnPage(named);
    setCard(loaded);
    // The card replaces the results: keyboard focus goes to its first control.
    requestAnimationFrame(() => back.current?.focus());
  }

  function closeCard() {
    setCard(null);
    requestAnimationFrame(() => input.current?.focus());
  }

  function onSearchKey(event: KeyboardEvent) {
    if (card && event.key !== 'Escape') return;
    const count = results.length;
    switch (event.key) {
      case 'ArrowDown':
        if (count === 0) return;
        event.preventDefault();
        setActive((i) => Math.min(i + 1, count - 1));
        break;
      case 'ArrowUp':
        if (count === 0) return;
        event.preventDefault();
        setActive((i) => Math.max(i - 1, 0));
        break;
      case 'Enter': {
        const chosen = results[active >= 0 ? active : 0];
        if (!chosen) return;
        event.preventDefault();
        void open(chosen.id);
        break;
      }
      case 'Escape':
        // With a card open, Escape goes back to the results (handled below);
        // with an empty query, it closes the popup as usual.
        if (card || query === '') return;
        event.preventDefault();
        setQuery('');
        setActive(-1);
        break;
    }
  }

  function onPopupKey(event: KeyboardEvent) {
    if (event.key === 'Escape' && card) {
      event.preventDefault();
      closeCard();
    }
  }

  const searching = query.trim() !== '';
  return (
    <main class="stack popup-main" onKeyDown={onPopupKey}>
      <header class="bar">
        <img src="/icon.svg" alt="" width={20} height={20} />
        <h1>{t('extName')}</h1>
      </header>
      <input
        ref={input}
        type="search"
        aria-label={t('popupSearchLabel')}
        placeholder={t('popupSearchPlaceholder')}
        autoComplete="off"
        spellcheck={false}
        value={query}
        aria-controls={card ? undefined : 'results'}
        aria-activedescendant={!card && active >= 0 ? optionId(active) : undefined}
        onInput={(event) => {
          setQuery(event.currentTarget.value);
          setActive(-1);
          setCard(null);
        }}
        onKeyDown={onSearchKey}
      />

      {card ? (
        <div class="popup-card">
          <button ref={back} type="button" class="link" onClick={closeCard}>
            {t('popupBack')}
          </button>
          <EntityCard card={card} full pageEntities={onPage} onOpenEntity={(id) => void open(id)} />
        </div>
      ) : (
        <>
          <p class="visually-hidden" role="status" aria-live="polite">
            {searching && index ? t('popupResultCount', String(results.length)) : ''}
          </p>
          {!index && <p class="muted">{t('popupLoading')}</p>}
          <ul
            id="results"
            role="listbox"
            aria-label={t('popupResultsLabel')}
            class="results"
            hidden={results.length === 0}
          >
            {results.map((result, i) => (
              <ResultOption
                key={result.id}
                id={optionId(i)}
                result={result}
                selected={i === active}
                onChoose={() => void open(result.id)}
                onHover={() => setActive(i)}
              />
            ))}
          </ul>
          {index && searching && results.length === 0 && (
            <p class="muted">{t('popupNoResults', query.trim())}</p>
          )}
          {!searching && (
            <>
              <p class="muted">{t('popupHint')}</p>
              {onThisPage}
            </>
          )}
        </>
      )}

      <Controls currentTabUrl={currentTabUrl} />
      <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </main>
  );
}

function ResultOption({
  id,
  result,
  selected,
  onChoose,
  onHover,
}: {
  id: string;
  result: SearchResult;
  selected: boolean;
  onChoose: () => void;
  onHover: () => void;
}) {
  const kind = typeLabel(result.type);
  const snippet = result.snippet && excerpt(result.snippet, 120);
  // The name says all the option shows (WCAG 2.5.3, label in name), its name and kind first.
  const label = [t('popupResultLabel', [result.name, kind]), result.alias?.text, snippet?.text]
    .filter(Boolean)
    .join('. ');
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={label}
      class="result"
      onClick={onChoose}
      onMouseMove={selected ? undefined : onHover}
    >
      <span class="result-head">
        <span class="result-name">
          <Marked text={result.name} matches={result.nameMatches} />
        </span>{' '}
        <span class="result-kind">{kind}</span>
      </span>{' '}
      {result.alias && (
        <span class="result-alias">
          <Marked text={result.alias.text} matches={result.alias.matches} />
        </span>
      )}{' '}
      {snippet && (
        <span class="result-snippet" id={`${id}-snippet`} lang={snippet.lang || undefined}>
          <Marked text={snippet.text} matches={snippet.matches} />
        </span>
      )}
    </li>
  );
}

/** "Pause everywhere" and "Turn off on this site", kept in step with every other context. */
function Controls({ currentTabUrl }: { currentTabUrl: () => Promise<string | undefined> }) {
  const [settings, change] = useSettings();
  const [site, setSite] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void currentTabUrl()
      .catch(() => undefined)
      .then((url) => live && setSite(siteOf(url)));
    return () => void (live = false);
  }, [currentTabUrl]);

  return (
    <section class="controls">
      <BooleanSetting name="paused" settings={settings} change={change} asSwitch class="switch">
        {t('popupPause')}
      </BooleanSetting>
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          disabled={!site}
          checked={site ? isSiteDisabled(settings, site) : false}
          aria-describedby="site-name"
          onChange={(event) => {
            const off = event.currentTarget.checked;
            if (site) change((current) => setSiteDisabled(current, site, off));
          }}
        />
        {t('popupSiteOff')}
      </label>
      <p id="site-name" class="muted small">
        {site ?? t('popupSiteUnavailable')}
      </p>
    </section>
  );
}
