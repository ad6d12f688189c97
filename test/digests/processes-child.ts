/**
 * One bot process for processes.test.ts: the digest service on a shared Postgres, posting to the fake
 * Discord through the real REST client, with every timer on (sweep, leases). Not a test file by itself.
 * It prints `ready` once set up and starts the scheduler when a line `go` arrives on stdin, so the
 * parent can start several at the same moment. Killed with SIGKILL or stopped with SIGTERM.
 *
 * env: DIGEST_DB_URL, DIGEST_EVENTS, DIGEST_API, CLOCK_OFFSET_MS (added to the real clock),
 *      LEASE_MS, SWEEP_MS.
 */
import { createInterface } from 'node:readline';
import { openState } from '../../src/db/state.js';
import { createDigestService } from '../../src/digests/service.js';
import { createDiscordDigestSink } from '../../src/platforms/discord/digest-sink.js';
import { TimelineStore } from '../../src/timeline/store.js';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const offset = Number(env('CLOCK_OFFSET_MS'));
const state = await openState({ databaseUrl: env('DIGEST_DB_URL'), databasePath: '', leaseMs: Number(env('LEASE_MS')), onIdleError: () => undefined });
const db = state.digests;
const svc = createDigestService({
  db,
  store: TimelineStore.open(env('DIGEST_EVENTS')),
  sinks: [createDiscordDigestSink({ token: 'processes-token', api: env('DIGEST_API') })],
  catchupHours: 6,
  now: () => new Date(Date.now() + offset),
  sweepMs: Number(env('SWEEP_MS')),
});
process.on('SIGTERM', () => {
  void svc.stop().then(() => process.exit(0));
});
process.stdout.write(`ready ${db.owner}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'go') {
    await svc.start();
    process.stdout.write('started\n');
  }
}
