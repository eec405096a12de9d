import { render, screen, cleanup } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '@/entrypoints/popup/Popup';
import { useLocale } from './support/fake-i18n';

afterEach(cleanup);

describe('popup', () => {
  it('puts the reader in a labelled search field', () => {
    render(<Popup />);
    const search = screen.getByRole('searchbox', { name: 'Search every fact' });
    expect(search).toHaveProperty('type', 'search');
    expect(document.activeElement).toBe(search);
  });

  it('speaks French to a French browser', () => {
    useLocale('fr');
    render(<Popup />);
    expect(screen.getByRole('searchbox', { name: 'Chercher dans tous les faits' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Packs et réglages' })).toBeTruthy();
  });
});
