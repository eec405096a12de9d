import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contentScriptCompileHints } from './lib/page/compile-hints';
import { rootScopedHighlightRules } from './lib/page/highlight-rules';

/** Firefox needs a stable add-on id for storage, updates and signing. */
export const GECKO_ID = 'reperes@reperes.invalid';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Manifest V3 for Firefox too (WXT builds MV2 for it by default).
  manifestVersion: 3,
  vite: ({ browser }) => ({
    // V8 compiles the content script whole as it loads (lib/page/compile-hints.ts).
    plugins: [preact(), ...(browser === 'firefox' ? [] : [contentScriptCompileHints()])],
    // The polyfill without the interop copy that builds every API binding (lib/browser-polyfill.ts).
    resolve: {
      alias: [
        {
          find: /^webextension-polyfill$/,
          replacement: fileURLToPath(new URL('lib/browser-polyfill.ts', import.meta.url)),
        },
      ],
    },
    // The bench's build turns the phase clock on (tests/bench/wxt.bench.config.ts).
    define: { __PHASE_CLOCK__: 'false' },
  }),
  hooks: {
    // Chromium gets the marks' rules on :root alone (lib/page/highlight-rules.ts).
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.browser === 'firefox') return;
      const index = files.findIndex((file) => file.relativeDest === 'highlights.css');
      const file = files[index];
      if (file === undefined || !('absoluteSrc' in file)) return;
      const css = readFileSync(file.absoluteSrc, 'utf8');
      files[index] = { relativeDest: file.relativeDest, contents: rootScopedHighlightRules(css) };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: large packs and their compiled index outgrow the default quota.
    // scripting: the mentions' styles and the card UI are injected into a page
    // only when it gets its first mark and its first card.
    // alarms: the daily check of the packs a reader subscribed to (none without a subscription).
    permissions: ['storage', 'unlimitedStorage', 'scripting', 'alarms'],
    // Asked for one origin at a time, when the reader subscribes to a pack there.
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    // The pages the content script runs on; Chromium needs them declared to inject the card UI.
    host_permissions: ['http://*/*', 'https://*/*', 'file:///*'],
    // Rebindable (chrome://extensions/shortcuts, about:addons): the keyboard path to every card.
    commands: {
      'next-mention': {
        suggested_key: { default: 'Alt+Shift+J' },
        description: '__MSG_commandNextMention__',
      },
      'previous-mention': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandPreviousMention__',
      },
    },
    // Ed25519 in WebCrypto, which checks pack signatures (the bundled pack's too), arrived in Chrome 137.
    ...(browser !== 'firefox' && { minimum_chrome_version: '137' }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          // The Custom Highlight API, which paints mentions, arrived in Firefox 140 (Ed25519 in 129).
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        },
        // Firefox for Android reads the data-collection key from version 142.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
