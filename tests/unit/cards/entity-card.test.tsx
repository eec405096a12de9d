import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntityCard, FIRST_ITEMS } from '@/components/card/EntityCard';
import type { CardData, CardFact } from '@/lib/cards';
import { formatPartialDate } from '@/lib/dates';
import { useLocale } from '../support/fake-i18n';

afterEach(cleanup);

const HOSTILE = '<img src=x onerror="alert(1)"><b>bold</b>';

function fact(n: number, overrides: Partial<CardFact> = {}): CardFact {
  return {
    key: `p/f${n}`,
    id: `f${n}`,
    packId: 'p',
    packTitle: 'Pack title',
    role: 'subject',
    text: { text: `Fact number ${n}.`, lang: 'en' },
    evidence: `evidence ${n}`,
    date: '',
    weight: 10 - n,
    source: {
      id: 's',
      title: 'Source title',
      publisher: 'Qant',
      date: '2025-01-22',
      language: 'fr',
      url: 'https://example.com/article',
    },
    disagreesWith: [],
    ...overrides,
  };
}

function card(overrides: Partial<CardData> = {}): CardData {
  const facts = [1, 2, 3, 4, 5, 6, 7].map((n) => fact(n));
  return {
    id: 'stargate',
    name: 'Stargate',
    type: 'project',
    description: { text: 'US investment consortium.', lang: 'en' },
    packs: [{ id: 'p', title: 'Pack title' }],
    items: facts.map((f) => ({ kind: 'fact' as const, fact: f })),
    factCount: facts.length,
    related: [{ id: 'openai', name: 'OpenAI', type: 'company' }],
    ...overrides,
  };
}

describe('the entity card', () => {
  it('is a dialog labelled by the entity name, with its kind and description', () => {
    render(<EntityCard card={card()} />);
    const dialog = screen.getByRole('dialog', { name: 'Stargate' });
    expect(within(dialog).getByRole('heading', { name: 'Stargate' })).toBeTruthy();
    expect(within(dialog).getByText('Project')).toBeTruthy();
    expect(within(dialog).getByText('US investment consortium.')).toBeTruthy();
  });

  it('shows the first facts, then the rest on demand; the full card shows all', () => {
    render(<EntityCard card={card()} />);
    expect(screen.getAllByText(/^Fact number/)).toHaveLength(FIRST_ITEMS);
    const more = screen.getByRole('button', { name: 'Show 2 more' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(screen.getAllByText(/^Fact number/)).toHaveLength(7);
    cleanup();
    render(<EntityCard card={card()} full />);
    expect(screen.getAllByText(/^Fact number/)).toHaveLength(7);
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
  });

  it('gives each fact its source line and, on demand, its quoted evidence', () => {
    render(<EntityCard card={card()} />);
    const first = screen.getByText('Fact number 1.').closest('li')!;
    expect(within(first).getByText('Qant')).toBeTruthy();
    expect(within(first).getByText('January 22, 2025')).toBeTruthy();
    const toggle = within(first).getByRole('button', { name: 'Show the excerpt from Qant' });
    const quote = within(first).getByText('“evidence 1”');
    expect(quote.closest('figure')!.hidden).toBe(true);
    fireEvent.click(toggle);
    expect(quote.closest('figure')!.hidden).toBe(false);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const link = within(first).getByRole('link', { name: 'From Source title' });
    expect(link.getAttribute('href')).toBe('https://example.com/article');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('renders markup in pack text as text', () => {
    const hostile = card({
      name: HOSTILE,
      description: { text: HOSTILE, lang: 'en' },
      items: [
        {
          kind: 'fact',
          fact: fact(1, {
            text: { text: HOSTILE, lang: 'en' },
            evidence: HOSTILE,
            source: { ...fact(1).source, publisher: HOSTILE, title: HOSTILE, url: undefined },
          }),
        },
      ],
      related: [{ id: 'x', name: HOSTILE, type: 'other' }],
    });
    const { container } = render(<EntityCard card={hostile} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
    expect(screen.getByRole('dialog', { name: HOSTILE })).toBeTruthy();
    expect(screen.getAllByText(HOSTILE).length).toBeGreaterThanOrEqual(4);
  });

  it('puts disagreeing claims side by side under "Sources disagree"', () => {
    const items: CardData['items'] = [
      {
        kind: 'dispute',
        claims: [
          fact(1, { text: { text: 'Two months.', lang: 'en' } }),
          fact(2, {
            text: { text: 'Six months.', lang: 'en' },
            role: 'counterpart',
            source: { ...fact(2).source, id: 'other', publisher: 'CTOL' },
          }),
          fact(3, { text: { text: 'Trained in 2024.', lang: 'en' } }),
        ],
      },
    ];
    render(<EntityCard card={card({ items, factCount: 3 })} />);
    const claims = screen.getByRole('list', { name: 'Sources disagree' });
    // One side per source: the two claims of the first source stand together.
    const sides = within(claims).getAllByRole('listitem');
    expect(
      sides.map((side) => [...side.querySelectorAll('.rp-fact-text')].map((p) => p.textContent)),
    ).toEqual([['Two months.', 'Trained in 2024.'], ['Six months.']]);
  });

  it('opens related entities and offers the actions it is given', () => {
    const open = vi.fn();
    const notThis = vi.fn();
    const off = vi.fn();
    render(
      <EntityCard
        card={card()}
        onOpenEntity={open}
        onNotThisEntity={notThis}
        onTurnOffSite={off}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'OpenAI (Company)' }));
    expect(open).toHaveBeenCalledWith('openai');
    fireEvent.click(screen.getByRole('button', { name: 'Not this entity here' }));
    fireEvent.click(screen.getByRole('button', { name: 'Turn off on this site' }));
    expect(notThis).toHaveBeenCalledOnce();
    expect(off).toHaveBeenCalledOnce();
  });

  it('has no actions unless given, and speaks French', () => {
    useLocale('fr');
    render(<EntityCard card={card()} />);
    expect(screen.queryByRole('button', { name: 'Pas cette entité ici' })).toBeNull();
    expect(screen.getByText('Projet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Afficher 2 de plus' })).toBeTruthy();
    expect(screen.getAllByText('22 janvier 2025').length).toBeGreaterThan(0);
  });
});

describe('partial dates', () => {
  it('keep their precision', () => {
    expect(formatPartialDate('2025', 'en')).toBe('2025');
    expect(formatPartialDate('2025-01', 'en')).toBe('January 2025');
    expect(formatPartialDate('2025-01', 'fr')).toBe('janvier 2025');
    expect(formatPartialDate('2025-01-22', 'fr')).toBe('22 janvier 2025');
    expect(formatPartialDate('2025-01-22T10:00:00Z', 'en')).toBe('January 22, 2025');
    expect(formatPartialDate('someday', 'en')).toBe('someday');
  });
});
