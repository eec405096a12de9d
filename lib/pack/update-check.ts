/**
 * Fetching a pack's update from where its publisher serves it (issue 16),
 * as one careful request: conditional (ETag, Last-Modified), bounded in time
 * and in size (the body is streamed and the stream cut at the cap, never
 * buffered whole first), and refused with a clear reason for anything a pack
 * server should not answer: another status, an HTML page, a redirect. The
 * signature beside it (`URL.sig`) is fetched the same way; none is fine.
 *
 * Nothing here writes: the caller plans the import of what was fetched, and
 * an error leaves the installed pack as it was. `fetch` is injected, so the
 * same code runs in the background and in tests against a local server.
 */

import { MAX_SIGNATURE_FILE_BYTES } from './signature';
import { updateUrlAllowed } from './update-url';

export type UpdateProblem =
  'not-https' | 'network' | 'timeout' | 'status' | 'redirect' | 'content-type' | 'too-large';

export type UpdateFetch =
  /** The server says the pack has not changed since the validators given. */
  | { kind: 'not-modified' }
  | {
      kind: 'fetched';
      bytes: Uint8Array;
      /** The bytes of `URL.sig`, when the server has one. */
      signature?: Uint8Array;
      /** Validators for the next conditional request. */
      etag?: string;
      lastModified?: string;
    }
  | { kind: 'failed'; problem: UpdateProblem; detail: string };

export interface UpdateRequest {
  url: string;
  /** From the last answer, for a conditional request. */
  etag?: string;
  lastModified?: string;
  maxBytes: number;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** How long a pack and its signature may take to arrive, whole. */
export const PACK_FETCH_TIMEOUT_MS = 30_000;

/** Content types a pack server may answer with; an HTML page (a login, an error) is not a pack. */
const PACK_TYPES = /^(application\/(json|octet-stream)|text\/(json|plain))$/i;

class Refused extends Error {
  constructor(
    readonly problem: UpdateProblem,
    detail: string,
  ) {
    super(detail);
  }
}

/** The body, read chunk by chunk and cut off past `max` bytes. */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new Refused('too-large', `the server announces ${declared} bytes; the cap is ${max}`);
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Refused('too-large', `more than ${max} bytes: the download was stopped`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function get(
  request: UpdateRequest,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Response> {
  const fetcher = request.fetch ?? globalThis.fetch;
  try {
    return await fetcher(url, {
      headers,
      signal,
      // A pack comes from the address the reader subscribed to: a redirect elsewhere is not followed.
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    // A timeout (the abort) is told apart by the caller, which owns the signal.
    if (signal.aborted) throw error;
    throw new Refused('network', error instanceof Error ? error.message : String(error));
  }
}

function refuseRedirect(response: Response): void {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Refused('redirect', 'the server redirects elsewhere; redirects are not followed');
  }
}

/** Fetches a pack and its signature, or says why not. Never throws. */
export async function fetchPackUpdate(request: UpdateRequest): Promise<UpdateFetch> {
  if (!updateUrlAllowed(request.url)) {
    return {
      kind: 'failed',
      problem: 'not-https',
      detail: 'updates come only from https addresses (or the loopback address)',
    };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    const response = await get(request, request.url, headers, controller.signal);
    if (response.status === 304) return { kind: 'not-modified' };
    refuseRedirect(response);
    if (!response.ok) throw new Refused('status', `the server answered ${response.status}`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!PACK_TYPES.test(type)) {
      await response.body?.cancel();
      throw new Refused('content-type', `the server sent ${type || 'no content type'}, not a pack`);
    }
    const bytes = await readCapped(response, request.maxBytes);

    // The signature beside it: none (404) is an unsigned pack, anything else odd is an error.
    const signed = await get(request, `${request.url}.sig`, {}, controller.signal);
    let signature: Uint8Array | undefined;
    if (signed.status !== 404 && signed.status !== 410) {
      refuseRedirect(signed);
      if (!signed.ok)
        throw new Refused('status', `the signature's server answered ${signed.status}`);
      signature = await readCapped(signed, MAX_SIGNATURE_FILE_BYTES);
    } else {
      await signed.body?.cancel();
    }
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    return {
      kind: 'fetched',
      bytes,
      ...(signature && { signature }),
      ...(etag && { etag }),
      ...(lastModified && { lastModified }),
    };
  } catch (error) {
    if (error instanceof Refused)
      return { kind: 'failed', problem: error.problem, detail: error.message };
    if (controller.signal.aborted) {
      return {
        kind: 'failed',
        problem: 'timeout',
        detail: `no complete answer within ${request.timeoutMs} ms`,
      };
    }
    return {
      kind: 'failed',
      problem: 'network',
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * When to check again: a day after a check that worked, on the reader's
 * daily schedule; after failures, sooner at first and then less and less
 * often (1 h, 2 h, 4 h… never more than the day), so that a server that is
 * down is not hammered and one that comes back is seen the same day.
 */
export function nextCheckAt(lastCheck: number, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return lastCheck + DAY;
  return lastCheck + Math.min(DAY, HOUR * 2 ** (consecutiveFailures - 1));
}
