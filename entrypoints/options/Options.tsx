import { t } from '@/lib/i18n';

export function Options() {
  return (
    <main class="stack">
      <header class="bar">
        <img src="/icon.svg" alt="" width={28} height={28} />
        <h1>{t('optionsTitle')}</h1>
      </header>
      <section aria-labelledby="packs-heading">
        <h2 id="packs-heading">{t('optionsPacksHeading')}</h2>
        <p>{t('optionsNoPacks')}</p>
      </section>
    </main>
  );
}
