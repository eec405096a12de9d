/**
 * A forward proxy on 127.0.0.1 that writes down every request a browser sends
 * through it. Requests to the loopback address (the tests' own servers) are
 * passed on; anything else is answered 502 and never leaves the machine, and
 * HTTPS tunnels (CONNECT) are refused the same way. Firefox is pointed at it
 * by its profile's proxy preferences, for every request of every process: its
 * pages', its extensions' and its own.
 */
import { createServer, request as forward, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface LoggingProxy {
  port: number;
  /** Each request as it came: its absolute URL, or `CONNECT host:port`. */
  log: string[];
  /** Firefox preferences that send everything through this proxy, the loopback address included. */
  firefoxPrefs: Record<string, string | number | boolean>;
  /**
   * Where Firefox's own Remote Settings client (blocklists, certificate lists…) is sent
   * instead of Mozilla's server: an address only the profile knows, with a token drawn for
   * this run, so its requests are told apart from anyone else's.
   */
  firefoxRemoteSettings: string;
  close(): Promise<void>;
}

export async function startLoggingProxy(): Promise<LoggingProxy> {
  const log: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    log.push(url);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
      response.writeHead(502).end();
      return;
    }
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.headersSent || response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on('connect', (request, socket) => {
    log.push(`CONNECT ${request.url ?? ''}`);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const firefoxRemoteSettings = `http://remote-settings.invalid/${randomUUID()}/v1`;
  return {
    port,
    log,
    firefoxRemoteSettings,
    firefoxPrefs: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.share_proxy_settings': true,
      // By default Firefox never proxies the loopback address, where the test pages are.
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.no_proxies_on': '',
      // Names are resolved by the proxy, not by Firefox: no DNS query of its own either.
      'network.proxy.socks_remote_dns': true,
      // Honoured by a release build only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in its environment.
      'services.settings.server': firefoxRemoteSettings,
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
