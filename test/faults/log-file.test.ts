/**
 * The event log file turned hostile while the bot runs (and at start): a link to /dev/zero, a FIFO nobody writes,
 * a file over EVENTS_MAX_BYTES, a huge log that fails validation. Each is refused with a one-line summary, the
 * last good log keeps answering over HTTP, and nothing of the rejected file is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDiscordHttp, type DiscordHttpEndpoint } from '../../src/platforms/discord/http.js';
import { createRegistry } from '../../commands/index.js';
import { SHOWN_PROBLEMS, TimelineStore, type LoadFailure } from '../../src/timeline/store.js';
import { logStore, tempDir } from '../digests/helpers.js';
import { rawRequest, SignedClient, testKeys } from '../security/signing.js';

const keys = testKeys();
/** A small cap, so that "too big" needs only a few MB in the test. */
const MAX_BYTES = 2 * 1024 * 1024;
let tmp: ReturnType<typeof tempDir>;
let path: string;
let good: string;
let store: TimelineStore;
let endpoint: DiscordHttpEndpoint;
let client: SignedClient;

beforeAll(async () => {
  tmp = tempDir('log-file-');
  const log = logStore(tmp.dir, 6);
  log.store.close();
  path = log.path;
  good = join(tmp.dir, 'good.json');
  copyFileSync(path, good);
  store = TimelineStore.open(path, { maxBytes: MAX_BYTES });
  store.watch(20);
  endpoint = await startDiscordHttp({ publicKey: keys.publicKeyHex, port: 0, token: 't', applicationId: '123456789012345678', apiUrl: 'http://127.0.0.1:9/api', store, registry: createRegistry() });
  client = new SignedClient(`http://127.0.0.1:${endpoint.port}`, keys);
});

afterAll(async () => {
  await endpoint?.stop();
  store?.close();
  tmp?.cleanup();
});

let seq = 0;
/** Put `make(tmpPath)` in place of events.json by rename (as editors and deploys do); resolve with the rejection. */
async function swapIn(make: (p: string) => void): Promise<LoadFailure> {
  const next = join(tmp.dir, `next-${++seq}`);
  make(next);
  const rejected = new Promise<LoadFailure>((resolve) => store.once('rejected', resolve));
  renameSync(next, path);
  return rejected;
}

async function restore(): Promise<void> {
  const next = join(tmp.dir, `restore-${++seq}`);
  copyFileSync(good, next);
  renameSync(next, path);
  for (let i = 0; i < 200 && store.lastError; i++) await new Promise((r) => setTimeout(r, 25));
  expect(store.lastError).toBeUndefined();
}

async function stillServing(): Promise<void> {
  expect((await client.post({ id: `1000000000000${String(++seq).padStart(6, '0')}`, type: 1 })).json).toEqual({ type: 1 });
  const health = await rawRequest(`${client.baseUrl}/healthz`, { method: 'GET' });
  expect(health.status).toBe(200);
  expect(health.json.checks.logReload).toMatch(/rejected/);
}

describe('GIVEN the bot running on a good log', () => {
  it('WHEN events.json becomes a link to /dev/zero THEN it is refused as not a regular file and the bot keeps answering', async () => {
    const failure = await swapIn((p) => symlinkSync('/dev/zero', p));
    expect(failure.message).toMatch(/not a regular file \(a device\)/);
    await stillServing();
    await restore();
  });

  it('WHEN events.json becomes a FIFO nobody writes THEN it is refused without blocking and /healthz and PINGs answer meanwhile', async () => {
    const failure = await swapIn((p) => execFileSync('mkfifo', [p]));
    expect(failure.message).toMatch(/not a regular file \(a FIFO\)/);
    await stillServing();
    await restore();
  });

  it('WHEN events.json is larger than EVENTS_MAX_BYTES THEN it is refused by its size, unread, naming the variable', async () => {
    const failure = await swapIn((p) => writeFileSync(p, Buffer.alloc(MAX_BYTES + 1, 0x20)));
    expect(failure.message).toMatch(/over the limit of 2097152 \(EVENTS_MAX_BYTES\)/);
    await stillServing();
    await restore();
  });

  it('WHEN a large log fails validation with thousands of problems THEN the rejection names the first few and counts the rest, and keeps no more', async () => {
    const bad = '{"id":"x","date":"2025-01-01","title":"t","summary":"s","status":"official","companies":[],"topics":[],"curated":"2025-01-01","figures":[],"sources":[]}';
    const n = Math.floor((MAX_BYTES - 100) / (bad.length + 1));
    const failure = await swapIn((p) => writeFileSync(p, `{"events":[${Array(n).fill(bad).join(',')}]}`));
    expect(failure.problemCount).toBeGreaterThan(1000);
    expect(failure.problems.length).toBe(SHOWN_PROBLEMS);
    expect(failure.message.length).toBeLessThan(3000);
    expect(failure.message).toMatch(/… and \d+ more \(npm run check-data lists them all\)/);
    expect(store.lastError?.message).toBe(failure.message);
    await stillServing();
    await restore();
  });
});

describe('GIVEN a hostile events.json at start', () => {
  for (const [what, make, expected] of [
    ['a link to /dev/zero', (p: string) => symlinkSync('/dev/zero', p), /not a regular file \(a device\)/],
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), /not a regular file \(a FIFO\)/],
    ['a file over the cap', (p: string) => writeFileSync(p, Buffer.alloc(MAX_BYTES + 1, 0x20)), /EVENTS_MAX_BYTES/],
  ] as const) {
    it(`WHEN it is ${what} THEN opening fails at once with a one-line reason`, () => {
      const p = join(tmp.dir, `start-${++seq}.json`);
      make(p);
      try {
        expect(() => TimelineStore.open(p, { maxBytes: MAX_BYTES })).toThrow(expected);
        try {
          TimelineStore.open(p, { maxBytes: MAX_BYTES });
        } catch (err) {
          expect((err as Error).message.split('\n')).toHaveLength(1);
        }
      } finally {
        rmSync(p, { force: true });
      }
    });
  }
});
