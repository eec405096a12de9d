/**
 * The `scan` command as outside checks run it (spawned: slow, so few tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlTextAsSeen } from '../../../lib/cli/scan-text';

const ROOT = join(import.meta.dirname, '../../..');

function scan(...args: string[]) {
  return spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['lib/cli/scan.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('scan command', () => {
  it('prints one JSON mention per line, offsets into the .txt text or the .html text as seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reperes-scan-'));
    const txt = join(dir, 'page.txt');
    const text = '🚀 Selon Jensen\nHuang, Nvidia…\n\nLe mistral souffle. OpenAI aussi.\n';
    writeFileSync(txt, text);
    const html = 'tests/fixtures/pages/heldout-stargate-en.html';
    const dated = join(dir, 'dated.html');
    writeFileSync(
      dated,
      '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-01-22T08:00:00+01:00"}</script></head><body><article><p>Nvidia.</p></article></body></html>',
    );
    const timed = join(dir, 'timed.html');
    writeFileSync(
      timed,
      '<html><body><article><header><h1>T</h1><time datetime="2025-02-03">3 Feb</time></header><p>Nvidia.</p></article></body></html>',
    );
    const result = scan('--json', txt, html, dated, timed);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const mentions = records.filter((record) => 'entity' in record);
    const fromTxt = mentions.filter((m) => m.file === txt);
    expect(fromTxt).toEqual([
      {
        file: txt,
        entity: 'jensen-huang',
        name: 'Jensen Huang',
        text: 'Jensen\nHuang',
        start: 9,
        end: 21,
      },
      { file: txt, entity: 'nvidia', name: 'Nvidia', text: 'Nvidia', start: 23, end: 29 },
      { file: txt, entity: 'openai', name: 'OpenAI', text: 'OpenAI', start: 52, end: 58 },
    ]);
    for (const m of fromTxt) expect(text.slice(m.start as number, m.end as number)).toBe(m.text);
    const seen = await htmlTextAsSeen(readFileSync(join(ROOT, html), 'utf8'));
    const fromHtml = mentions.filter((m) => m.file === html);
    expect(fromHtml.length).toBeGreaterThan(10);
    for (const m of fromHtml) expect(seen.slice(m.start as number, m.end as number)).toBe(m.text);
    expect(Object.keys(mentions[0]!)).toEqual(['file', 'entity', 'name', 'text', 'start', 'end']);
    // One line per file with its publication date, after its mentions: none for a .txt file.
    expect(records.filter((record) => 'published' in record)).toEqual([
      { file: txt, published: null, from: null },
      { file: html, published: null, from: null },
      { file: dated, published: '2025-01-22', from: 'json-ld' },
      { file: timed, published: '2025-02-03', from: 'time' },
    ]);
  });

  it('refuses an invalid pack with its errors and exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reperes-scan-'));
    const pack = join(dir, 'bad.json');
    writeFileSync(pack, '{"format": "reperes-pack", "formatVersion": 1}');
    const txt = join(dir, 'page.txt');
    writeFileSync(txt, 'Nvidia');
    const result = scan('--pack', pack, txt);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(pack);
  });
});
