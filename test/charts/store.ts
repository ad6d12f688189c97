/** The chart fixture log as a file, opened as a TimelineStore (what the platforms serve from). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TimelineStore } from '../../src/timeline/store.js';
import { chartEvents } from './fixture.js';

export function chartStore(): TimelineStore {
  const dir = mkdtempSync(join(tmpdir(), 'chart-log-'));
  const path = join(dir, 'events.json');
  writeFileSync(path, JSON.stringify({ events: chartEvents() }, null, 2));
  return TimelineStore.open(path);
}
