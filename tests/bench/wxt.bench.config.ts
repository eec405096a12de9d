/**
 * The project's WXT config, building into .output/bench/ instead of .output/:
 * the bench measures its own build without racing other builds or tests that
 * use .output/chrome-mv3. The one difference in the code: the phase clock is
 * on (lib/page/phase-clock.ts), so that the bench reads where a page's scan
 * spends its time.
 */
import type { UserConfig } from 'wxt';
import config from '../../wxt.config';

const vite = config.vite!;

export default {
  ...config,
  outDir: '.output/bench',
  vite: async (env) => {
    const base = await vite(env);
    return { ...base, define: { ...base.define, __PHASE_CLOCK__: 'true' } };
  },
} satisfies UserConfig;
