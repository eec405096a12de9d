import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** Firefox needs a stable add-on id for storage, updates and signing. */
export const GECKO_ID = 'reperes@reperes.invalid';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Manifest V3 for Firefox too (WXT builds MV2 for it by default).
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: large packs and their compiled index outgrow the default quota.
    permissions: ['storage', 'unlimitedStorage'],
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          // The Custom Highlight API, which paints mentions, arrived in Firefox 140.
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        },
        // Firefox for Android reads the data-collection key from version 142.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
