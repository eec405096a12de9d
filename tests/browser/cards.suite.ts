/**
 * What a reader sees on web pages: mentions painted (never wrapped), cards on
 * hover and from the keyboard, look-alikes left alone, pages that grow
 * followed. Asserted identically in Chromium and Firefox; every check reads
 * the page from its own main world, as an outside observer would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'webextension-polyfill';
import type { Driver, Tab } from './driver';
import { axeViolations } from './axe';
import { serveFolder, type StaticServer } from './server';
import { markedTexts, openCardLayout, pointOfWord, waitFor } from './page-probes';

export function cardsSuite(startDriver: () => Promise<Driver>): void {
  let driver: Driver;
  let site: StaticServer;

  beforeAll(async () => {
    site = await serveFolder('tests/fixtures/site');
    driver = await startDriver();
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  async function open(page: string): Promise<Tab> {
    const tab = await driver.openWebPage(site.url + page);
    await waitFor(tab, markedTexts, (marks) => marks.length > 0, 5_000).catch(() => undefined);
    return tab;
  }

  describe('on a page about the AI build-out', () => {
    let tab: Tab;
    beforeAll(async () => {
      tab = await open('consortium.html');
    });

    it('marks the mentions in the highlight named "reperes", and nothing in editable fields', async () => {
      const marks = await waitFor(tab, markedTexts, (found) => found.includes('Mica'));
      expect(marks).toEqual(
        expect.arrayContaining(['Stargate', 'OpenAI', 'SoftBank', 'Oracle', 'MGX', 'H800', 'Mica']),
      );
      expect(await tab.evaluate(marksInsideEditables)).toBe(0);
      expect(await tab.evaluate(() => document.querySelector('textarea')!.value)).toBe(
        'Stargate, H800 et Mica dans un champ',
      );
    });

    for (const [elementId, word, name] of [
      ['stargate-p', 'Stargate', /Stargate/],
      ['h800-p', 'H800', /H800/],
      ['mica-p', 'Mica', /MiCA/],
    ] as const) {
      it(`opens the card of ${word} when the pointer rests on it, with facts and sources`, async () => {
        await hoverWord(tab, elementId, word);
        const card = await waitFor(tab, cardState, (state) => state?.visible === true);
        expect(card!.name).toMatch(name);
        expect(card!.facts).toBeGreaterThan(0);
        expect(card!.sources).toBeGreaterThan(0);
        expect(card!.inViewport).toBe(true);
        await tab.press('Escape');
        await waitFor(tab, cardState, (state) => state === null || !state.visible);
      });
    }

    it('changes no DOM of the page but its own card host, and logs no error', async () => {
      const foreign = await tab.evaluate(() =>
        (window as unknown as { __mutations?: string[] }).__mutations?.filter(
          (record) => !record.includes('REPERES-CARD'),
        ),
      );
      expect(foreign ?? []).toEqual([]);
      expect(tab.errors).toEqual([]);
    });
  });

  // Issue 17: a card on a dated article reads as of it; on an undated page, as usual.
  describe('as of the article it is on', () => {
    it('shows the facts dated after a January 2025 article apart, under "Since this article"', async () => {
      const tab = await open('dated.html');
      await waitFor(tab, markedTexts, (marks) => marks.includes('Nvidia'));
      await hoverWord(tab, 'nvidia-p', 'Nvidia');
      const state = await waitFor(tab, asOfState, (found) => found !== null);
      expect(state!.asOf).toBe('As of this article (January 22, 2025)');
      expect(state!.sinceHeading).toBe('Since this article');
      expect(state!.sinceDates.length).toBeGreaterThan(0);
      for (const date of state!.sinceDates) expect(date > '2025-01-22').toBe(true);
      expect(state!.asOfFacts).toBeGreaterThan(0);
      expect(await axeViolations(tab, 'reperes-card')).toEqual([]);

      // Unfolded: every later fact, each with its date, still apart.
      await tab.evaluate(() =>
        document
          .querySelector('reperes-card')!
          .shadowRoot!.querySelector<HTMLElement>('.rp-more')!
          .click(),
      );
      const unfolded = await waitFor(
        tab,
        asOfState,
        (found) => (found?.sinceDates.length ?? 0) > state!.sinceDates.length,
      );
      for (const date of unfolded!.sinceDates) expect(date > '2025-01-22').toBe(true);
      expect(await axeViolations(tab, 'reperes-card')).toEqual([]);
      expect(unfolded!.sinceDates.some((date) => date.startsWith('2025-09'))).toBe(true);
      expect(tab.errors).toEqual([]);
      await tab.close();
    });

    it('reads the card as usual on an undated page', async () => {
      const tab = await open('consortium.html');
      await hoverWord(tab, 'h800-p', 'Nvidia');
      const state = await waitFor(tab, asOfState, (found) => found !== null);
      expect(state).toMatchObject({ asOf: null, sinceHeading: null, sinceDates: [] });
      expect(state!.asOfFacts).toBeGreaterThan(0);
      await tab.close();
    });
  });

  describe('on pages where the names mean something else', () => {
    it('shows no consortium on a page about the Stargate TV series', async () => {
      const tab = await open('stargate-series.html');
      await new Promise((done) => setTimeout(done, 800));
      expect(await tab.evaluate(markedTexts)).not.toContain('Stargate');
      await hoverWord(tab, 'review', 'Stargate');
      await new Promise((done) => setTimeout(done, 1_200));
      expect(await tab.evaluate(cardState)).toBeNull();
      await tab.close();
    });

    it("shows no regulation on a page about Windows 11's Mica material", async () => {
      const tab = await open('windows-mica.html');
      await new Promise((done) => setTimeout(done, 800));
      expect(await tab.evaluate(markedTexts)).not.toContain('Mica');
      await tab.close();
    });
  });

  it('paints text that a script adds after load within a second', async () => {
    const tab = await driver.openWebPage(site.url + 'dynamic.html');
    await new Promise((done) => setTimeout(done, 500));
    const added = await tab.evaluate(() => {
      (window as unknown as { addStory(text: string): void }).addStory(
        'Nvidia and OpenAI signed a new chip deal this morning.',
      );
      return performance.now();
    });
    const painted = await waitFor(tab, markedTexts, (marks) => marks.includes('Nvidia'), 2_000);
    expect(painted).toContain('OpenAI');
    const paintedAt = await tab.evaluate(() => performance.now());
    // Polling adds its own delay, so this bound is generous to the extension only by that.
    expect(paintedAt - added).toBeLessThan(1_000);
    await tab.close();
  });

  it('marks an earlier name once the context it needs arrives with later content', async () => {
    const tab = await driver.openWebPage(site.url + 'dynamic.html');
    await new Promise((done) => setTimeout(done, 500));
    const addStory = (text: string) =>
      tab.evaluate((story) => {
        (window as unknown as { addStory(text: string): void }).addStory(story);
      }, text);
    // H800 counts only on a page about chips (a page-scoped rule): not yet. It
    // stands outside the feed, so marking it needs the whole page judged again.
    expect(await tab.evaluate(markedTexts)).not.toContain('H800');
    await addStory('Nvidia designed it for export.');
    const marks = await waitFor(tab, markedTexts, (found) => found.includes('H800'), 2_000);
    expect(marks).toContain('Nvidia');
    await tab.close();
  });

  it('reads a long page as the reader scrolls, and answers a pointer already resting where they jumped', async () => {
    const tab = await driver.openWebPage(site.url + 'long-read.html');
    await waitFor(tab, markedTexts, (marks) => marks.includes('Stargate'));
    // The end of the read is screens away: not read yet.
    expect(await tab.evaluate(markedTexts)).not.toContain('H800');
    // The reader jumps there and rests the pointer on a name before its mark is painted.
    await tab.evaluate(() =>
      document.getElementById('last')!.scrollIntoView({ block: 'center', behavior: 'instant' }),
    );
    await hoverWord(tab, 'last', 'H800');
    await waitFor(tab, markedTexts, (marks) => marks.includes('H800'), 3_000);
    expect(await waitFor(tab, openCardLayout, Boolean, 3_000)).not.toBeNull();
    await tab.close();
  });

  it('stops marking a site from its card at once, and marks it again once turned back on', async () => {
    const tab = await open('consortium.html');
    await hoverWord(tab, 'h800-p', 'H800');
    await waitFor(tab, cardState, (state) => state?.visible === true);
    // The card's actions are one step away, under "All facts".
    await tab.evaluate(() => {
      const host = document.querySelector('reperes-card')!;
      host.shadowRoot!.querySelector<HTMLButtonElement>('.rp-more')!.click();
    });
    await waitFor(tab, () => {
      const host = document.querySelector('reperes-card')!;
      const buttons = [...host.shadowRoot!.querySelectorAll('button')];
      const off = buttons.find((button) => button.textContent === 'Turn off on this site');
      off?.click();
      return !!off;
    });
    await waitFor(tab, markedTexts, (marks) => marks.length === 0);
    expect(await tab.evaluate(cardState)).toBeNull();

    const options = await driver.openExtensionPage('options.html');
    await waitFor(options, () => !!document.querySelector('.setting-list button'), Boolean);
    await options.evaluate(() => {
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('.setting-list button')];
      buttons.find((button) => button.textContent === 'Turn back on')!.click();
    });
    await waitFor(tab, markedTexts, (marks) => marks.includes('H800'));
    await options.close();
    await tab.close();
  });

  it('on a right-to-left page, places the card beside the mention and keeps it in the reader’s language', async () => {
    const tab = await open('rtl.html');
    await waitFor(tab, markedTexts, (marks) => marks.includes('Nvidia'));
    await hoverWord(tab, 'rtl-p', 'Nvidia');
    const card = await waitFor(tab, cardState, (state) => state?.visible === true);
    expect(card!.name).toMatch(/Nvidia/);
    expect(card!.inViewport).toBe(true);
    const layout = await tab.evaluate(() => {
      const host = document.querySelector('reperes-card')!;
      const dialog = host.shadowRoot!.querySelector<HTMLElement>('[role="dialog"]')!;
      const box = dialog.getBoundingClientRect();
      const highlight = CSS.highlights.get('reperes-active');
      const mention = [...(highlight ?? [])][0];
      const range = document.createRange();
      if (mention) {
        range.setStart(mention.startContainer, mention.startOffset);
        range.setEnd(mention.endContainer, mention.endOffset);
      }
      const line = range.getBoundingClientRect();
      return {
        lang: dialog.lang,
        direction: getComputedStyle(dialog).direction,
        overlapsLine: box.top < line.bottom && box.bottom > line.top,
        // Beside the mention: above or below it, spanning its columns (no jump to the far edge).
        besideMention: box.left <= line.right && box.right >= line.left,
      };
    });
    expect(layout).toEqual({
      lang: 'en',
      direction: 'ltr',
      overlapsLine: false,
      besideMention: true,
    });
    expect(tab.errors).toEqual([]);
    await tab.close();
  });

  it('goes through the mentions from the keyboard, and Escape returns focus', async () => {
    const tab = await open('consortium.html');
    await tab.evaluate(() => {
      const notes = document.getElementById('notes') as HTMLTextAreaElement;
      notes.focus();
    });
    // What the extension's keyboard command does: the background asks the tab.
    const extension = await driver.openExtensionPage('options.html');
    await extension.evaluate(async (pageUrl) => {
      const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };
      const api = (scope.browser ?? scope.chrome)!;
      const message = (type: string, data?: unknown) => ({
        id: 9,
        type,
        data,
        timestamp: Date.now(),
      });
      for (const tab of await api.tabs.query({})) {
        const status = (await api.tabs
          .sendMessage(tab.id ?? -1, message('pageStatus'))
          .catch(() => undefined)) as { res?: { url: string } } | undefined;
        if (status?.res?.url === pageUrl)
          await api.tabs.sendMessage(tab.id!, message('focusMention', 1));
      }
    }, site.url + 'consortium.html');
    await extension.close();
    const card = await waitFor(tab, cardState, (state) => state?.visible === true);
    expect(card!.focusInside).toBe(true);
    // Tab reaches "All facts"; Enter unfolds the card, and Tab then reaches its actions.
    const tabTo = async (label: RegExp, most: number) => {
      for (let i = 0; i < most; i++) {
        await tab.press('Tab');
        const focused = await tab.evaluate(focusedInCard);
        if (focused && label.test(focused)) return focused;
      }
      throw new Error(`no ${label} within ${most} presses of Tab`);
    };
    await tabTo(/^All facts \(\d+\)$/, 6);
    await tab.press('Enter');
    await waitFor(tab, cardState, (state) => state?.view === 'complete');
    // Focus goes to the first fact revealed, ahead of the rest of the card in Tab order.
    const revealed = await tab.evaluate(focusedInCard);
    expect(revealed).toBeTruthy();
    expect(revealed).not.toMatch(/^(Show fewer|All facts)/);
    await tabTo(/^Not this entity here$/, 80);
    await tab.press('Escape');
    await waitFor(tab, cardState, (state) => state === null || !state.visible);
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe('notes');
    await tab.close();
  });
}

/**
 * With a card open: axe's violations in the card at rest, with the first
 * comparison open, unfolded, and with an excerpt open; then closes it.
 */
