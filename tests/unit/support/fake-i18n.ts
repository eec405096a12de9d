import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing/fake-browser';

interface CatalogueEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Catalogue = Record<string, CatalogueEntry>;

export function readCatalogue(locale: string): Catalogue {
  return JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Catalogue;
}

/**
 * Gives the fake browser a working i18n backed by the real catalogues, with
 * the browser's fallback to the default locale ("en") for missing keys.
 */
export function useLocale(locale: string): void {
  const catalogue = readCatalogue(locale);
  const fallback = readCatalogue('en');
  fakeBrowser.i18n.getUILanguage = () => locale;
  fakeBrowser.i18n.getMessage = (key: string, substitutions?: string | string[]) => {
    const entry = catalogue[key] ?? fallback[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : [substitutions].flat();
    return entry.message
      .replace(
        /\$(\w+)\$/g,
        (_, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '',
      )
      .replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  };
}
