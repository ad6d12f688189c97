/**
 * A fake news-feed host on 127.0.0.1 for tests: RSS 2.0 (with ETag → 304), Atom (with Last-Modified → 304),
 * JSON Feed, a 500, a feed that never answers, malformed XML and an oversized feed. Items are set per test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeItem {
  title: string;
  link: string;
  summary?: string;
  published: string;
  /** RSS <source>: the original publisher. */
  source?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssXml(items: FakeItem[]): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid>${esc(i.link)}</guid><pubDate>${new Date(i.published).toUTCString()}</pubDate>` +
        `<description>${esc(i.summary ?? '')}</description>${i.source ? `<source url="https://publisher.example">${esc(i.source)}</source>` : ''}</item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fake RSS</title><link>https://rss.example</link><description>d</description>${body}</channel></rss>`;
}

export function atomXml(items: FakeItem[]): string {
  const body = items
    .map((i) => `<entry><title>${esc(i.title)}</title><link href="${esc(i.link)}"/><id>${esc(i.link)}</id><updated>${i.published}</updated><summary>${esc(i.summary ?? '')}</summary></entry>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Fake Atom</title><id>urn:fake</id><updated>2026-01-01T00:00:00Z</updated>${body}</feed>`;
}

export function jsonFeed(items: FakeItem[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Fake JSON Feed',
    items: items.map((i) => ({ id: i.link, url: i.link, title: i.title, summary: i.summary, date_published: i.published })),
  });
}

export interface FakeFeeds {
  url: string;
  /** Items served by /rss.xml, /atom.xml and /feed.json. */
  items: { rss: FakeItem[]; atom: FakeItem[]; json: FakeItem[] };
  /** Requests per path, with their conditional headers. */
  requests: { path: string; ifNoneMatch?: string; ifModifiedSince?: string }[];
  close(): Promise<void>;
}

const ATOM_MODIFIED = 'Wed, 01 Jul 2026 00:00:00 GMT';

export async function startFakeFeeds(): Promise<FakeFeeds> {
  const items: FakeFeeds['items'] = { rss: [], atom: [], json: [] };
  const requests: FakeFeeds['requests'] = [];
  const hanging = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ path, ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] });
    switch (path) {
      case '/rss.xml': {
        const body = rssXml(items.rss);
        const etag = `"${Buffer.from(body).length}-${items.rss.length}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        return void res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
      }
      case '/atom.xml':
        if (req.headers['if-modified-since'] === ATOM_MODIFIED) return void res.writeHead(304).end();
        return void res.writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': ATOM_MODIFIED }).end(atomXml(items.atom));
      case '/feed.json':
        return void res.writeHead(200, { 'content-type': 'application/feed+json' }).end(jsonFeed(items.json));
      case '/error':
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      case '/slow':
        // headers never come: only the reader's timeout ends this request
        hanging.add(res);
        return;
      case '/malformed.xml':
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>Honda and Nissan merger</title>');
      case '/huge.xml': {
        // 4 MiB streamed without a Content-Length: the reader must stop at its cap
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const more = () => {
          while (sent < 64) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('error', () => undefined);
        return more();
      }
      default:
        return void res.writeHead(404).end('not found');
    }
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    items,
    requests,
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