export async function cardAxeStates(tab: Tab): Promise<Record<string, string[]>> {
  await waitFor(tab, cardState, (state) => state?.visible === true);
  const click = (selector: string) =>
    tab.evaluate((target) => {
      const root = document.querySelector('reperes-card')!.shadowRoot!;
      const button = root.querySelector<HTMLButtonElement>(target);
      button?.click();
      return !!button;
    }, selector);
  const states: Record<string, string[]> = {};
  states.rest = await axeViolations(tab, 'reperes-card');
  if (!(await click('.rp-differ'))) throw new Error('this card has no disputed fact to compare');
  states.compared = await axeViolations(tab, 'reperes-card');
  await click('.rp-more');
  await waitFor(tab, cardState, (state) => state?.view === 'complete');
  states.unfolded = await axeViolations(tab, 'reperes-card');
  await click('.rp-evidence-toggle');
  states.excerpt = await axeViolations(tab, 'reperes-card');
  await tab.press('Escape');
  await waitFor(tab, cardState, (state) => state === null || !state.visible);
  return states;
}

export async function hoverWord(tab: Tab, elementId: string, word: string): Promise<void> {
  const point = await tab.evaluate(pointOfWord, { elementId, word });
  if (!point) throw new Error(`"${word}" not found in #${elementId}`);
  await tab.pointTo(point.x, point.y);
}

