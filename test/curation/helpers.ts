/** A temporary log, database and curation service for curation tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/database.js';
import { CurationService, CurationStore, type FeedDef } from '../../src/curation/index.js';
import { loadTimelineFile } from '../../src/timeline/store.js';
import { fixtureLog } from '../helpers/fixture.js';
import type { EventLog } from '../../src/timeline/schema.js';

export const NOW = new Date('2026-07-02T12:00:00Z');

export interface CurationFixture {
  dir: string;
  eventsPath: string;
  historyDir: string;
  db: Db;
  store: CurationStore;
  service: CurationService;
}

export function curationFixture(feeds: FeedDef[] = [], log: EventLog = fixtureLog(5)): CurationFixture {
  const dir = mkdtempSync(join(tmpdir(), 'curation-'));
  const eventsPath = join(dir, 'events.json');
  writeFileSync(eventsPath, JSON.stringify(log, null, 2) + '\n');
  const db = openDatabase(join(dir, 'bot.db'));
  const store = new CurationStore(db);
  const historyDir = join(dir, 'history');
  const service = new CurationService({
    store,
    eventsPath,
    feeds,
    historyDir,
    now: () => NOW,
    fetch: { timeoutMs: 500, maxBytes: 256 * 1024 },
    timeline: () => {
      const res = loadTimelineFile(eventsPath);
      if (!res.ok) throw new Error(res.error.message);
      return res.timeline;
    },
  });
  return { dir, eventsPath, historyDir, db, store, service };
}
