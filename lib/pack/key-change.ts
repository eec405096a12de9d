/**
 * Whether a new version of an installed pack may replace it, as far as
 * signatures go (issue 16). A reader who trusted a pack trusted its signer:
 * an impostor must not slip in under the same pack id.
 *
 * - A pack never signed stays as it was: an update signed or not is judged
 *   on its content alone (and a first signature is shown from then on).
 * - A signed pack's update must be signed by the same key.
 * - An update signed by another key, or no longer signed, is refused with
 *   its reason, unless the reader accepted that new key (or its absence)
 *   after seeing the refusal: `accepted` here; in the store, the options
 *   page's "Trust the new key and update" applies the plan it showed.
 * A signature that does not verify never gets this far: it is refused first.
 */

/** The signer of a version: its key's fingerprint, or null for an unsigned pack. */
export type Signer = string | null;

export type KeyChangeVerdict =
  | { ok: true }
  | { ok: false; reason: 'key-changed'; installed: string; update: string }
  | { ok: false; reason: 'signature-removed'; installed: string };

/**
 * @param installed the installed version's signer (null: unsigned; undefined: not installed)
 * @param update the update's signer
 * @param accepted the signer the reader accepted for this update after seeing the refusal
 */
export function keyChange(
  installed: Signer | undefined,
  update: Signer,
  accepted?: Signer,
): KeyChangeVerdict {
  if (installed === undefined || installed === null || installed === update) return { ok: true };
  if (accepted !== undefined && accepted === update) return { ok: true };
  if (update === null) return { ok: false, reason: 'signature-removed', installed };
  return { ok: false, reason: 'key-changed', installed, update };
}
