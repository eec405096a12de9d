import { useEffect, useState } from 'preact/hooks';
import { BooleanSetting } from '@/components/BooleanSetting';
import { ChoiceSetting } from '@/components/ChoiceSetting';
import { useSettings } from '@/components/use-settings';
import { t } from '@/lib/i18n';
import { HOVER_DELAY_RANGE, setSiteDisabled, unmuteEntity } from '@/lib/settings';

/**
 * How Repères behaves on pages. Every change is saved at once and applies to
 * open tabs live (content scripts watch the settings).
 */
export function SettingsPanel({
  entityNames,
}: {
  /** The names of these entities (an id not installed has none). */
  entityNames: (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;
}) {
  const [settings, change] = useSettings();
  const muted = Object.entries(settings.mutedEntities).flatMap(([host, ids]) =>
    ids.map((id) => ({ host, id })),
  );
  const mutedIds = [...new Set(muted.map(({ id }) => id))].sort().join('\n');
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    void entityNames(mutedIds === '' ? [] : mutedIds.split('\n'))
      .catch(() => new Map<string, string>())
      .then((found) => live && setNames(found));
    return () => void (live = false);
  }, [entityNames, mutedIds]);
  const entityName = (id: string) => names.get(id) ?? id;

  return (
    <section aria-labelledby="settings-heading" class="settings">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      <BooleanSetting name="paused" settings={settings} change={change} class="setting">
        {t('popupPause')}
      </BooleanSetting>
      <BooleanSetting name="firstMentionOnly" settings={settings} change={change} class="setting">
        {t('settingsFirstMentionOnly')}
      </BooleanSetting>
      <BooleanSetting name="asOfArticle" settings={settings} change={change} class="setting">
        {t('settingsAsOfArticle')}
      </BooleanSetting>
      <ChoiceSetting
        name="markScope"
        group="mark-scope"
        legend={t('settingsScope')}
        choices={[
          ['subject', t('settingsScopeSubject')],
          ['all', t('settingsScopeAll')],
        ]}
        settings={settings}
        change={change}
        class="setting"
      />
      <ChoiceSetting
        name="highlightStyle"
        group="highlight-style"
        legend={t('settingsStyle')}
        choices={(['underline', 'tint'] as const).map((style) => [
          style,
          <span key={style} class={`style-sample ${style}`}>
            {style === 'underline' ? t('settingsStyleUnderline') : t('settingsStyleTint')}
          </span>,
        ])}
        settings={settings}
        change={change}
        class="setting"
      />
      <label class="setting">
        {t('settingsHoverDelay')}{' '}
        <input
          type="number"
          min={HOVER_DELAY_RANGE.min}
          max={HOVER_DELAY_RANGE.max}
          step={50}
          value={settings.hoverDelayMs}
          onChange={(event) => {
            const hoverDelayMs = Number(event.currentTarget.value);
            if (Number.isFinite(hoverDelayMs)) change((current) => ({ ...current, hoverDelayMs }));
          }}
        />{' '}
        ms
      </label>

      <h3>{t('settingsSitesOff')}</h3>
      {settings.disabledSites.length === 0 ? (
        <p class="muted">{t('settingsNoSitesOff')}</p>
      ) : (
        <ul class="setting-list">
          {settings.disabledSites.map((site) => (
            <li key={site}>
              <code>{site}</code>{' '}
              <button
                type="button"
                aria-label={t('settingsTurnBackOnLabel', site)}
                onClick={() => change((current) => setSiteDisabled(current, site, false))}
              >
                {t('settingsTurnBackOn')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('settingsMuted')}</h3>
      {muted.length === 0 ? (
        <p class="muted">{t('settingsNoMuted')}</p>
      ) : (
        <ul class="setting-list">
          {muted.map(({ host, id }) => (
            <li key={`${host} ${id}`}>
              {t('settingsMutedOn', [entityName(id), host])}{' '}
              <button
                type="button"
                aria-label={t('settingsUnmuteLabel', [entityName(id), host])}
                onClick={() => change((current) => unmuteEntity(current, host, id))}
              >
                {t('settingsUnmute')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
