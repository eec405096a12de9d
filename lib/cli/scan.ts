/**
 * The scan command: `npm run -s scan -- [--json] [--pack FILE]... FILE...`.
 * Stable interface (README): finds mentions in `.txt` files (their text as
 * is) and `.html` files (their text as the content script sees it) with the
 * bundled pack, or with the packs given by `--pack` (repeatable, validated).
 * With `--json`, one JSON object per mention and per line:
 * {"file","entity","name","text","start","end"}, offsets in UTF-16 units into
 * the file's text (`.txt`) or its text as seen (`.html`, see scan-text.ts);
 * then one line per file with its publication date, {"file","published","from"}
 * (lib/dom/page-date.ts; null and null when none is found, and for `.txt`).
 * Exit 0 on success; 1 when a pack or a file cannot be read or is invalid;
 * 2 for a command line it cannot understand. Node only.
 */
import { parseArgs } from 'node:util';
import { compilePacks } from '../match';
import {
  BUNDLED_PACK,
  Failure,
  kindOfPath,
  loadPacks,
  readTextFile,
  savedPageDate,
  scanText,
  type TextMention,
} from './scan-text';

const USAGE = `Usage: npm run -s scan -- [--json] [--pack FILE]... FILE...
  FILE          a .txt file (scanned as is) or an .html file (its text as the extension sees it),
                either possibly gzipped (.txt.gz, .html.gz)
  --pack FILE   match with this pack instead of the bundled one (repeatable)
  --json        one JSON object per mention and per line:
                {"file","entity","name","text","start","end"} (UTF-16 offsets),
                then one per file: {"file","published","from"} (its publication date, or nulls)`;

function readable(file: string, mentions: TextMention[], names: Map<string, string>) {
  const lines = [`${file}: ${mentions.length} mention${mentions.length === 1 ? '' : 's'}`];
  for (const m of mentions) {
    lines.push(
      `  ${m.start}-${m.end}  ${JSON.stringify(m.text)}  ${names.get(m.entity) ?? m.entity} (${m.entity})`,
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        pack: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (files.length === 0) {
    process.stderr.write(`no FILE given\n${USAGE}\n`);
    return 2;
  }
  const unknown = files.filter((file) => kindOfPath(file) === null);
  if (unknown.length > 0) {
    process.stderr.write(
      `not a .txt or .html file (or the same gzipped, .gz): ${unknown.join(', ')}\n${USAGE}\n`,
    );
    return 2;
  }
  try {
    const packs = loadPacks(values.pack ?? [BUNDLED_PACK]);
    const names = new Map<string, string>();
    for (const entity of packs.flatMap((pack) => pack.entities)) {
      if (!names.has(entity.id)) names.set(entity.id, entity.name);
    }
    const matcher = compilePacks(packs);
    const out: string[] = [];
    for (const file of files) {
      const content = readTextFile(file);
      const mentions = await scanText(kindOfPath(file)!, content, matcher);
      if (values.json) {
        for (const m of mentions) {
          const name = names.get(m.entity) ?? m.entity;
          out.push(
            JSON.stringify({
              file,
              entity: m.entity,
              name,
              text: m.text,
              start: m.start,
              end: m.end,
            }),
          );
        }
        const date = kindOfPath(file) === 'html' ? await savedPageDate(content) : null;
        out.push(
          JSON.stringify({ file, published: date?.published ?? null, from: date?.from ?? null }),
        );
      } else {
        out.push(readable(file, mentions, names));
      }
    }
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
