import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { TimelineStore, loadTimelineFile } from '../../src/timeline/store.js';
import { fixtureLog, fixtureEvent } from '../helpers/fixture.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'nh-store-'));
  const path = join(dir, 'events.json');
  writeFileSync(path, JSON.stringify(fixtureLog(5)));
  return { dir, path, store: TimelineStore.open(path) };
}

describe('TimelineStore', () => {
  it('GIVEN a valid change THEN the new log is swapped in and the added ids are reported (even an older-dated event)', () => {
    const { path, store } = setup();
    const changes: string[][] = [];
    store.on('change', (c) => changes.push(c.added));
    const log = fixtureLog(5);
    log.events.unshift(fixtureEvent(99, '2024-06-01')); // curated late, dated earlier than everything
    writeFileSync(path, JSON.stringify(log));
    const res = store.reload();
    expect(res.ok).toBe(true);
    expect(store.current.size).toBe(6);
    expect(changes).toEqual([['event-99']]);
  });

  it('GIVEN the same content again THEN no change event', () => {
    const { path, store } = setup();
    let n = 0;
    store.on('change', () => n++);
    writeFileSync(path, JSON.stringify(fixtureLog(5)));
    store.reload();
    expect(n).toBe(0);
  });

  it('GIVEN a corrupted file THEN the last good log keeps serving and the reason is kept and emitted', () => {
    const { path, store } = setup();
    const before = store.current;
    const rejected: string[] = [];
    store.on('rejected', (e) => rejected.push(e.message));
    writeFileSync(path, '{"events": [ {"id": "half-writt');
    expect(store.reload().ok).toBe(false);
    expect(store.current).toBe(before);
    expect(store.lastError?.message).toMatch(/not valid JSON/);
    expect(rejected).toHaveLength(1);
    // a schema-invalid file is rejected the same way, naming the field
    writeFileSync(path, JSON.stringify({ events: [{ ...fixtureEvent(1, '2025-01-01'), status: 'rumour' }] }));
    store.reload();
    expect(store.current).toBe(before);
    expect(store.lastError?.message).toMatch(/events\[0\] \(event-1\) → status/);
    // and a good file clears the error
    writeFileSync(path, JSON.stringify(fixtureLog(7)));
    store.reload();
    expect(store.lastError).toBeUndefined();
    expect(store.current.size).toBe(7);
  });

  it('GIVEN the file is replaced by rename while watched THEN the change is picked up', async () => {
    const { dir, path, store } = setup();
    const changed = new Promise<number>((resolve) => store.on('change', (c) => resolve(c.current.size)));
    store.watch(20);
    const tmp = join(dir, 'events.json.tmp');
    writeFileSync(tmp, JSON.stringify(fixtureLog(9)));
    renameSync(tmp, path);
    expect(await changed).toBe(9);
    store.close();
  });

  it('GIVEN a missing file THEN loading fails with a message naming the path', () => {
    const res = loadTimelineFile('/nonexistent/events.json');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/cannot read \/nonexistent\/events.json/);
  });

  it('GIVEN a file larger than one read, with multi-byte characters on every read boundary THEN it loads as the same log, versioned by its bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nh-store-'));
    const path = join(dir, 'events.json');
    const log = fixtureLog(120);
    // summaries of "¥–" pairs (2 + 3 bytes in UTF-8): the 64 KiB reads cut through characters
    log.events.forEach((e, i) => (e.summary = `${'¥–'.repeat(600 + (i % 7))} ${e.summary}`));
    const bytes = Buffer.from(JSON.stringify(log), 'utf8');
    expect(bytes.length).toBeGreaterThan(5 * 65536);
    writeFileSync(path, bytes);
    const res = loadTimelineFile(path);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.timeline.events.map((e) => e.summary)).toEqual(log.events.map((e) => e.summary));
    expect(res.timeline.version).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 12));
    // a byte-order mark is kept in the text, as readFileSync keeps it, so such a file is still refused as before
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    const bom = loadTimelineFile(path);
    expect(bom.ok).toBe(false);
    if (!bom.ok) expect(bom.error.message).toMatch(/not valid JSON/);
  });
});
