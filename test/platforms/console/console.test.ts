import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSession } from '../../../src/platforms/console/console.js';
import { TimelineStore } from '../../../src/timeline/store.js';
import { createRegistry } from '../../../commands/index.js';
import { fixtureLog } from '../../helpers/fixture.js';
import { CONSOLE_ENV } from '../../helpers/console-env.js';

function fixtureStore(): TimelineStore {
  const dir = mkdtempSync(join(tmpdir(), 'nh-console-'));
  const path = join(dir, 'events.json');
  writeFileSync(path, JSON.stringify(fixtureLog(15)));
  return TimelineStore.open(path);
}

/** Run `npm start`'s entry point as a child process with piped stdin (not a terminal). */
function start(input: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...CONSOLE_ENV, ...env },
  });
}

describe('console session', () => {
  it('GIVEN a timeline command THEN `previous` turns the page using the reply’s own button state', async () => {
    const s = new ConsoleSession({ store: fixtureStore(), registry: createRegistry() });
    const first = await s.handle('/nissan-honda timeline');
    expect(first).toMatch(/Page 3 of 3/);
    expect(await s.handle('next')).toMatch(/This is the last page/);
    expect(await s.handle('previous')).toMatch(/Page 2 of 3/);
  });

  it('GIVEN help, an empty line, an unknown option and a bare question THEN help, nothing, an error, and an answer attempt', async () => {
    const s = new ConsoleSession({ store: fixtureStore(), registry: createRegistry() });
    expect(await s.handle('help')).toMatch(/\/nissan-honda latest/);
    expect(await s.handle('   ')).toBe('');
    expect(await s.handle('latest count:99')).toMatch(/✖.*\n.*\n?.*at most 10/s);
    const asked = await s.handle('/nissan-honda what is the weather on Mars?');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked).not.toMatch(/There is no `\/nissan-honda/);
  });
});

describe('npm start without a token (the local console)', () => {
  it('GIVEN commands on stdin (not a terminal) THEN it prints each answer and exits 0 at end of input', () => {
    const r = start('/nissan-honda latest count:2\n/nissan-honda about\nfigure honda tariff\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Latest 2 developments/);
    expect(r.stdout).toMatch(/About \/nissan-honda/);
    expect(r.stdout).toMatch(/¥\d/); // the figure answer quotes a yen amount from the log
  });

  it('GIVEN a reader that stops early (`| head`) THEN it exits 0 without an EPIPE error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nh-console-pipe-'));
    writeFileSync(join(dir, 'in.txt'), '/nissan-honda latest\n'.repeat(400));
    const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} --import tsx src/main.ts < ${dir}/in.txt 2> ${dir}/err.txt | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}"; cat ${dir}/err.txt`], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'warn', FEED_POLL_MINUTES: '0' },
    });
    expect(r.stdout).toMatch(/^exit=0\n/);
    expect(r.stdout).not.toMatch(/EPIPE/);
  });

  it('GIVEN DISCORD_TOKEN without DISCORD_CLIENT_ID THEN it stops with one line naming the variable', () => {
    const r = start('', { DISCORD_TOKEN: 'x' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/DISCORD_CLIENT_ID/);
  });

  it('GIVEN a broken event log THEN it refuses to start and names the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nh-broken-'));
    const path = join(dir, 'events.json');
    writeFileSync(path, JSON.stringify({ events: [{ id: 'Bad Id', date: '2025-13-01' }] }));
    const r = start('', { EVENTS_PATH: path });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/events\[0\] \(Bad Id\) → id/);
    expect(r.stderr).toMatch(/npm run check-data/);
  });
});
