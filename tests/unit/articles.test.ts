/**
 * The default pack's names on the four articles it is drawn from
 * (../shared/articles, third-party text kept beside the repository): pages
 * about its subject, where every one of its entities, background ones
 * included, must still be marked with the default settings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PACK, loadPacks, scanText } from '../../lib/cli/scan-text';
import { compilePacks } from '../../lib/match';

const ARTICLES = join(import.meta.dirname, '../../../shared/articles');

describe.skipIf(!existsSync(ARTICLES))('the default pack on its own articles', () => {
  it('marks every one of its entities in at least one article', async () => {
    const packs = loadPacks([BUNDLED_PACK]);
    const matcher = compilePacks(packs);
    const marked = new Set<string>();
    for (const file of readdirSync(ARTICLES).filter((name) => /^\d{3}_.*\.txt$/.test(name))) {
      const text = readFileSync(join(ARTICLES, file), 'utf8');
      for (const mention of await scanText('txt', text, matcher)) marked.add(mention.entity);
    }
    const missing = packs[0]!.entities.map((e) => e.id).filter((id) => !marked.has(id));
    expect(missing).toEqual([]);
  });
});
