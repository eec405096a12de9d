import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OnThisPage } from '@/entrypoints/popup/OnThisPage';
import { ReperesDatabase } from '@/lib/store/db';
import { applyImport, planImport } from '@/lib/store/packs';
import { updateSettings } from '@/lib/settings';
import { makePack } from './support/packs';

let db: ReperesDatabase;
let count = 0;

beforeEach(async () => {
  db = new ReperesDatabase(`on-this-page-${++count}`);
  const planned = await planImport(db, JSON.stringify(makePack({ entities: 3 })));
  if (planned.ok) await applyImport(db, planned.plan);
});
afterEach(async () => {
  cleanup();
  await db.delete();
});

describe('On this page', () => {
  it('lists the page’s entities by name, most mentioned first, and opens the chosen one there', async () => {
    const reveal = vi.fn(() => Promise.resolve());
    const mentions = () =>
      Promise.resolve([
        { entityId: 'e0', count: 1, marked: true },
        { entityId: 'e2', count: 4, marked: true },
      ]);
    render(<OnThisPage db={db} pageMentions={mentions} reveal={reveal} />);
    const buttons = await screen.findAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual([
      'Entity E2Company4 mentions',
      'Entity E0Company1 mention',
    ]);
    fireEvent.click(buttons[0]!);
    expect(reveal).toHaveBeenCalledWith('e2');
  });

  it('names in one line what was found but not marked, apart from the marked names', async () => {
    const mentions = () =>
      Promise.resolve([
        { entityId: 'e0', count: 2, marked: true },
        { entityId: 'e1', count: 3, marked: false },
      ]);
    render(<OnThisPage db={db} pageMentions={mentions} reveal={vi.fn()} />);
    const buttons = await screen.findAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Entity E0Company2 mentions']);
    expect(screen.getByText('Also named here, not marked: Entity E1')).toBeTruthy();
  });

  it('says so when no name is marked, and still lists the names found', async () => {
    const mentions = () => Promise.resolve([{ entityId: 'e1', count: 1, marked: false }]);
    render(<OnThisPage db={db} pageMentions={mentions} reveal={vi.fn()} />);
    expect(await screen.findByText('No name marked on this page.')).toBeTruthy();
    expect(screen.getByText('Also named here, not marked: Entity E1')).toBeTruthy();
  });

  it('says so when the page has no known name', async () => {
    render(<OnThisPage db={db} pageMentions={() => Promise.resolve([])} reveal={vi.fn()} />);
    expect(await screen.findByText('No name from your packs on this page.')).toBeTruthy();
  });

  it('shows nothing where Repères does not run (a browser page, the store)', async () => {
    const { container } = render(
      <OnThisPage
        db={db}
        pageMentions={() => Promise.reject(new Error('no receiver'))}
        reveal={vi.fn()}
      />,
    );
    await new Promise((done) => setTimeout(done, 50));
    expect(container.textContent).toBe('');
  });

  it('gives the page’s date and where it was read in one line, and says when cards ignore it', async () => {
    const mentions = () => Promise.resolve([{ entityId: 'e0', count: 1, marked: true }]);
    const dated = () =>
      Promise.resolve({
        published: '2025-01-22',
        from: 'json-ld' as const,
        field: 'datePublished',
      });
    render(<OnThisPage db={db} pageMentions={mentions} reveal={vi.fn()} pageDate={dated} />);
    expect(
      await screen.findByText('Article dated January 22, 2025 (from its structured data)'),
    ).toBeTruthy();
    cleanup();

    await updateSettings((settings) => ({ ...settings, asOfArticle: false }));
    render(<OnThisPage db={db} pageMentions={mentions} reveal={vi.fn()} pageDate={dated} />);
    expect(
      await screen.findByText(/Cards as of the article are off in the settings\.$/),
    ).toBeTruthy();
    await updateSettings((settings) => ({ ...settings, asOfArticle: true }));
  });

  it('shows no date line on an undated page', async () => {
    const mentions = () => Promise.resolve([{ entityId: 'e0', count: 1, marked: true }]);
    render(
      <OnThisPage
        db={db}
        pageMentions={mentions}
        reveal={vi.fn()}
        pageDate={() => Promise.resolve(null)}
      />,
    );
    await screen.findAllByRole('button');
    expect(screen.queryByText(/Article dated/)).toBeNull();
  });
});
