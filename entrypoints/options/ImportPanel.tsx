import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { messagesLanguage, t } from '@/lib/i18n';
import { LIMITS } from '@/lib/pack/limits';
import { fetchPackUpdate, PACK_FETCH_TIMEOUT_MS } from '@/lib/pack/update-check';
import { updateUrlAllowed } from '@/lib/pack/update-url';
import { formatPackError, type PackError } from '@/lib/pack/validate';
import type { IdChanges } from '@/lib/store/changes';
import type { ReperesDatabase } from '@/lib/store/db';
import { shortFingerprint } from '@/lib/pack/signature';
import { applyConfirmed, bringsNewSigner, planImport, type ImportPlan } from '@/lib/store/packs';
import { getSubscriptions, originPattern } from '@/lib/subscriptions';
import { AddressForm } from './AddressForm';
import { SignerLine } from './SignerLine';

type ImportState =
  | { step: 'idle' }
  | { step: 'reading' | 'checking'; file: string }
  | { step: 'fetching'; url: string }
  | { step: 'invalid'; file: string; errors: PackError[] }
  | { step: 'review'; plan: ImportPlan }
  | { step: 'writing'; plan: ImportPlan; progress: number }
  | { step: 'done' | 'failed'; message: string };

interface Props {
  db: ReperesDatabase;
  /** Called once a pack was written, so the list and the matcher index follow. */
  onImported: () => Promise<void>;
  /** Asks the browser for access to one origin; must run within the reader's click or paste. */
  requestOrigin?: (pattern: string) => Promise<boolean>;
  /** Whether the extension holds an origin already (then it is not given back after the import). */
  holdsOrigin?: (pattern: string) => Promise<boolean>;
  /** Gives an origin's access back. */
  releaseOrigin?: (pattern: string) => Promise<boolean>;
  /** What an address is fetched with (the page's own fetch; tests reach a local server). */
  fetch?: typeof fetch;
}

/** Lets the browser paint a status before a long synchronous step. */
const nextFrame = () => new Promise((done) => setTimeout(done, 0));
const IDS_SHOWN = 50;