// ---- Run in the page's main world: self-contained functions only. ----

function marksInsideEditables(): number {
  const highlight = CSS.highlights?.get('reperes');
  if (!highlight) return 0;
  return [...highlight].filter((range) => {
    const element = range.startContainer.parentElement;
    return !!element?.closest('textarea, input, [contenteditable="true"], [contenteditable=""]');
  }).length;
}

/** The text of the control focused in the card, if focus is in it. */
function focusedInCard(): string | null {
  const host = document.querySelector('reperes-card');
  if (!host || document.activeElement !== host) return null;
  return host.shadowRoot!.activeElement?.textContent ?? null;
}

/** The open card's "as of" parts: its note, the later facts' heading and their dates (as written in <time>). */
function asOfState() {
  const dialog = document
    .querySelector('reperes-card')
    ?.shadowRoot?.querySelector<HTMLElement>('[role="dialog"]');
  if (!dialog?.querySelector('.rp-fact-text')) return null;
  const since = dialog.querySelector('.rp-since');
  return {
    asOf: dialog.querySelector('.rp-as-of')?.textContent ?? null,
    sinceHeading: since?.querySelector('h3, h4')?.textContent ?? null,
    sinceDates: [...(since?.querySelectorAll('.rp-fact .rp-when time') ?? [])].map(
      (time) => time.getAttribute('datetime') ?? '',
    ),
    asOfFacts: [...dialog.querySelectorAll('.rp-fact')].filter((fact) => !since?.contains(fact))
      .length,
  };
}

function cardState() {
  const host = document.querySelector('reperes-card');
  const dialog = host?.shadowRoot?.querySelector<HTMLElement>('[role="dialog"]');
  if (!host || !dialog) return null;
  const rect = dialog.getBoundingClientRect();
  const labelId = dialog.getAttribute('aria-labelledby');
  return {
    visible: rect.width > 0 && rect.height > 0 && getComputedStyle(dialog).visibility !== 'hidden',
    view: dialog.dataset.view,
    name: (labelId && host.shadowRoot!.getElementById(labelId)?.textContent) || null,
    facts: dialog.querySelectorAll('.rp-fact-text').length,
    sources: dialog.querySelectorAll('.rp-source').length,
    inViewport:
      rect.left >= 0 && rect.top >= 0 && rect.right <= innerWidth && rect.bottom <= innerHeight,
    focusInside: document.activeElement === host && dialog.contains(host.shadowRoot!.activeElement),
  };
}
