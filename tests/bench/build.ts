/** Builds the extension for the bench, into its own folder (see wxt.bench.config.ts). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { progress } from './stats';

export const BENCH_BUILD = resolve('.output/bench/chrome-mv3');

/** Builds unless told to reuse an existing build; returns the unpacked extension's folder. */
export function buildExtension(reuse: boolean): string {
  if (reuse && existsSync(`${BENCH_BUILD}/manifest.json`)) {
    progress(`reusing the build in ${BENCH_BUILD}`);
    return BENCH_BUILD;
  }
  progress('building the extension (wxt build)');
  const result = spawnSync('npx', ['wxt', 'build', '-c', 'tests/bench/wxt.bench.config.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(`${BENCH_BUILD}/manifest.json`)) {
    throw new Error('wxt build failed: see the lines above');
  }
  return BENCH_BUILD;
}
