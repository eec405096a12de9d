/**
 * The bench's floor: the project's WXT config with a content script that
 * does no work (tests/bench/floor), built into .output/bench-floor/. The
 * bench loads pages with it too, so that the extension's cost on a page can
 * be read against what any content script costs that page.
 */
import type { UserConfig } from 'wxt';
import config from '../../wxt.config';

export default {
  ...config,
  entrypointsDir: 'tests/bench/floor/entrypoints',
  outDir: '.output/bench-floor',
} satisfies UserConfig;
