/**
 * V8's explicit compile hints for the content script (Chromium): the magic
 * comment at the top of a script makes V8 compile all its functions as the
 * script loads, instead of each on its first call. The content script runs
 * once per page, cold, and most of its code runs in its first tasks (set-up,
 * the walk), where compiling one function at a time costs more: an A/B over
 * the 181 saved pages put the walk lower on 122 of them and our longest run
 * of code lower on 140 (docs/performance.md, the tenth session). Firefox
 * reads it as a plain comment.
 */
export const COMPILE_HINTS = '//# allFunctionsCalledOnLoad\n';

/** Where WXT writes the content script (entrypoints/content). */
export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

interface OutputChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
}

/**
 * A build plugin that puts the hint at the top of the content script once it
 * is minified (a minifier drops comments), and nowhere else: extension pages
 * load much code they may never run.
 */
export function contentScriptCompileHints() {
  return {
    name: 'reperes:content-script-compile-hints',
    apply: 'build' as const,
    enforce: 'post' as const,
    generateBundle(_options: unknown, bundle: Record<string, OutputChunk>) {
      const chunk = bundle[CONTENT_SCRIPT_FILE];
      if (
        chunk?.type === 'chunk' &&
        chunk.code !== undefined &&
        !chunk.code.startsWith(COMPILE_HINTS)
      ) {
        chunk.code = COMPILE_HINTS + chunk.code;
      }
    },
  };
}
