/** A temporary log, database and curation service for curation tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/database.js';
import { CurationService, SqliteCurationStore, type Candidate, type FeedDef } from '../../src/curation/index.js';
import type { CurationStore, NewCandidate } from '../../src/curation/store.js';
import { loadTimelineFile } from '../../src/timeline/store.js';
import { fixtureLog } from '../helpers/fixture.js';
import type { EventLog } from '../../src/timeline/schema.js';

export const NOW = new Date('2026-07-02T12:00:00Z');

/** The fixture log with a tier on every source, as check-data's curating rules want the curated log. */
export function tieredLog(n = 5): EventLog {
  const log = fixtureLog(n);
  for (const e of log.events) e.sources = e.sources.map((s) => ({ ...s, tier: 'wire' as const }));
  return log;
}

export interface CurationFixture {
  dir: string;
  eventsPath: string;
  historyDir: string;
  db: Db;
  store: CurationStore;
  service: CurationService;
}

/**
 * `timeoutMs`: the feed reader's timeout; short only where a feed never answers (a local feed is never that slow otherwise).
 * `store`: another engine's store (Postgres); default SQLite in the fixture's folder.
 */
export function curationFixture(feeds: FeedDef[] = [], log: EventLog = tieredLog(5), timeoutMs = 30_000, store?: CurationStore): CurationFixture {
  const dir = mkdtempSync(join(tmpdir(), 'curation-'));
  const eventsPath = join(dir, 'events.json');
  writeFileSync(eventsPath, JSON.stringify(log, null, 2) + '\n');
  const db = openDatabase(join(dir, 'bot.db'));
  store ??= new SqliteCurationStore(db);
  const historyDir = join(dir, 'history');
  const service = new CurationService({
    store,
    eventsPath,
    feeds,
    historyDir,
    now: () => NOW,
    fetch: { timeoutMs, maxBytes: 256 * 1024 },
    timeline: () => {
      const res = loadTimelineFile(eventsPath);
      if (!res.ok) throw new Error(res.error.message);
      return res.timeline;
    },
  });
  return { dir, eventsPath, historyDir, db, store, service };
}

/** A new candidate about the story, found on 1 Jul 2026 (fields overridable). */
export async function addCandidate(store: CurationStore, over: Partial<NewCandidate> & Pick<NewCandidate, 'url' | 'title'>): Promise<Candidate> {
  return (await store.addCandidate({
    summary: `${over.title}, the report says.`,
    feed: 'Fake wire',
    publisher: 'Example Wire',
    published: '2026-07-01T08:00:00.000Z',
    foundAt: '2026-07-01T09:00:00.000Z',
    score: 3,
    companies: ['Honda', 'Nissan'],
    topics: ['merger-talks'],
    ...over,
  }))!;
}
