import { describe, expect, it } from 'vitest';
import {
  COMPILE_HINTS,
  CONTENT_SCRIPT_FILE,
  contentScriptCompileHints,
} from '@/lib/page/compile-hints';

describe('the content script compile hints', () => {
  const bundle = () => ({
    [CONTENT_SCRIPT_FILE]: {
      type: 'chunk' as const,
      fileName: CONTENT_SCRIPT_FILE,
      code: 'var content=1;',
    },
    'background.js': {
      type: 'chunk' as const,
      fileName: 'background.js',
      code: 'var background=1;',
    },
    'chunks/popup.js': { type: 'chunk' as const, fileName: 'chunks/popup.js', code: 'export{}' },
  });

  it('asks V8 to compile the content script whole, and no other script', () => {
    const output = bundle();
    contentScriptCompileHints().generateBundle(undefined, output);
    expect(output[CONTENT_SCRIPT_FILE].code).toBe(`${COMPILE_HINTS}var content=1;`);
    expect(COMPILE_HINTS).toBe('//# allFunctionsCalledOnLoad\n');
    expect(output['background.js'].code).toBe('var background=1;');
    expect(output['chunks/popup.js'].code).toBe('export{}');
  });

  it('adds the hint once, however often the bundle is written', () => {
    const output = bundle();
    const plugin = contentScriptCompileHints();
    plugin.generateBundle(undefined, output);
    plugin.generateBundle(undefined, output);
    expect(output[CONTENT_SCRIPT_FILE].code).toBe(`${COMPILE_HINTS}var content=1;`);
  });
});
