import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsPanel } from '@/entrypoints/options/SettingsPanel';
import { getSettings, updateSettings } from '@/lib/settings';

afterEach(cleanup);

/** The names the options page would read from the store: MiCA's only. */
const names = (ids: readonly string[]) =>
  Promise.resolve(new Map(ids.filter((id) => id === 'mica').map((id) => [id, 'MiCA regulation'])));

describe('settings on the options page', () => {
  it('saves each choice at once', async () => {
    render(<SettingsPanel entityNames={names} />);
    fireEvent.click(
      await screen.findByRole('checkbox', {
        name: 'Mark only the first mention of each name on a page',
      }),
    );
    fireEvent.click(
      screen.getByRole('radio', { name: 'Dotted underline and an amber background' }),
    );
    fireEvent.click(
      screen.getByRole('radio', { name: 'Every name the packs know, on every page' }),
    );
    fireEvent.change(screen.getByRole('spinbutton'), { target: { value: '600' } });
    await waitFor(async () =>
      expect(await getSettings()).toMatchObject({
        firstMentionOnly: true,
        highlightStyle: 'tint',
        markScope: 'all',
        hoverDelayMs: 600,
      }),
    );
  });

  it('turns a site back on and marks a muted name again', async () => {
    await updateSettings((s) => ({
      ...s,
      disabledSites: ['example.com'],
      mutedEntities: { 'www.lemonde.fr': ['mica'] },
    }));
    render(<SettingsPanel entityNames={names} />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Turn Repères back on for example.com' }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Mark MiCA regulation again on www.lemonde.fr' }),
    );
    await waitFor(async () =>
      expect(await getSettings()).toMatchObject({ disabledSites: [], mutedEntities: {} }),
    );
    await waitFor(() => expect(screen.getAllByText('None.')).toHaveLength(2));
  });
});
