import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntityCard } from '@/components/card/EntityCard';
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
    entities: ['stargate'],
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

  it('is a glance at rest: three facts with source and date, nothing else', () => {
    render(<EntityCard card={card()} onNotThisEntity={vi.fn()} onTurnOffSite={vi.fn()} />);
    expect(screen.getAllByText(/^Fact number/).map((p) => p.textContent)).toEqual([
      'Fact number 1.',
      'Fact number 2.',
      'Fact number 3.',
    ]);
    const first = screen.getByText('Fact number 1.').closest('li')!;
    expect(within(first).getByText('Qant')).toBeTruthy();
    expect(within(first).getByText('Jan 22, 2025')).toBeTruthy();
    // Excerpts, related names and actions wait one step away.
    expect(screen.queryByRole('button', { name: /excerpt/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'OpenAI (Company)' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Not this entity here' })).toBeNull();
  });

  it('unfolds every fact, the excerpts, related names and actions with "All facts", and folds back', () => {
    render(<EntityCard card={card()} onOpenEntity={vi.fn()} onNotThisEntity={vi.fn()} />);
    const more = screen.getByRole('button', { name: 'All facts (7)' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByText(/^Fact number/)).toHaveLength(7);
    // Focus goes to the first fact revealed, which Tab from the toggle would never reach.
    expect(document.activeElement?.textContent).toMatch(/^Fact number 4\./);
    expect(screen.getAllByRole('button', { name: 'Show the excerpt from Qant' })).toHaveLength(7);
    expect(screen.getByRole('button', { name: 'OpenAI (Company)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Not this entity here' })).toBeTruthy();
    // The same button, where focus is, folds the card back.
    expect(more.textContent).toBe('Show fewer');
    fireEvent.click(more);
    expect(screen.getAllByText(/^Fact number/)).toHaveLength(3);
  });

  it('is complete at once in the popup, without the toggle', () => {
    render(<EntityCard card={card()} full />);
    expect(screen.getAllByText(/^Fact number/)).toHaveLength(7);
    expect(screen.queryByRole('button', { name: /All facts|Show fewer/ })).toBeNull();
  });

  it('leads with the fact that links the entity to a name on the page', () => {
    const items = card().items.map((item, i) =>
      i === 5 && item.kind === 'fact'
        ? { kind: 'fact' as const, fact: { ...item.fact, entities: ['stargate', 'openai'] } }
        : item,
    );
    render(<EntityCard card={card({ items })} pageEntities={new Set(['openai'])} full />);
    expect(screen.getAllByText(/^Fact number/)[0]!.textContent).toBe('Fact number 6.');
  });

  it('gives a fact its quoted evidence on demand, linking to its source', () => {
    render(<EntityCard card={card()} full />);
    const first = screen.getByText('Fact number 1.').closest('li')!;
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
    const { container } = render(<EntityCard card={hostile} full />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
    expect(screen.getByRole('dialog', { name: HOSTILE })).toBeTruthy();
    expect(screen.getAllByText(HOSTILE).length).toBeGreaterThanOrEqual(4);
  });

  const disputed: CardData['items'] = [
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

  it('flags a disputed fact in the glance, and opens the claims side by side on demand', () => {
    render(<EntityCard card={card({ items: disputed, factCount: 3 })} />);
    // At rest: the leading claim, flagged in its source line.
    const shown = screen.getAllByText(/months|2024/).filter((p) => !p.closest('[hidden]'));
    expect(shown.map((p) => p.textContent)).toEqual(['Two months.']);
    const flag = screen.getByRole('button', { name: '2 sources differ' });
    expect(flag.closest('.rp-source')).toBeTruthy();
    const comparison = document.getElementById(flag.getAttribute('aria-controls')!)!;
    expect(comparison.hidden).toBe(true);
    fireEvent.click(flag);
    expect(flag.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('group', { name: 'Sources disagree' })).toBe(comparison);
    // One side per source, each claim with its source line and excerpt.
    const sides = within(comparison).getAllByRole('listitem');
    expect(
      sides.map((side) => [...side.querySelectorAll('.rp-fact-text')].map((p) => p.textContent)),
    ).toEqual([['Two months.', 'Trained in 2024.'], ['Six months.']]);
    expect(within(sides[1]!).getByText('CTOL')).toBeTruthy();
    expect(
      within(sides[1]!).getByRole('button', { name: 'Show the excerpt from CTOL' }),
    ).toBeTruthy();
  });

  it('shows a dispute as its comparison among all facts', () => {
    render(<EntityCard card={card({ items: disputed, factCount: 3 })} full />);
    const comparison = screen.getByRole('group', { name: 'Sources disagree' });
    expect(comparison.hidden).toBe(false);
    expect(within(comparison).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getAllByText('Two months.')).toHaveLength(1);
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
    fireEvent.click(screen.getByRole('button', { name: 'All facts (7)' }));
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
    fireEvent.click(screen.getByRole('button', { name: 'Tous les faits (7)' }));
    expect(screen.queryByRole('button', { name: 'Pas cette entité ici' })).toBeNull();
    expect(screen.getByText('Projet')).toBeTruthy();
    expect(screen.getAllByText('22 janv. 2025').length).toBeGreaterThan(0);
  });
});

describe('partial dates', () => {
  it('keep their precision', () => {
    expect(formatPartialDate('2025', 'en')).toBe('2025');
    expect(formatPartialDate('2025-01', 'en')).toBe('January 2025');
    expect(formatPartialDate('2025-01', 'fr')).toBe('janvier 2025');
    expect(formatPartialDate('2025-01-22', 'fr')).toBe('22 janvier 2025');
    expect(formatPartialDate('2025-01-22T10:00:00Z', 'en')).toBe('January 22, 2025');
    expect(formatPartialDate('2025-01-22', 'en', 'short')).toBe('Jan 22, 2025');
    expect(formatPartialDate('2025-01', 'fr', 'short')).toBe('janv. 2025');
    expect(formatPartialDate('someday', 'en')).toBe('someday');
  });
});

describe('a card read as of its page’s date', () => {
  const later = (n: number, date: string) =>
    fact(n, { source: { ...fact(n).source, id: 'later', publisher: 'Théo', date } });
  const dated = () => {
    const facts = [fact(1), fact(2), later(3, '2025-09'), fact(4), later(5, '2025-02-01')];
    return card({ items: facts.map((f) => ({ kind: 'fact' as const, fact: f })), factCount: 5 });
  };

  it('says the moment it reads as of, and shows the most important later fact apart, with its date', () => {
    render(<EntityCard card={dated()} pageDate="2025-01-22" />);
    const dialog = screen.getByRole('dialog', { name: 'Stargate' });
    expect(within(dialog).getByText('As of this article (January 22, 2025)')).toBeTruthy();
    const heading = within(dialog).getByRole('heading', { name: 'Since this article' });
    const list = screen.getByRole('list', { name: 'Since this article' });
    expect(heading.id).toBe(list.getAttribute('aria-labelledby'));
    // The most important change leads what came later, dated by when it holds.
    const [first, ...rest] = within(list).getAllByRole('listitem');
    expect(rest).toHaveLength(0);
    expect(within(first!).getByText('Fact number 3.')).toBeTruthy();
    expect(within(first!).getByText('Sep 2025')).toBeTruthy();
    // The facts as of the article, above, are those of its time only.
    const asOf = screen.getAllByRole('list')[0]!;
    expect(within(asOf).queryByText('Fact number 3.')).toBeNull();
    expect(within(asOf).getByText('Fact number 1.')).toBeTruthy();
  });

  it('unfolds every later fact under its heading with "All facts", focus on the first revealed', () => {
    render(<EntityCard card={dated()} pageDate="2025-01-22" />);
    fireEvent.click(screen.getByRole('button', { name: 'All facts (5)' }));
    const list = screen.getByRole('list', { name: 'Since this article' });
    expect(
      within(list)
        .getAllByText(/^Fact number/)
        .map((p) => p.textContent),
    ).toEqual(['Fact number 3.', 'Fact number 5.']);
    expect(within(list).getByText('Feb 1, 2025')).toBeTruthy();
    expect(document.activeElement?.textContent).toMatch(/^Fact number 4\./);
  });

  it('is the card as usual without a page date', () => {
    render(<EntityCard card={dated()} />);
    expect(screen.queryByText(/As of this article/)).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Since this article' })).toBeNull();
    expect(screen.getAllByText(/^Fact number/).map((p) => p.textContent)).toEqual([
      'Fact number 1.',
      'Fact number 2.',
      'Fact number 3.',
    ]);
  });
});
