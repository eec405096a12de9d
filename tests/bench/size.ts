/**
 * What readers download and every page parses: the built (minified) files of
 * the content script, the background and the popup (every script popup.html
 * loads, preloads included), and their gzip sizes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONTENT_SCRIPT_FILE } from '@/lib/page/compile-hints';

export interface Size {
  min: number;
  gzip: number;
}
export type SizeResult = Record<'content' | 'background' | 'popup', Size | null>;

const KB = 1024;

function sizeOf(build: string, files: string[]): Size | null {
  try {
    const bodies = files.map((file) => readFileSync(join(build, file)));
    return {
      min: bodies.reduce((sum, body) => sum + body.length, 0) / KB,
      // Each file is fetched and compressed on its own.
      gzip: bodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0) / KB,
    };
  } catch {
    return null;
  }
}

/** Scripts a page loads: <script src> and <link rel="modulepreload" href>. */
export function pageScripts(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) found.add(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    found.add(match[1]!);
  }
  return [...found].map((src) => src.replace(/^\//, ''));
}

export function measureSizes(build: string): SizeResult {
  let popupScripts: string[] = [];
  try {
    popupScripts = pageScripts(readFileSync(join(build, 'popup.html'), 'utf8'));
  } catch {
    // no popup page: null below
  }
  return {
    content: sizeOf(build, [CONTENT_SCRIPT_FILE]),
    background: sizeOf(build, ['background.js']),
    popup: popupScripts.length > 0 ? sizeOf(build, popupScripts) : null,
  };
}

/** Libraries that must stay out of the content script, found by strings their builds keep. */
const MARKERS: Record<string, string> = { Dexie: 'DexieError', 'Fuse.js': 'includeMatches' };

export function librariesIn(build: string, file = CONTENT_SCRIPT_FILE): string[] {
  try {
    const text = readFileSync(join(build, file), 'utf8');
    return Object.entries(MARKERS)
      .filter(([, marker]) => text.includes(marker))
      .map(([name]) => name);
  } catch {
    return [];
  }
}
