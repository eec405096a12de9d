import { existsSync } from 'node:fs';

/** Where the real browsers are, and the exact command that installs a missing one. */
export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const INSTALL_HINT: Record<string, string> = {
  chromium: 'sudo apt-get update && sudo apt-get install -y chromium (or set CHROME_PATH)',
  firefox: 'sudo apt-get update && sudo apt-get install -y firefox-esr (or set FIREFOX_PATH)',
};

/** Fails loudly, with the command to run, rather than letting a test skip. */
export function requireBrowser(kind: 'chromium' | 'firefox'): string {
  const path = kind === 'chromium' ? CHROMIUM_PATH : FIREFOX_PATH;
  if (!existsSync(path)) {
    throw new Error(`${kind} not found at ${path}. Install it with: ${INSTALL_HINT[kind]}`);
  }
  return path;
}

/**
 * Flags for a quiet, reproducible Chromium on a machine with no internet: no
 * background fetches, updates, sync or first-run UI.
 */
export const CHROMIUM_QUIET_ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];
