import { useEffect, useState } from 'preact/hooks';
import {
  DEFAULT_SETTINGS,
  getSettings,
  updateSettings,
  watchSettings,
  type Settings,
} from '@/lib/settings';

/**
 * The reader's settings for an extension page, kept in step with every other
 * context, and a function that changes them (saved at once).
 */
export function useSettings(): [Settings, (apply: (current: Settings) => Settings) => void] {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  useEffect(() => {
    let live = true;
    void getSettings().then((read) => live && setSettings(read));
    const stop = watchSettings(setSettings);
    return () => {
      live = false;
      stop();
    };
  }, []);
  const change = (apply: (current: Settings) => Settings) =>
    void updateSettings(apply).then(setSettings);
  return [settings, change];
}
