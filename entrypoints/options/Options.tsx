import { useCallback, useEffect, useState } from 'preact/hooks';
import { downloadJson } from '@/components/download';
import { t } from '@/lib/i18n';
import { watchMatcherIndex } from '@/lib/matcher-storage';
import { messaging } from '@/lib/messaging';
import { database, type PackRecord, type ReperesDatabase } from '@/lib/store/db';
import {
  exportPack,
  listPacks,
  previousVersions,
  removePack,
  restorePrevious,
} from '@/lib/store/packs';
import { ImportPanel } from './ImportPanel';
import { PackTable } from './PackTable';
import { SettingsPanel } from './SettingsPanel';
import { SubscriptionsPanel } from './SubscriptionsPanel';

interface Props {
  db?: ReperesDatabase;
  /** Tells the background that packs changed, so it rebuilds the matcher index for every tab. */
  notifyPacksChanged?: () => Promise<unknown>;
}

export function Options({
  db = database(),
  notifyPacksChanged = () => messaging.sendMessage('packsChanged', undefined),
}: Props) {
  const [packs, setPacks] = useState<PackRecord[] | null>(null);
  const [previous, setPrevious] = useState(new Map<string, string>());
  const [status, setStatus] = useState('');

  const refresh = useCallback(async () => {
    const [installed, replaced] = await Promise.all([listPacks(db), previousVersions(db)]);
    setPrevious(replaced);
    setPacks(installed);
  }, [db]);
  // Only the names the settings list: reading every row (and its facts) would
  // cost a large pack's import a second, for a list that is usually empty.
  const entityNames = useCallback(
    async (ids: readonly string[]) => {
      const rows = ids.length === 0 ? [] : await db.entities.where('id').anyOf(ids).toArray();
      return new Map(rows.map((row) => [row.id, row.entity.name]));
    },
    [db],
  );
  useEffect(() => {
    // The page may close before the store answers: nothing to show then.
    refresh().catch(() => undefined);
    // The background writes packs too (the bundled pack on first run, an update applied
    // without asking); it publishes a new matcher index after each write, whose stamp
    // every open options page follows to list the packs as they now are.
    return watchMatcherIndex(() => void refresh().catch(() => undefined));
  }, [refresh]);

  async function afterChange() {
    // Side by side: this page reads the packs while the background recompiles its index.
    await Promise.all([refresh(), notifyPacksChanged()]);
  }

  async function remove(pack: PackRecord) {
    await removePack(db, pack.id);
    await afterChange();
    setStatus(t('packRemoved', pack.title));
  }

  async function restore(pack: PackRecord) {
    const version = previous.get(pack.id);
    if (!(await restorePrevious(db, pack.id))) return;
    await afterChange();
    setStatus(t('packRestored', [pack.title, version ?? '']));
  }

  async function exportToFile(pack: PackRecord) {
    const exported = await exportPack(db, pack.id);
    if (exported) downloadJson(`${pack.id}-${pack.version}.json`, exported);
  }

  return (
    <main class="stack">
      <header class="bar">
        <img src="/icon.svg" alt="" width={28} height={28} />
        <h1>{t('optionsTitle')}</h1>
      </header>
      <section aria-labelledby="packs-heading">
        <h2 id="packs-heading">{t('optionsPacksHeading')}</h2>
        {packs && (
          <PackTable
            packs={packs}
            previous={previous}
            onExport={(pack) => void exportToFile(pack)}
            onRemove={remove}
            onRestore={restore}
          />
        )}
        <p role="status" aria-live="polite">
          {status}
        </p>
      </section>
      <ImportPanel db={db} onImported={afterChange} />
      <SubscriptionsPanel db={db} packs={packs ?? []} onImported={afterChange} />
      <SettingsPanel entityNames={entityNames} />
    </main>
  );
}
