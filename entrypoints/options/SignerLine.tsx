import { t } from '@/lib/i18n';
import { shortFingerprint } from '@/lib/pack/signature';

/**
 * Who signed a pack, in one line: the publisher the pack names and the start
 * of its key's fingerprint, which a reader can compare with what the
 * publisher shows elsewhere; or that it is not signed.
 */
export function SignerLine({
  signer,
  publisher,
}: {
  signer: { fingerprint: string } | null | undefined;
  publisher: string | null | undefined;
}) {
  if (!signer) return <span class="signer unsigned">{t('packUnsigned')}</span>;
  const key = shortFingerprint(signer.fingerprint);
  return (
    <span class="signer" title={signer.fingerprint}>
      {publisher ? t('packSignedBy', [publisher, key]) : t('packSignedKey', key)}
    </span>
  );
}