export function ImportPanel({
  db,
  onImported,
  requestOrigin = (pattern) => browser.permissions.request({ origins: [pattern] }),
  holdsOrigin = (pattern) => browser.permissions.contains({ origins: [pattern] }),
  releaseOrigin = (pattern) => browser.permissions.remove({ origins: [pattern] }),
  fetch,
}: Props) {
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [address, setAddress] = useState('');
  const busy =
    state.step === 'reading' ||
    state.step === 'checking' ||
    state.step === 'fetching' ||
    state.step === 'writing';

  /** Plans the import of a pack's bytes, as chosen or fetched: the review, or why not. */
  async function plan(name: string, bytes: ArrayBuffer | Uint8Array, signature?: Uint8Array) {
    setState({ step: 'checking', file: name });
    await nextFrame();
    const result = await planImport(db, bytes, signature && { signature });
    setState(
      result.ok
        ? { step: 'review', plan: result.plan }
        : { step: 'invalid', file: name, errors: result.errors },
    );
  }

  /** Checks the pack among `files`, with its signature when one of them is a `.sig`. */
  async function check(files: readonly File[]) {
    const isSignature = (file: File) => file.name.toLowerCase().endsWith('.sig');
    const file = files.find((candidate) => !isSignature(candidate));
    if (!file) return;
    const signatures = files.filter(isSignature);
    const signatureFile =
      signatures.find((candidate) => candidate.name === `${file.name}.sig`) ?? signatures[0];
    setState({ step: 'reading', file: file.name });
    try {
      const bytes = await file.arrayBuffer();
      const signature = signatureFile && new Uint8Array(await signatureFile.arrayBuffer());
      await plan(file.name, bytes, signature);
    } catch (error) {
      // An unreadable file, a store that went away: said, and the panel free again.
      setState({ step: 'failed', message: t('importFailed', errorText(error)) });
    }
  }

  /**
   * Imports once from a pack's address, with its `.sig` beside it when there is one, through
   * the same bounded fetch as a subscription's check: the same review follows, and nothing
   * is subscribed. The browser is asked for that one origin first, while the reader's click
   * or paste still counts as their gesture, and the access is given back after the fetch
   * unless the extension held it before or a subscription needs it.
   */
  function importFrom(text: string) {
    const url = text.trim();
    if (!updateUrlAllowed(url)) {
      setState({ step: 'failed', message: t('importUrlNotHttps') });
      return;
    }
    const pattern = originPattern(url);
    const host = new URL(url).host;
    // Both asked at once, within the gesture: `held` answers from before the request.
    const held = holdsOrigin(pattern).catch(() => true);
    const granted = requestOrigin(pattern).catch(() => false);
    void (async () => {
      try {
        if (!(await granted)) {
          setState({ step: 'failed', message: t('importUrlDenied', host) });
          return;
        }
        setState({ step: 'fetching', url });
        let fetched;
        try {
          fetched = await fetchPackUpdate({
            url,
            maxBytes: LIMITS.maxPackBytes,
            timeoutMs: PACK_FETCH_TIMEOUT_MS,
            fetch,
          });
        } finally {
          if (!(await held)) await giveBack(pattern);
        }
        if (fetched.kind !== 'fetched') {
          const detail = fetched.kind === 'failed' ? fetched.detail : 'no pack in the answer';
          setState({ step: 'failed', message: t('importUrlFailed', [host, detail]) });
          return;
        }
        setAddress('');
        await plan(url, fetched.bytes, fetched.signature);
      } catch (error) {
        setState({ step: 'failed', message: t('importFailed', errorText(error)) });
      }
    })();
  }

  /** Gives an origin's access back, unless a subscription reaches it. */
  async function giveBack(pattern: string) {
    const subscriptions = await getSubscriptions();
    if (subscriptions.some((subscription) => originPattern(subscription.url) === pattern)) return;
    await releaseOrigin(pattern).catch(() => false);
  }

  async function apply(plan: ImportPlan) {
    setState({ step: 'writing', plan, progress: 0 });
    try {
      await applyConfirmed(db, plan, {
        onProgress: (progress) => setState({ step: 'writing', plan, progress }),
      });
      await onImported();
      const { pack } = plan;
      setState({
        step: 'done',
        message:
          bringsNewSigner(plan) && plan.signer
            ? t('importSignerRecorded', [pack.title, shortFingerprint(plan.signer.fingerprint)])
            : t('importDone', [
                pack.title,
                pack.version,
                String(pack.entities.length),
                String(pack.facts.length),
              ]),
      });
    } catch (error) {
      setState({ step: 'failed', message: t('importFailed', errorText(error)) });
    }
  }

  // A file dropped anywhere on the page is imported, as if chosen: the whole
  // page is the drop target, and this panel shows that it is listening.
  const checkRef = useRef(check);
  checkRef.current = check;
  const importFromRef = useRef(importFrom);
  importFromRef.current = importFrom;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  // Subscribed as the panel mounts, before the first paint: a drop can come at once.
  useLayoutEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault(); // without it the browser would open the file instead
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      // Leaving the window, not moving between the page's elements.
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      setDragging(false);
      if (!busyRef.current) void checkRef.current(files);
    };
    // A file pasted anywhere but into a field (copied in the file manager) is imported as if
    // chosen; an address, as if typed in and submitted.
    const paste = (event: ClipboardEvent) => {
      if (isEditable(event.target)) return;
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length > 0) {
        event.preventDefault();
        if (!busyRef.current) void checkRef.current(files);
        return;
      }
      const text = event.clipboardData?.getData('text/plain').trim() ?? '';
      if (!/^https?:\/\/\S+$/i.test(text)) return;
      event.preventDefault();
      setAddress(text);
      if (!busyRef.current) importFromRef.current(text);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
      document.removeEventListener('paste', paste);
    };
  }, []);

  return (
    <section aria-labelledby="import-heading" class={dragging ? 'drop-zone dragging' : 'drop-zone'}>
      <h2 id="import-heading">{t('importHeading')}</h2>
      <p>
        <label class="button">
          {t('importChoose')}
          <input
            type="file"
            accept=".json,.sig,application/json"
            multiple
            class="visually-hidden"
            disabled={busy}
            onChange={(event) => {
              const input = event.currentTarget;
              const files = [...(input.files ?? [])];
              input.value = ''; // choosing the same file again must work
              if (files.length > 0) void check(files);
            }}
          />
        </label>{' '}
        {t('importDrop')}
      </p>
      <AddressForm
        class="import-url"
        name="import-url"
        label={t('importUrlLabel')}
        button={t('importUrlButton')}
        value={address}
        onInput={setAddress}
        onSubmit={importFrom}
        disabled={busy}
      />
      <p class="muted">{t('importUrlHint')}</p>
      <div role="status" aria-live="polite" class="import-status">
        <ImportStatus state={state} onApply={apply} onCancel={() => setState({ step: 'idle' })} />
      </div>
    </section>
  );
}

