import { withExtension } from '../tests/bench/chromium';
import { BENCH_BUILD } from '../tests/bench/build';
import { syntheticPack } from '../tests/bench/corpus';
import { measureImport } from '../tests/bench/import';
const profile = await withExtension(BENCH_BUILD);
const pack = syntheticPack(10_000, 10, 'bench-10k');
console.log(await measureImport(profile, pack));
const page = await profile.context.newPage();
await page.goto(`${profile.extensionOrigin}options.html`);
for (let i = 0; i < 30; i++) {
  const r = await page.evaluate(`(async () => {
    const t0 = performance.now();
    const db = await new Promise((d) => { const q = indexedDB.open('reperes'); q.onsuccess = () => d(q.result); });
    const t1 = performance.now();
    const row = await new Promise((d) => { const q = db.transaction('meta').objectStore('meta').get('searchIndex/en'); q.onsuccess = () => d(q.result); });
    const t2 = performance.now();
    db.close();
    if (!row) return null;
    const ix = row.value.index;
    return { open: t1 - t0, get: t2 - t1, text: ix.docText.joined.length, folded: ix.docFolded.joined.length, words: ix.words.joined.length, docs: ix.docKind.length, nameDocs: ix.nameDocs, postings: ix.postings.items.length, grams: ix.trigramWords.items.length, entities: ix.entities.length };
  })()`);
  if (r) { console.log(r); }
  await new Promise((d) => setTimeout(d, 1000));
}
await profile.close();
