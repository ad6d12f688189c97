import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, renameSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { TimelineStore, loadTimelineFile, loadSteps } from '../../src/timeline/store.js';
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

  it('GIVEN change notices are off and the file is polled THEN a replaced file is picked up by its changed size and time', async () => {
    const { dir, path, store } = setup();
    const changed = new Promise<number>((resolve) => store.on('change', (c) => resolve(c.current.size)));
    store.watch(20, { pollMs: 50, notices: false });
    const tmp = join(dir, 'events.json.tmp');
    writeFileSync(tmp, JSON.stringify(fixtureLog(11)));
    renameSync(tmp, path);
    expect(await changed).toBe(11);
    store.close();
  });

  it('GIVEN change notices are off and nothing polls THEN a replaced file is not read until a refresh', async () => {
    const { dir, path, store } = setup();
    store.watch(20, { notices: false });
    const tmp = join(dir, 'events.json.tmp');
    writeFileSync(tmp, JSON.stringify(fixtureLog(11)));
    renameSync(tmp, path);
    await new Promise((r) => setTimeout(r, 300));
    expect(store.current.size).not.toBe(11);
    await store.refresh();
    expect(store.current.size).toBe(11);
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

  it('GIVEN a log read as steps THEN it yields between reads and between events, and abandoned half-way it closes the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nh-store-'));
    const path = join(dir, 'events.json');
    const log = fixtureLog(300);
    log.events.forEach((e) => (e.summary = `${'Long summary text. '.repeat(40)}${e.summary}`));
    writeFileSync(path, JSON.stringify(log));
    const steps = loadSteps(path);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    expect(r.value.ok && r.value.timeline.size).toBe(300);
    // 4 reads of 64 KiB, 300 events compacted and checked (a yield every 64), and one after parsing and after checking
    expect(yields).toBeGreaterThanOrEqual(4 + 4 + 4 + 2);
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    const half = loadSteps(path);
    half.next();
    expect(fds()).toBe(before + 1);
    half.return(undefined as never);
    expect(fds()).toBe(before);
  });

  describe('a changed log prepared before it is swapped in (what the watcher does)', () => {
    /** A store whose `prepare` waits until the test releases it, recording what it was given. */
    function withPrepare(fail?: Error) {
      const dir = mkdtempSync(join(tmpdir(), 'nh-store-'));
      const path = join(dir, 'events.json');
      writeFileSync(path, JSON.stringify(fixtureLog(5)));
      const calls: { size: number; signal: AbortSignal; release: () => void }[] = [];
      const store = TimelineStore.open(path, {
        prepare: (timeline, signal) =>
          new Promise<void>((resolve, reject) => {
            const release = () => (fail ? reject(fail) : resolve());
            calls.push({ size: timeline.size, signal, release });
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          }),
      });
      const changes: number[] = [];
      const rejected: string[] = [];
      store.on('change', (c) => changes.push(c.current.size));
      store.on('rejected', (e) => rejected.push(e.message));
      /** The file changed to a log of `size` events, and the refresh the watcher would start. */
      const change = (size: number) => {
        writeFileSync(path, JSON.stringify(fixtureLog(size)));
        return store.refresh();
      };
      return { path, store, calls, changes, rejected, change };
    }
    /** Turns of the event loop until `prepare` has been called `n` times (the file is read a slice at a time first). */
    const prepared = async (calls: unknown[], n: number) => {
      for (let k = 0; k < 1000 && calls.length < n; k++) await new Promise((r) => setImmediate(r));
      expect(calls).toHaveLength(n);
    };

    it('GIVEN a valid change THEN the current log keeps serving until it is prepared, then it is swapped in once', async () => {
      const { store, calls, changes, change } = withPrepare();
      const before = store.current;
      const done = change(8);
      await prepared(calls, 1);
      expect(calls.map((c) => c.size)).toEqual([8]);
      expect(store.preparing).toBe(true);
      expect(store.current).toBe(before);
      expect(changes).toEqual([]);
      calls[0].release();
      await done;
      expect(store.preparing).toBe(false);
      expect(store.current.size).toBe(8);
      expect(changes).toEqual([8]);
    });

    it('GIVEN another change while one is being prepared THEN the first is abandoned and only the newest is swapped in', async () => {
      const { store, calls, changes, change } = withPrepare();
      const first = change(8);
      await prepared(calls, 1);
      const second = change(9);
      await prepared(calls, 2);
      expect(calls.map((c) => [c.size, c.signal.aborted])).toEqual([[8, true], [9, false]]);
      await first;
      expect(changes).toEqual([]);
      calls[1].release();
      await second;
      expect(store.current.size).toBe(9);
      expect(changes).toEqual([9]);
    });

    it('GIVEN the file goes back to the current log while a change is being prepared THEN nothing is swapped in', async () => {
      const { store, calls, changes, change } = withPrepare();
      const before = store.current;
      const first = change(8);
      await prepared(calls, 1);
      await change(5);
      await first;
      expect(calls).toHaveLength(1);
      expect(calls[0].signal.aborted).toBe(true);
      expect(store.current).toBe(before);
      expect(changes).toEqual([]);
    });

    it('GIVEN preparing fails THEN the change is rejected with the reason and the last good log keeps serving', async () => {
      const { store, calls, changes, rejected, change } = withPrepare(new Error('figure x is not listed with its event'));
      const before = store.current;
      const done = change(8);
      await prepared(calls, 1);
      calls[0].release();
      await done;
      expect(store.current).toBe(before);
      expect(changes).toEqual([]);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatch(/could not be prepared for answering: figure x is not listed with its event/);
      expect(store.lastError?.message).toBe(rejected[0]);
    });

    it('GIVEN the store is closed while a change is being prepared THEN the preparation is abandoned', async () => {
      const { store, calls, changes, change } = withPrepare();
      const done = change(8);
      await prepared(calls, 1);
      store.close();
      await done;
      expect(calls[0].signal.aborted).toBe(true);
      expect(store.current.size).toBe(5);
      expect(changes).toEqual([]);
    });

    it('GIVEN a broken file THEN nothing is prepared and it is rejected as before', async () => {
      const { path, store, calls, rejected } = withPrepare();
      writeFileSync(path, '{"events": [');
      await store.refresh();
      expect(calls).toEqual([]);
      expect(rejected[0]).toMatch(/not valid JSON/);
    });
  });
});
