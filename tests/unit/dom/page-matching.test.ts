import { describe, expect, it } from 'vitest';
import { compileMatcher, compilePacks, serializeMatcher } from '@/lib/match';
import { PageMatching, type FoundMention, type MatchSettings } from '@/lib/dom/page-matching';
import { MatchingService, type ScanPageRequest } from '@/lib/matching-service';
import { entity } from '../match/helpers';

const settings: MatchSettings = {
  host: 'example.org',
  scope: 'subject',
  muted: [],
  maxMentions: 100,
};

const topical = compilePacks([
  {
    topics: ['semiconductor', 'export controls'],
    entities: [
      entity('nvidia', 'Nvidia'),
      { ...entity('trump', 'Trump'), role: 'background' },
      { ...entity('wsj', 'WSJ'), role: 'background', domains: ['wsj.com'] },
    ],
  },
]);

const blocks = (...texts: string[]) => texts.map((text, i) => ({ id: i, text }));
/** "entity@block" for each mention: what the page would mark or list. */
const names = (found: readonly FoundMention[]) => found.map(([block, , , id]) => `${id}@${block}`);

describe('a page view matched apart from its DOM', () => {
  it('gives offsets in each block, marks subjects and holds background names on a page not about them', () => {
    const matching = new PageMatching(topical, settings);
    const verdicts = matching.scanPage(blocks('Trump met the boss of Nvidia.', 'Nothing else.'));
    expect(verdicts.marked).toEqual([[0, 22, 28, 'nvidia']]);
    expect(names(verdicts.unmarked)).toEqual(['trump@0']);
    expect(verdicts.entities).toBe(3);
  });

  it('marks a held name in the same reply once the page shows its subject', () => {
    const matching = new PageMatching(topical, settings);
    const verdicts = matching.scanPage(
      blocks('Trump spoke.', 'Nvidia makes the semiconductor under export controls.'),
    );
    expect(names(verdicts.marked).sort()).toEqual(['nvidia@1', 'trump@0']);
    expect(verdicts.unmarked).toEqual([]);
    expect(verdicts.released).toEqual([]);
  });

  it('releases names held earlier when later content brings the subject, and forgets blocks that left', () => {
    const matching = new PageMatching(topical, settings);
    // One sign of the subject (a topic word): not enough, Trump waits.
    matching.scanPage(blocks('Trump spoke.', 'Trump again, on the semiconductor.'));
    matching.forget([1]);
    // A mention of a subject entity is the second sign.
    const later = matching.scanMore([[{ id: 2, text: 'Nvidia agrees.' }]], 100);
    expect(names(later.marked)).toEqual(['nvidia@2']);
    // Only the block still on the page is released.
    expect(names(later.released)).toEqual(['trump@0']);
    expect(later.rejudge).toBe(false);
  });

  it('asks for the whole page again when a topic word looked up in vain arrives', () => {
    const matching = new PageMatching(topical, settings);
    matching.scanPage(blocks('Trump spoke.'));
    const later = matching.scanMore([[{ id: 1, text: 'On the semiconductor.' }]], 100);
    expect(later.rejudge).toBe(true);
  });

  it('never marks a name on its own site, and drops muted names without counting them', () => {
    const onWsj = new PageMatching(topical, { ...settings, host: 'www.wsj.com', scope: 'all' });
    const verdicts = onWsj.scanPage(blocks('The WSJ on Trump and Nvidia.'));
    expect(names(verdicts.marked)).toEqual(['trump@0', 'nvidia@0']);
    expect(names(verdicts.unmarked)).toEqual(['wsj@0']);

    const muted = new PageMatching(topical, { ...settings, muted: ['nvidia'] });
    expect(muted.scanPage(blocks('Nvidia, Nvidia.'))).toMatchObject({
      marked: [],
      unmarked: [],
    });
  });

  it('stops marking at the cap', () => {
    const matching = new PageMatching(compileMatcher([entity('nvidia', 'Nvidia')]), {
      ...settings,
      maxMentions: 2,
    });
    const page = blocks('Nvidia 0.', 'Nvidia 1, Nvidia 1.', 'Nvidia 2.');
    expect(names(matching.scanPage(page).marked)).toEqual(['nvidia@0', 'nvidia@1']);
  });

  it('asks for the whole page again when words a page-scoped rule missed arrive', () => {
    const pageRules = compileMatcher([
      entity('h800', 'H800', [], { context: ['Nvidia'], contextScope: 'page' }),
    ]);
    const matching = new PageMatching(pageRules, settings);
    expect(matching.scanPage(blocks('The H800 chip.')).marked).toEqual([]);
    const later = matching.scanMore([[{ id: 1, text: 'Made by Nvidia.' }]], 100);
    expect(later.rejudge).toBe(true);
  });
});

describe('the background matching service', () => {
  const index = serializeMatcher(compileMatcher([entity('nvidia', 'Nvidia')]));
  const request = (session: string, stamp?: string): ScanPageRequest => ({
    session,
    stamp,
    settings,
    blocks: blocks('Nvidia.'),
  });

  it('loads its index once for every page, and again only when a page knows of a newer one', async () => {
    let reads = 0;
    let stored = { index, stamp: 'a' };
    const service = new MatchingService(() => {
      reads++;
      return Promise.resolve(stored);
    });
    await Promise.all([
      service.scanPage('1:0', request('s1', 'a')),
      service.scanPage('2:0', request('s2')),
    ]);
    expect(reads).toBe(1);
    stored = { index: serializeMatcher(compileMatcher([entity('amd', 'AMD')])), stamp: 'b' };
    const newer = await service.scanPage('1:0', request('s3', 'b'));
    expect(reads).toBe(2);
    expect(newer.marked).toEqual([]);
    expect(newer.work?.loadMs).toBeGreaterThanOrEqual(0);
  });

  it('answers null for a page view it does not know, so that the page starts again', async () => {
    const service = new MatchingService(() => Promise.resolve({ index, stamp: 'a' }));
    await service.scanPage('1:0', request('s1'));
    const more = { groups: [[{ id: 5, text: 'Nvidia again.' }]], forget: [], room: 10 };
    expect(service.scanMore('1:0', { session: 's1', ...more })?.marked).toEqual([
      [5, 0, 6, 'nvidia'],
    ]);
    expect(service.scanMore('1:0', { session: 'other', ...more })).toBeNull();
    service.forgetTab(1);
    expect(service.scanMore('1:0', { session: 's1', ...more })).toBeNull();
    await service.scanPage('1:0', request('s2'));
    service.indexChanged();
    expect(service.scanMore('1:0', { session: 's2', ...more })).toBeNull();
  });

  it('marks nothing, without an error, when the index is missing or damaged', async () => {
    const damaged = { ...index, nodes: 'not varints at all' };
    for (const stored of [undefined, damaged]) {
      const service = new MatchingService(() => Promise.resolve({ index: stored, stamp: 'a' }));
      await expect(service.scanPage('1:0', request('s'))).resolves.toMatchObject({
        marked: [],
        entities: 0,
      });
    }
  });
});
