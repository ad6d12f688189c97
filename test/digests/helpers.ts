/** Shared pieces for the digest tests: temp files, an injected clock, an in-memory "chat" with nonce dedup. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventLog, Event } from '../../src/timeline/schema.js';
import { TimelineStore } from '../../src/timeline/store.js';
import { DeliveryError, type DigestSink, type DigestTarget, type FailureKind } from '../../src/digests/sink.js';
import type { Reply } from '../../src/replies/reply.js';
import { fixtureEvent, fixtureLog } from '../helpers/fixture.js';

export function tempDir(prefix = 'digests-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeLog(path: string, log: EventLog): void {
  writeFileSync(path, JSON.stringify(log, null, 2));
}

/** An events.json with `n` fixture events (event-0 … event-{n-1}, 10 days apart from 1 Jan 2025) and its store. */
export function logStore(dir: string, n = 6): { store: TimelineStore; path: string; log: EventLog; add(...events: Event[]): string[] } {
  const path = join(dir, 'events.json');
  const log = fixtureLog(n);
  writeLog(path, log);
  const store = TimelineStore.open(path);
  return {
    store,
    path,
    log,
    /** Append events to the file and reload the store (emits 'change'). Returns the added ids. */
    add(...events: Event[]) {
      log.events.push(...events);
      // The log is kept in date order (the validator insists): a late-curated old event lands in the middle.
      log.events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      writeLog(path, log);
      const res = store.reload();
      if (!res.ok) throw new Error(res.error.message);
      return events.map((e) => e.id);
    },
  };
}

export { fixtureEvent };

export interface Clock {
  now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function clock(start: string): Clock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = new Date(iso).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface ChatMessage {
  id: string;
  channelId: string;
  nonce: string;
  reply: Reply;
  at: Date;
}

/**
 * A chat platform in memory that behaves like Discord's `enforce_nonce`: a repeated nonce within the
 * window returns the earlier message instead of creating a new one. Survives "restarts" of the service.
 */
export class FakeChat {
  readonly messages: ChatMessage[] = [];
  constructor(readonly clock: Clock, readonly windowMs = 120_000) {}

  create(channelId: string, reply: Reply, nonce: string): ChatMessage {
    const now = this.clock.now();
    const dup = this.messages.find((m) => m.nonce === nonce && now.getTime() - m.at.getTime() <= this.windowMs);
    if (dup) return dup;
    const m = { id: String(1000 + this.messages.length), channelId, nonce, reply, at: now };
    this.messages.push(m);
    return m;
  }

  in(channelId: string): ChatMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }
}

type Behaviour = { fail: FailureKind } | 'crash-before' | 'crash-after' | 'throw';

/** A DigestSink over a FakeChat, with scripted failures and "crashes" (a post that never answers). */
export class FakeSink implements DigestSink {
  readonly platform = 'discord' as const;
  readonly idempotencyWindowMs: number;
  readonly attempts: { channelId: string; nonce: string; title?: string }[] = [];
  #script: Behaviour[] = [];

  constructor(readonly chat: FakeChat, windowMs = chat.windowMs) {
    this.idempotencyWindowMs = windowMs;
  }

  /** The next posts behave as scripted, in order: a DeliveryError, or a crash before/after the message is created. */
  next(...b: Behaviour[]): this {
    this.#script.push(...b);
    return this;
  }

  async post(target: DigestTarget, reply: Reply, nonce: string): Promise<{ messageId?: string }> {
    this.attempts.push({ channelId: target.channelId, nonce, title: reply.title });
    const b = this.#script.shift();
    if (b === 'crash-before') return new Promise(() => undefined); // the request never reached the platform
    if (b === 'throw') throw new Error('socket hang up');
    if (b && typeof b === 'object') throw new DeliveryError(b.fail, b.fail === 'gone' ? 'Unknown Channel' : b.fail === 'forbidden' ? 'Missing Access' : 'Internal Server Error', b.fail === 'gone' ? 10003 : b.fail === 'forbidden' ? 50001 : 500);
    const m = this.chat.create(target.channelId, reply, nonce);
    if (b === 'crash-after') return new Promise(() => undefined); // created, but the answer never came back
    return { messageId: m.id };
  }
}

export const CHANNEL = '200000000000000001';
export const CHANNEL_2 = '200000000000000002';
export const GUILD = '100000000000000001';
