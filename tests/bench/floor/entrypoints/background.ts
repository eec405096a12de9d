/** The floor's background: the bench asks pages through a service worker (tests/bench/chromium.ts). */
export default defineBackground(() => undefined);
