/**
 * The marks' stylesheet as Chromium gets it: each `::highlight()` rule set on
 * `:root` alone. Chromium's highlight pseudo-elements inherit their styles from
 * their parent's (highlight inheritance), so the marks look the same, while
 * a sheet whose rules match one element restyles a page far less on arrival
 * than rules matching every element (bare `::highlight()`, that is `*`): about
 * half on the bench's 100k page (docs/performance.md). Firefox does not inherit
 * highlight styles and keeps public/highlights.css as written.
 */
const RULE_START = /^(\s*)::highlight\(/gm;

export function rootScopedHighlightRules(css: string): string {
  return css.replace(RULE_START, '$1:root::highlight(');
}
