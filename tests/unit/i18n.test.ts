import { describe, expect, it } from 'vitest';
import { readCatalogue, useLocale } from './support/fake-i18n';
import { t, uiLanguage } from '@/lib/i18n';

const placeholdersOf = (message: string) => (message.match(/\$\w+\$|\$\d/g) ?? []).sort();

describe('the French and English catalogues', () => {
  const en = readCatalogue('en');
  const fr = readCatalogue('fr');

  it('have exactly the same keys, so no French reader meets an English string', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('keep the same placeholders in every message', () => {
    for (const key of Object.keys(en)) {
      expect(placeholdersOf(fr[key]!.message), key).toEqual(placeholdersOf(en[key]!.message));
    }
  });

  it('have no empty message', () => {
    for (const [key, entry] of [...Object.entries(en), ...Object.entries(fr)]) {
      expect(entry.message.trim(), key).not.toBe('');
    }
  });
});

describe('t()', () => {
  it('follows the browser language', () => {
    useLocale('fr');
    expect(t('optionsPacksHeading')).toBe('Packs de faits');
    expect(uiLanguage()).toBe('fr');
    useLocale('en');
    expect(t('optionsPacksHeading')).toBe('Fact packs');
  });
});
