/**
 * webextension-polyfill as an ES module's default export, the way
 * `@wxt-dev/webextension-polyfill` imports it. Imported as a CommonJS module
 * the usual way, the bundler's interop copies every property of `chrome`
 * onto a namespace object, reading each one's descriptor, which makes the
 * browser build every extension API binding in every page the content
 * script runs in. `require` hands over the polyfill's object as it is.
 * (wxt.config.ts points `webextension-polyfill` here.)
 */
declare const require: (id: string) => unknown;

const browser = require('webextension-polyfill/dist/browser-polyfill.js');
export default browser;
