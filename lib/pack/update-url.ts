/** Addresses a pack's updates may come from (issue 16); shared by the validator and the fetch. */

/**
 * Whether updates may be fetched from this address: https without
 * credentials, or the loopback address over http (127.0.0.1, [::1] or
 * localhost: a "potentially trustworthy" origin, where a publisher
 * tries a pack locally and where the tests serve theirs).
 */
export function updateUrlAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return true;
  return (
    parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname)
  );
}
