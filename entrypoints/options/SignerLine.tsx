import { t } from '@/lib/i18n';
import { shortFingerprint } from '@/lib/pack/signature';

/**
 * Who signed a pack, in one line: the start of its key's fingerprint, the
 * part the signature proves, which a reader can compare with what the
 * publisher shows elsewhere; then the publisher the pack names, as its own
 * claim (anyone can sign a pack that says "Reuters"). Or that it is not signed.
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
