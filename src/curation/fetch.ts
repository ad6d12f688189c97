/**
 * Fetch one feed once: a conditional GET (ETag / If-Modified-Since), a timeout, a size cap, then parsing with
 * @extractus/feed-extractor (RSS 2.0, Atom, RDF, JSON Feed). Never throws: every failure is an outcome with a reason.
 */
import { extractFromJson, extractFromXml, type FeedEntry } from '@extractus/feed-extractor';

export interface FetchOptions {
  etag?: string;
  lastModified?: string;
  timeoutMs?: number;
  maxBytes?: number;
  userAgent?: string;
}

export interface FeedItem {
  title: string;
  link: string;
  summary: string;
  /** ISO instant, when the feed gives one. */
  published?: string;
  /** The publisher named by the item itself (news-search feeds relay many publishers). */
  publisher?: string;
}

export type FetchOutcome =
  | { kind: 'ok'; items: FeedItem[]; etag?: string; lastModified?: string; feedTitle?: string }
  | { kind: 'not-modified' }
  | { kind: 'failed'; reason: string; retryAfterMs?: number };

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Read the body, giving up past maxBytes (a feed that big is broken or not a feed). */
async function readCapped(res: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function retryAfter(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && '#text' in v) return String((v as { '#text': unknown })['#text']).trim();
  return '';
}

/** Parse feed text; throws with the library's reason when it is not a feed. */
export function parseFeed(body: string, contentType = ''): { title?: string; items: FeedItem[] } {
  const trimmed = body.trimStart();
  const json = /json/i.test(contentType) || trimmed.startsWith('{');
  const opts = {
    descriptionMaxLen: 600,
    // RSS <source> names the original publisher (news-search feeds)
    getExtraEntryFields: (e: Record<string, unknown>) => ({ publisherName: text(e.source) || text((e.author as { name?: unknown } | undefined)?.name) }),
  };
  const data = json ? extractFromJson(trimmed, opts) : extractFromXml(trimmed, opts);
  if (!Array.isArray(data.entries)) throw new Error('no items');
  const items: FeedItem[] = [];
  for (const e of data.entries as FeedEntry[]) {
    const title = text(e.title);
    const link = text(e.link);
    if (!title || !link) continue;
    const published = e.published && !Number.isNaN(Date.parse(e.published)) ? new Date(e.published).toISOString() : undefined;
    items.push({ title, link, summary: text(e.description), published, publisher: text(e.publisherName) || undefined });
  }
  return { title: data.title || undefined, items };
}

export async function fetchFeed(url: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'user-agent': opts.userAgent ?? 'nissan-honda-bot feed reader',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  let body: string | undefined;
  try {
    res = await fetch(url, { headers, signal, redirect: 'follow' });
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'not-modified' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'failed', reason: `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`, retryAfterMs: retryAfter(res) };
    }
    body = await readCapped(res, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || signal.aborted) return { kind: 'failed', reason: `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}` };
    return { kind: 'failed', reason: `cannot reach it: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
  }
  if (body === undefined) return { kind: 'failed', reason: `larger than ${Math.round((opts.maxBytes ?? DEFAULT_MAX_BYTES) / 1024)} KiB` };
  try {
    const parsed = parseFeed(body, res.headers.get('content-type') ?? '');
    return {
      kind: 'ok',
      items: parsed.items,
      feedTitle: parsed.title,
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined,
    };
  } catch (err) {
    return { kind: 'failed', reason: `not a readable feed: ${(err as Error).message}` };
  }
}
