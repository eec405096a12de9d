import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t, uiLanguage } from '@/lib/i18n';
import { messaging } from '@/lib/messaging';
import { updateUrlAllowed } from '@/lib/pack/update-url';
import type { PackRecord, ReperesDatabase } from '@/lib/store/db';
import { applyConfirmed, type ImportPlan } from '@/lib/store/packs';
import { clearPendingUpdate, pendingUpdate, planPendingUpdate } from '@/lib/subscription-check';
import {
  getSubscriptions,
  originPattern,
  updateSubscription,
  updateSubscriptions,
  watchSubscriptions,
  type Subscription,
} from '@/lib/subscriptions';
import { AddressForm } from './AddressForm';
import { Review } from './ImportPanel';

interface Props {
  db: ReperesDatabase;
  packs: readonly PackRecord[];
  /** Called once a pack was written, so the list and the matcher index follow. */
  onImported: () => Promise<void>;
  /** Asks the background to check one subscription now. */
  checkNow?: (url: string) => Promise<unknown>;
  /** Asks the browser for access to one origin; must run within the reader's click. */
  requestOrigin?: (pattern: string) => Promise<boolean>;
  /** Gives an origin's access back. */
  releaseOrigin?: (pattern: string) => Promise<boolean>;
}

/**
 * Subscribing to a pack's updates (issue 16): by pasting its address, or
 * from an installed pack that says where its updates live. Each
 * subscription asks the browser for that one origin, at the click.
 */
