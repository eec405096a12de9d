import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('a real-browser run on a machine without the browser', () => {
  it('fails with the exact command that installs Chromium', async () => {
    vi.stubEnv('CHROME_PATH', '/nonexistent/chromium');
    const { requireBrowser } = await import('../browser/browsers');
    expect(() => requireBrowser('chromium')).toThrow(
      'chromium not found at /nonexistent/chromium. Install it with: sudo apt-get update && sudo apt-get install -y chromium',
    );
  });

  it('fails with the exact command that installs Firefox ESR', async () => {
    vi.stubEnv('FIREFOX_PATH', '/nonexistent/firefox');
    const { requireBrowser } = await import('../browser/browsers');
    expect(() => requireBrowser('firefox')).toThrow(
      'sudo apt-get update && sudo apt-get install -y firefox-esr',
    );
  });
});
