import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  getSettings,
  isActiveOn,
  isSiteDisabled,
  muteEntity,
  mutedOn,
  parseSettings,
  setSiteDisabled,
  siteOf,
  unmuteEntity,
  updateSettings,
  watchSettings,
} from '@/lib/settings';

describe('settings', () => {
  it('default when storage holds nothing or nonsense', async () => {
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    for (const junk of [null, 42, 'x', [], { paused: 'yes', disabledSites: 'a.com' }]) {
      expect(parseSettings(junk)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('keep what is valid and drop the rest, field by field', () => {
    const parsed = parseSettings({
      paused: true,
      disabledSites: ['Example.com', 3, '', 'example.com', 'x'.repeat(300)],
      mutedEntities: { 'News.fr': ['mica', 7, 'mica'], 'empty.fr': [], bad: 'mica' },
      hoverDelayMs: 5,
      highlightStyle: 'blink',
      markScope: 'everything',
      extra: true,
    });
    expect(parsed).toEqual({
      ...DEFAULT_SETTINGS,
      paused: true,
      disabledSites: ['example.com'],
      mutedEntities: { 'news.fr': ['mica'] },
      hoverDelayMs: 100,
    });
  });

  it('are written, read back and watched', async () => {
    const seen = vi.fn();
    const stop = watchSettings(seen);
    await updateSettings((settings) => ({ ...settings, paused: true }));
    expect((await getSettings()).paused).toBe(true);
    expect(seen).toHaveBeenLastCalledWith(expect.objectContaining({ paused: true }));
    stop();
    await updateSettings((settings) => setSiteDisabled(settings, 'www.lemonde.fr', true));
    expect(seen).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.storage.local.get('settings')).toMatchObject({
      settings: { disabledSites: ['www.lemonde.fr'] },
    });
  });

  it('turn sites off and on, parent domains included', () => {
    const off = setSiteDisabled(DEFAULT_SETTINGS, 'lemonde.fr', true);
    expect(isSiteDisabled(off, 'www.lemonde.fr')).toBe(true);
    expect(isSiteDisabled(off, 'lemonde.com')).toBe(false);
    expect(isActiveOn(off, 'example.com')).toBe(true);
    expect(isActiveOn({ ...off, paused: true }, 'example.com')).toBe(false);
    expect(isSiteDisabled(setSiteDisabled(off, 'www.lemonde.fr', false), 'lemonde.fr')).toBe(false);
  });

  it('mute entities per site', () => {
    const muted = muteEntity(DEFAULT_SETTINGS, 'News.fr', 'mica');
    expect(mutedOn(muted, 'news.fr')).toEqual(['mica']);
    expect(mutedOn(muted, 'other.fr')).toEqual([]);
    expect(unmuteEntity(muted, 'news.fr', 'mica').mutedEntities).toEqual({});
  });

  it('know the site of a page', () => {
    expect(siteOf('https://WWW.Example.com/a?b')).toBe('www.example.com');
    expect(siteOf('chrome://extensions')).toBeNull();
    expect(siteOf('file:///tmp/a.html')).toBeNull();
    expect(siteOf(undefined)).toBeNull();
  });
});
