/** Builds the extension for the bench, into its own folder (see wxt.bench.config.ts). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { progress } from './stats';

export const BENCH_BUILD = resolve('.output/bench/chrome-mv3');
/** The floor: a content script that does nothing (tests/bench/floor). */
export const FLOOR_BUILD = resolve('.output/bench-floor/chrome-mv3');

/** Builds unless told to reuse an existing build; returns the unpacked extension's folder. */
export function buildExtension(reuse: boolean): string {
  return build(BENCH_BUILD, 'tests/bench/wxt.bench.config.ts', 'the extension', reuse);
}

/** The floor's build, the same way. */
export function buildFloor(reuse: boolean): string {
  return build(FLOOR_BUILD, 'tests/bench/wxt.floor.config.ts', 'the floor', reuse);
}

function build(folder: string, config: string, what: string, reuse: boolean): string {
  if (reuse && existsSync(`${folder}/manifest.json`)) {
    progress(`reusing the build in ${folder}`);
    return folder;
  }
  progress(`building ${what} (wxt build)`);
  const result = spawnSync('npx', ['wxt', 'build', '-c', config], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(`${folder}/manifest.json`)) {
    throw new Error('wxt build failed: see the lines above');
  }
  return folder;
}
