/**
 * How the DOM layer treats each element, by tag name and a few attributes
 * (never by computed style unless the caller injects a check). Pure DOM: no
 * globals such as `Node` or `Element` are used, so the same code runs in a
 * browser, in happy-dom and on a happy-dom Window in Node.
 */

/** Whose text is read as part of the surrounding block (span, b, a, em, unknown tags…). */
export const INLINE = 0;
/** Starts a block of its own: a mention never crosses its boundaries. */
export const BLOCK = 1;
/** Not rendered (script, style, `hidden`…): its text is not read and leaves no trace. */
export const SKIP = 2;
/**
 * Rendered but not read (form fields, code, SVG, editable regions, images…):
 * its text is not read, and it separates the words on either side of it with
 * OBJECT_SEPARATOR, so that `Open<code>…</code>AI` is never read as "OpenAI".
 */
export const OPAQUE = 3;
/** `<br>`: a line break inside a block, read as LINE_SEPARATOR. */
export const LINE_BREAK = 4;

export type ElementKind =
  typeof INLINE | typeof BLOCK | typeof SKIP | typeof OPAQUE | typeof LINE_BREAK;

/**
 * Stands for a rendered element whose text is not read (U+FFFC OBJECT
 * REPLACEMENT CHARACTER): neither a word character nor white space, so no
 * alias can match across it and word boundaries hold on both sides.
 */
export const OBJECT_SEPARATOR = '\uFFFC';
/** Stands for `<br>`: white space, so a name broken over two lines by `<br>` still matches. */
export const LINE_SEPARATOR = '\n';

/** Custom element hosting the extension's own card: never read. */
export const OWN_HOST_TAG = 'reperes-card';

const KIND_BY_TAG = new Map<string, ElementKind>();
const set = (kind: ElementKind, tags: string) => {
  for (const tag of tags.split(' ')) KIND_BY_TAG.set(tag, kind);
};
// Block-level in the HTML specification's default style sheet, plus elements laid
// out apart from the text around them (table cells, buttons, list items).
set(
  BLOCK,
  'html body address article aside blockquote button caption center dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main ' +
    'menu nav ol p search section summary table tbody td tfoot th thead tr ul',
);
// Never rendered, or rendered only as something other than their text content.
set(
  SKIP,
  'head title meta link base script style noscript template slot rt rp datalist ' + OWN_HOST_TAG,
);
// Rendered, but their text is code, a form value, a picture or another document.
set(
  OPAQUE,
  'input textarea select option optgroup pre code kbd samp tt listing plaintext xmp svg math ' +
    'img picture video audio canvas iframe frame frameset object embed applet',
);
KIND_BY_TAG.set('br', LINE_BREAK);

/** Minimal element interface used here (a DOM Element, from any implementation). */
export interface ElementLike {
  readonly nodeType: number;
  readonly localName: string;
  readonly parentNode: ElementLike | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

/** Checks that need computed styles; optional because each call may cost a style recalculation. */
export interface StyleChecks {
  /** Extra hidden test (e.g. computed `display: none`); called once per element read. */
  isHidden?: (element: Element) => boolean;
  /** Extra block test for elements that are inline by tag name (e.g. `display: block` on a span). */
  isBlock?: (element: Element) => boolean;
}

/** Whether an element turns off reading of its subtree because it is editable. */
function isEditable(element: ElementLike): boolean {
  const value = element.getAttribute('contenteditable');
  return value !== null && value.toLowerCase() !== 'false';
}

/** Whether `child` is hidden because its parent is a closed `<details>` and it is not the summary. */
function hiddenByClosedDetails(child: ElementLike | null, parent: ElementLike | null): boolean {
  return (
    parent !== null &&
    parent.nodeType === 1 &&
    parent.localName === 'details' &&
    !parent.hasAttribute('open') &&
    (child === null || child.localName !== 'summary')
  );
}

/**
 * What the DOM layer does with an element (see the kinds above). The rules,
 * in order: tag name; the `hidden` attribute (SKIP; `aria-hidden` content is
 * still visible, so it is read); `contenteditable` other than "false"
 * (OPAQUE); a closed `<details>` hides all but its summary, a closed `<dialog>`
 * everything (SKIP); then the
 * injected style checks, if any.
 */
export function kindOf(element: ElementLike, checks: StyleChecks = {}): ElementKind {
  const byTag = KIND_BY_TAG.get(element.localName) ?? INLINE;
  if (byTag === SKIP || byTag === OPAQUE) return byTag;
  if (element.hasAttribute('hidden')) return SKIP;
  if (isEditable(element)) return OPAQUE;
  if (hiddenByClosedDetails(element, element.parentNode)) return SKIP;
  if (element.localName === 'dialog' && !element.hasAttribute('open')) return SKIP;
  if (checks.isHidden?.(element as unknown as Element)) return SKIP;
  if (byTag === INLINE && checks.isBlock?.(element as unknown as Element)) return BLOCK;
  return byTag;
}

/** An element's kind by its tag name alone. */
export function kindByTag(localName: string): ElementKind {
  return KIND_BY_TAG.get(localName) ?? INLINE;
}

/**
 * The elements whose kind may differ from `kindByTag`, with the children of
 * a closed `<details>` (see `kindOf`): a walk asks the document for them once
 * (a native selector match) and reads no attribute of any other element.
 */
export const SPECIAL_ELEMENTS = '[hidden], [contenteditable], details, dialog';

/** Whether a text node directly under `parent` is hidden (a closed `<details>` shows only its summary). */
export function textHiddenBy(parent: ElementLike | null): boolean {
  return hiddenByClosedDetails(null, parent);
}

/**
 * Style checks from computed styles, for callers that accept their cost:
 * `display: none` hides; any display other than inline forms (`inline`,
 * `inline-block`, `inline-flex`…, `contents`, `ruby`) makes a block.
 */
export function computedStyleChecks(view: {
  getComputedStyle(element: Element): { display: string };
}): Required<StyleChecks> {
  return {
    isHidden: (element) => view.getComputedStyle(element).display === 'none',
    isBlock: (element) => {
      const display = view.getComputedStyle(element).display;
      return !(
        display === '' ||
        display.startsWith('inline') ||
        display === 'contents' ||
        display.startsWith('ruby') ||
        display === 'none'
      );
    },
  };
}
