import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Popup } from '@/entrypoints/popup/Popup';
import { getSettings } from '@/lib/settings';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, planImport } from '@/lib/store/packs';
import { useLocale } from './support/fake-i18n';

let db: ReperesDatabase;
let dbCount = 0;
const tabUrl = () => Promise.resolve('https://news.example.com/article');

beforeEach(async () => {
  db = new ReperesDatabase(`popup-${++dbCount}`);
  const result = await planImport(db, readFileSync('data/default-pack.json', 'utf8'));
  if (!result.ok) throw new Error('the bundled pack is invalid');
  await applyImport(db, result.plan);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

async function renderPopup(label = 'Search every fact', loading = 'Loading the facts…') {
  render(<Popup db={db} currentTabUrl={tabUrl} />);
  await waitFor(() => expect(screen.queryByText(loading)).toBeNull());
  return screen.getByRole('searchbox', { name: label });
}

function type(search: HTMLElement, text: string) {
  fireEvent.input(search, { target: { value: text } });
}

const key = (target: Element, name: string) => fireEvent.keyDown(target, { key: name });

describe('popup', () => {
  it('puts the reader in a labelled search field, with a hint while it is empty', async () => {
    const search = await renderPopup();
    expect(search).toHaveProperty('type', 'search');
    expect(document.activeElement).toBe(search);
    expect(screen.getByText(/Type a name, an alias or any word of a fact/)).toBeTruthy();
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });

  it('speaks French to a French browser', async () => {
    useLocale('fr');
    const search = await renderPopup('Chercher dans tous les faits', 'Chargement des faits…');
    type(search, 'reglement mica');
    expect(screen.getByRole('listbox', { name: 'Entités trouvées' })).toBeTruthy();
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(
      /^MiCA, Réglementation\. /,
    );
    expect(screen.getByRole('button', { name: 'Packs et réglages' })).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Mettre en pause partout' })).toBeTruthy();
  });

  it('lists results as options named after their entity, best first', async () => {
    const search = await renderPopup();
    type(search, 'stargat');
    const listbox = screen.getByRole('listbox', { name: 'Entities found' });
    const options = within(listbox).getAllByRole('option');
    expect(options[0]!.getAttribute('aria-label')).toMatch(/^Stargate\b/);
    expect(within(listbox).getByRole('option', { name: /^Stargate, Project\b/ })).toBe(options[0]);
    // Its name holds all it shows (label in name): a reader who says what they see reaches it.
    const shown = [
      ...options[0]!.querySelectorAll('.result-head > *, .result-alias, .result-snippet'),
    ];
    for (const part of shown)
      expect(options[0]!.getAttribute('aria-label')).toContain(part.textContent);
    // The match is emphasised with <mark>, from positions, as text.
    expect(options[0]!.querySelector('mark')?.textContent).toBe('Stargat');
    type(search, 'mica');
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/^MiCA\b/);
    type(search, 'societe generale');
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(
      /^Société Générale Forge\b/,
    );
  });

  it('moves through results with the arrows, opens one with Enter, goes back with Escape', async () => {
    const search = await renderPopup();
    type(search, 'deepsek');
    const options = screen.getAllByRole('option');
    expect(options.length).toBeGreaterThan(1);
    expect(search.getAttribute('aria-activedescendant')).toBeNull();
    key(search, 'ArrowDown');
    expect(search.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    key(search, 'ArrowDown');
    expect(search.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    expect(options[0]!.getAttribute('aria-selected')).toBe('false');
    key(search, 'ArrowUp');
    key(search, 'ArrowUp'); // stays on the first
    expect(search.getAttribute('aria-activedescendant')).toBe(options[0]!.id);

    key(search, 'Enter');
    const card = await screen.findByRole('dialog', { name: 'DeepSeek' });
    expect(screen.queryByRole('listbox')).toBeNull();
    // The full card: every fact, and both sides of a dispute.
    expect(within(card).queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
    expect(within(card).getAllByText('Sources disagree').length).toBeGreaterThan(0);

    // A related entity opens its own card.
    fireEvent.click(within(card).getByRole('button', { name: 'DeepSeek-R1 (AI model)' }));
    expect(await screen.findByRole('dialog', { name: 'DeepSeek-R1' })).toBeTruthy();

    key(screen.getByRole('dialog'), 'Escape');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/^DeepSeek\b/);
    expect((search as HTMLInputElement).value).toBe('deepsek');
  });

  it('clears the query with Escape, and leaves Escape to the browser once it is empty', async () => {
    const search = await renderPopup();
    type(search, 'nvidai');
    expect(screen.getAllByRole('option')[0]!.getAttribute('aria-label')).toMatch(/^Nvidia\b/);
    expect(key(search, 'Escape')).toBe(false); // handled: the popup stays open
    expect((search as HTMLInputElement).value).toBe('');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(key(search, 'Escape')).toBe(true); // not handled: the popup closes
  });

  it('says when nothing matches', async () => {
    const search = await renderPopup();
    type(search, 'zzzzqqq');
    expect(screen.getByText('Nothing found for “zzzzqqq”.')).toBeTruthy();
  });

  it('pauses everywhere and turns the current site off', async () => {
    await renderPopup();
    fireEvent.click(screen.getByRole('switch', { name: 'Pause everywhere' }));
    await waitFor(async () => expect((await getSettings()).paused).toBe(true));
    const site = screen.getByRole('switch', { name: 'Turn off on this site' });
    await waitFor(() => expect(site).toHaveProperty('disabled', false));
    expect(screen.getByText('news.example.com')).toBeTruthy();
    fireEvent.click(site);
    await waitFor(async () =>
      expect((await getSettings()).disabledSites).toEqual(['news.example.com']),
    );
  });
});