function ImportStatus(props: {
  state: ImportState;
  onApply: (plan: ImportPlan) => Promise<void>;
  onCancel: () => void;
}) {
  const { state } = props;
  switch (state.step) {
    case 'idle':
      return null;
    case 'reading':
      return <Progress label={t('importReading', state.file)} />;
    case 'checking':
      return <Progress label={t('importChecking')} />;
    case 'fetching':
      return <Progress label={t('importUrlFetching', state.url)} />;
    case 'writing':
      return <Progress label={t('importWriting', state.plan.pack.title)} value={state.progress} />;
    case 'done':
      return <p class="success">{state.message}</p>;
    case 'failed':
      return <p class="error">{state.message}</p>;
    case 'invalid':
      return <InvalidPack file={state.file} errors={state.errors} />;
    case 'review':
      return <Review plan={state.plan} onApply={props.onApply} onCancel={props.onCancel} />;
  }
}

function Progress({ label, value }: { label: string; value?: number }) {
  return (
    <p class="progress">
      <span>{label}</span> <progress aria-label={label} max={1} value={value} />
    </p>
  );
}

function InvalidPack({ file, errors }: { file: string; errors: PackError[] }) {
  const lang = messagesLanguage() === 'fr' ? 'fr' : 'en';
  return (
    <div class="error">
      <p>{t('importInvalid', file)}</p>
      <ul class="problems">
        {errors.map((error, i) => (
          <li key={i}>
            <code>{formatPackError(error, lang)}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Review(props: {
  plan: ImportPlan;
  onApply: (plan: ImportPlan) => Promise<void>;
  onCancel: () => void;
}) {
  const { plan } = props;
  const { title, version } = plan.pack;
  const installed = plan.installedVersion ?? '';
  // The same content, now signed: only its signer would be recorded.
  const signerOnly = bringsNewSigner(plan);
  const question = {
    install: t('importPlanInstall', [title, version]),
    update: t('importPlanUpdate', [title, installed, version]),
    unchanged: signerOnly
      ? t('importPlanSigner', [title, version])
      : t('importPlanUnchanged', [title, version]),
    conflict: t('importPlanConflict', [title, version]),
    downgrade: t('importPlanDowngrade', [title, installed, version]),
  }[plan.kind];
  const action = {
    install: t('importInstall'),
    update: t('importUpdate'),
    unchanged: signerOnly ? t('importRecordSigner') : null,
    conflict: t('importReplace'),
    downgrade: t('importReplace'),
  }[plan.kind];
  const { entities, facts } = plan.changes;
  const counts = (changes: IdChanges) =>
    [changes.added.length, changes.changed.length, changes.removed.length].map(String);
  const { keyChange } = plan;
  const signerAction = keyChange.ok
    ? null
    : keyChange.reason === 'signature-removed'
      ? t('importAcceptUnsigned')
      : signerOnly
        ? t('importAcceptKeyRecord')
        : t('importAcceptKey');
  const warn = plan.kind === 'conflict' || plan.kind === 'downgrade' || !keyChange.ok;

  return (
    <div class={warn ? 'review warning' : 'review'}>
      <p>
        <strong>{question}</strong>
      </p>
      <p>
        <SignerLine signer={plan.signer} publisher={plan.pack.publisher} />
      </p>
      {!keyChange.ok && (
        <p class="key-change">
          {keyChange.reason === 'key-changed'
            ? t('importKeyChanged', [
                shortFingerprint(keyChange.update),
                shortFingerprint(keyChange.installed),
              ])
            : t('importSignatureRemoved', shortFingerprint(keyChange.installed))}
        </p>
      )}
      {plan.kind !== 'unchanged' && (
        <>
          <p>{t('importChangesEntities', counts(entities))}</p>
          <p>{t('importChangesFacts', counts(facts))}</p>
          <details>
            <summary>{t('importChangesDetails')}</summary>
            <ChangeLists changes={entities} heading={t('packColumnEntities')} />
            <ChangeLists changes={facts} heading={t('packColumnFacts')} />
          </details>
        </>
      )}
      <p class="buttons">
        {action && (
          <button
            type="button"
            class={signerAction ? 'danger' : 'primary'}
            onClick={() => void props.onApply(plan)}
          >
            {signerAction ?? action}
          </button>
        )}
        <button type="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </p>
    </div>
  );
}

function ChangeLists({ changes, heading }: { changes: IdChanges; heading: string }) {
  const lists: [string, string[]][] = [
    [t('importAdded'), changes.added],
    [t('importChanged'), changes.changed],
    [t('importRemovedList'), changes.removed],
  ];
  return (
    <div class="change-lists">
      <h3>{heading}</h3>
      {lists
        .filter(([, ids]) => ids.length > 0)
        .map(([label, ids]) => (
          <p key={label}>
            <strong>{label}</strong> {ids.slice(0, IDS_SHOWN).join(', ')}
            {ids.length > IDS_SHOWN && ` ${t('importMore', String(ids.length - IDS_SHOWN))}`}
          </p>
        ))}
    </div>
  );
}

/** A field, or text the reader edits: a paste there is theirs, not an import. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target.closest('input, textarea, select, [contenteditable]') !== null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
