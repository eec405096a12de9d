/**
 * Saved real pages (../shared/real-pages, gzipped HTML) served from
 * 127.0.0.1 as a reader would meet them, minus their scripts: `<script>`
 * elements are stripped so that any change to the DOM is the extension's
 * own, a Content-Security-Policy refuses every request off 127.0.0.1 (fonts,
 * images, trackers of the original site), and a recorder of DOM changes is
 * the only script. Third-party pages stay in ../shared; nothing is copied.
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export const REAL_PAGES = join(import.meta.dirname, '../../../shared/real-pages');
export const realPagesPresent = existsSync(REAL_PAGES);

/** Only this origin: a request anywhere else is refused by the browser. */
const POLICY =
  "default-src 'self' data: blob:; style-src 'self' 'unsafe-inline' data:; script-src 'self'";
const RECORDER = join(import.meta.dirname, '../fixtures/site/record-mutations.js');

/** A saved page without its scripts, with the recorder first in its head. */
function withoutScripts(html: string): string {
  const stripped = html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script\b[^>]*\/>/gi, '');
  const inject = `<meta http-equiv="Content-Security-Policy" content="${POLICY}"><script src="/record-mutations.js"></script>`;
  const head = /<head\b[^>]*>/i.exec(stripped);
  return head
    ? stripped.slice(0, head.index + head[0].length) +
        inject +
        stripped.slice(head.index + head[0].length)
    : inject + stripped;
}

export interface RealPageServer {
  /** The URL of a saved page, by its file name in ../shared/real-pages. */
  urlOf(file: string): string;
  close(): Promise<void>;
}

export async function serveRealPages(): Promise<RealPageServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).slice(1);
    const send = (type: string, body: string | Buffer) =>
      response
        .writeHead(200, {
          'content-type': type,
          'cache-control': 'no-store',
          'content-security-policy': POLICY,
        })
        .end(body);
    if (path === 'record-mutations.js') {
      readFile(RECORDER).then(
        (body) => send('text/javascript; charset=utf-8', body),
        () => response.writeHead(500).end(),
      );
      return;
    }
    // Saved pages only, by their plain names: no path leaves the folder. The pages' own
    // images, styles and fonts get an empty answer.
    if (!/^[0-9a-f]{64}\.html$/.test(path)) {
      response.writeHead(204).end();
      return;
    }
    readFile(join(REAL_PAGES, `${path}.gz`)).then(
      (gz) => send('text/html; charset=utf-8', withoutScripts(gunzipSync(gz).toString('utf8'))),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    urlOf: (file) => `http://127.0.0.1:${port}/${file.replace(/\.gz$/, '')}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
