import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';

export function Popup() {
  const search = useRef<HTMLInputElement>(null);
  // `autofocus` is unreliable in extension popups: focus once mounted.
  useEffect(() => search.current?.focus(), []);

  return (
    <main class="stack">
      <header class="bar">
        <img src="/icon.svg" alt="" width={20} height={20} />
        <h1>{t('extName')}</h1>
      </header>
      <input
        ref={search}
        type="search"
        aria-label={t('popupSearchLabel')}
        placeholder={t('popupSearchPlaceholder')}
        autoComplete="off"
        spellcheck={false}
      />
      <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </main>
  );
}
