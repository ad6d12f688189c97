/**
 * Child process for crash.test.ts: runs the due digest against a Discord API URL and is killed with
 * SIGKILL by the parent while the post is in flight. Not a test file by itself.
 *
 * env: DIGEST_DB, DIGEST_EVENTS, DIGEST_API (Discord REST base URL), DIGEST_NOW (ISO instant).
 */
import { openDatabase } from '../../src/db/database.js';
import { createDigestService } from '../../src/digests/service.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { TimelineStore } from '../../src/timeline/store.js';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const db = openDatabase(env('DIGEST_DB'));
const store = TimelineStore.open(env('DIGEST_EVENTS'));
const now = new Date(env('DIGEST_NOW'));
const svc = createDigestService({
  db,
  store,
  sinks: [createDiscordDigestSink({ token: 'crash-token', api: env('DIGEST_API'), retries: 0, timeoutMs: 60_000 })],
  catchupHours: 6,
  now: () => now,
  timers: false,
});
process.stdout.write('running\n');
await svc.runDue();
process.stdout.write('finished\n'); // never reached: the parent kills us mid-post