export function SubscriptionsPanel({
  db,
  packs,
  onImported,
  checkNow = (url) => messaging.sendMessage('checkSubscription', { url }),
  requestOrigin = (pattern) => browser.permissions.request({ origins: [pattern] }),
  releaseOrigin = (pattern) => browser.permissions.remove({ origins: [pattern] }),
}: Props) {
  const [subscriptions, setSubscriptions] = useState<Subscription[]>([]);
  const [message, setMessage] = useState('');
  const [address, setAddress] = useState('');
  const [reviewing, setReviewing] = useState<{ url: string; plan: ImportPlan } | null>(null);

  useEffect(() => {
    void getSubscriptions().then(setSubscriptions);
    return watchSubscriptions(setSubscriptions);
  }, []);

  /** Subscribes to `url`: the permission is asked first, while the click still counts. */
  function subscribe(url: string) {
    if (!updateUrlAllowed(url)) {
      setMessage(t('subscribeNotHttps'));
      return;
    }
    const granted = requestOrigin(originPattern(url)).catch(() => false);
    void granted.then(async (ok) => {
      if (!ok) {
        setMessage(t('subscribeDenied', new URL(url).host));
        return;
      }
      await updateSubscriptions((all) =>
        all.some((s) => s.url === url)
          ? all
          : [...all, { url, schedule: 'daily', autoApply: false, failures: 0 }],
      );
      setAddress('');
      setMessage(t('subscribeDone', new URL(url).host));
      await checkNow(url).catch(() => undefined);
    });
  }

  /** Ends a subscription, and gives back its origin's permission when no other one needs it. */
  async function unsubscribe(url: string) {
    await clearPendingUpdate(db, url);
    const left = await updateSubscriptions((all) => all.filter((other) => other.url !== url));
    const pattern = originPattern(url);
    if (!left.some((other) => originPattern(other.url) === pattern)) {
      // Refused where the extension holds the origin anyway (its pages' own host access).
      await releaseOrigin(pattern).catch(() => false);
    }
  }

  async function review(url: string) {
    const update = await pendingUpdate(db, url);
    const planned = update && (await planPendingUpdate(db, update));
    if (planned?.ok) setReviewing({ url, plan: planned.plan });
    else setMessage(t('subscriptionNoPending'));
  }

  async function apply(url: string, plan: ImportPlan) {
    try {
      await applyConfirmed(db, plan);
    } catch (error) {
      // Another context changed the pack meanwhile: nothing was written; review again.
      setReviewing(null);
      setMessage(t('importFailed', error instanceof Error ? error.message : String(error)));
      return;
    }
    await clearPendingUpdate(db, url);
    await updateSubscription(url, (s) => ({
      ...s,
      status: { kind: 'applied', at: Date.now(), version: plan.pack.version },
    }));
    setReviewing(null);
    await onImported();
    setMessage(
      t('importDone', [
        plan.pack.title,
        plan.pack.version,
        String(plan.pack.entities.length),
        String(plan.pack.facts.length),
      ]),
    );
  }

  const subscribedUrls = new Set(subscriptions.map((s) => s.url));
  const offered = packs.filter(
    (pack) => pack.header.updateUrl !== undefined && !subscribedUrls.has(pack.header.updateUrl),
  );
  const titleOf = (s: Subscription) => packs.find((p) => p.id === s.packId)?.title;

  return (
    <section aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">{t('subscriptionsHeading')}</h2>
      <p class="muted">{t('subscriptionsIntro')}</p>
      <AddressForm
        class="subscribe"
        name="subscribe-url"
        label={t('subscribeAddress')}
        button={t('subscribe')}
        value={address}
        onInput={setAddress}
        onSubmit={(typed) => subscribe(typed.trim())}
      />
      {offered.map((pack) => (
        <p key={pack.id}>
          <button type="button" onClick={() => subscribe(pack.header.updateUrl!)}>
            {t('subscribeInstalled', pack.title)}
          </button>
        </p>
      ))}
      {subscriptions.length > 0 && (
        <ul class="subscriptions">
          {subscriptions.map((s) => (
            <li key={s.url}>
              <p>
                <strong>{titleOf(s) ?? s.url}</strong> {titleOf(s) && <code>{s.url}</code>}
              </p>
              <p class="subscription-status">{statusLine(s)}</p>
              <p class="buttons">
                <button type="button" onClick={() => void checkNow(s.url).catch(() => undefined)}>
                  {t('subscriptionCheckNow')}
                </button>
                {s.status?.kind === 'update-found' && (
                  <button type="button" class="primary" onClick={() => void review(s.url)}>
                    {t('subscriptionReview', s.status.version)}
                  </button>
                )}
                <label>
                  <input
                    type="checkbox"
                    checked={s.schedule === 'daily'}
                    onChange={(event) => {
                      const schedule = event.currentTarget.checked ? 'daily' : 'off';
                      void updateSubscription(s.url, (current) => ({ ...current, schedule }));
                    }}
                  />{' '}
                  {t('subscriptionDaily')}
                </label>{' '}
                <label>
                  <input
                    type="checkbox"
                    checked={s.autoApply}
                    onChange={(event) => {
                      const autoApply = event.currentTarget.checked;
                      void updateSubscription(s.url, (current) => ({ ...current, autoApply }));
                    }}
                  />{' '}
                  {t('subscriptionAutoApply')}
                </label>{' '}
                <button type="button" onClick={() => void unsubscribe(s.url)}>
                  {t('unsubscribe')}
                </button>
              </p>
              {reviewing?.url === s.url && (
                <Review
                  plan={reviewing.plan}
                  onApply={(plan) => apply(s.url, plan)}
                  onCancel={() => setReviewing(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}

/** What the last check found, in one line. */
function statusLine(s: Subscription): string {
  const status = s.status;
  if (!status) return t('subscriptionNeverChecked');
  const when = new Intl.DateTimeFormat(uiLanguage(), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(status.at);
  switch (status.kind) {
    case 'up-to-date':
      return t('subscriptionUpToDate', when);
    case 'update-found':
      return t('subscriptionFound', [status.version, when]);
    case 'applied':
      return t('subscriptionApplied', [status.version, when]);
    case 'error':
      return t('subscriptionFailed', [status.detail, when]);
  }
}
