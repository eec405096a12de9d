import { useState } from 'preact/hooks';
import { t, uiLanguage } from '@/lib/i18n';
import type { PackRecord } from '@/lib/store/db';
import { SignerLine } from './SignerLine';

interface Props {
  packs: PackRecord[];
  /** The version "Restore previous version" brings back, by pack id. */
  previous: ReadonlyMap<string, string>;
  onExport: (pack: PackRecord) => void;
  onRemove: (pack: PackRecord) => Promise<void>;
  onRestore: (pack: PackRecord) => Promise<void>;
}

export function PackTable({ packs, previous, onExport, onRemove, onRestore }: Props) {
  const [confirming, setConfirming] = useState<string | null>(null);
  if (packs.length === 0) return <p>{t('optionsNoPacks')}</p>;
  const numbers = new Intl.NumberFormat(uiLanguage());
  const dates = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium' });

  return (
    <table class="packs">
      <thead>
        <tr>
          <th scope="col">{t('packColumnTitle')}</th>
          <th scope="col">{t('packColumnVersion')}</th>
          <th scope="col" class="number">
            {t('packColumnEntities')}
          </th>
          <th scope="col" class="number">
            {t('packColumnFacts')}
          </th>
          <th scope="col" class="number">
            {t('packColumnSources')}
          </th>
          <th scope="col">{t('packColumnInstalled')}</th>
          <th scope="col">{t('packColumnActions')}</th>
        </tr>
      </thead>
      <tbody>
        {packs.map((pack) => (
          <tr key={pack.id}>
            <th scope="row">
              <span class="pack-title">{pack.title}</span>
              <code>{pack.id}</code>
              {pack.bundled && <span class="tag">{t('packBundled')}</span>}
              <SignerLine signer={pack.signer} publisher={pack.header.publisher} />
            </th>
            <td>{pack.version}</td>
            <td class="number">{numbers.format(pack.counts.entities)}</td>
            <td class="number">{numbers.format(pack.counts.facts)}</td>
            <td class="number">{numbers.format(pack.counts.sources)}</td>
            <td>{dates.format(pack.installedAt)}</td>
            <td class="actions">
              {confirming === pack.id ? (
                <div role="group" aria-label={t('packRemoveLabel', pack.title)}>
                  <p>{t('packRemoveConfirm', [pack.title, numbers.format(pack.counts.facts)])}</p>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => void onRemove(pack).finally(() => setConfirming(null))}
                  >
                    {t('packRemove')}
                  </button>
                  <button type="button" autoFocus onClick={() => setConfirming(null)}>
                    {t('cancel')}
                  </button>
                </div>
              ) : (
                <>
                  <button
                    type="button"
                    aria-label={t('packExportLabel', pack.title)}
                    onClick={() => onExport(pack)}
                  >
                    {t('packExport')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('packRemoveLabel', pack.title)}
                    onClick={() => setConfirming(pack.id)}
                  >
                    {t('packRemove')}
                  </button>
                  {previous.has(pack.id) && (
                    <button
                      type="button"
                      aria-label={t('packRestoreLabel', [pack.title, previous.get(pack.id)!])}
                      onClick={() => void onRestore(pack)}
                    >
                      {t('packRestore', previous.get(pack.id))}
                    </button>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
